"""The receipt page from its skeleton (``portal.pages``) is the template's page, byte for byte."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.middleware.csrf import _unmask_cipher_token
from django.shortcuts import render
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from netra.portal import pages
from netra.portal.models import Submission

from .test_views import receipt_code, submit

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(value="|"X-CSRFToken": ")([A-Za-z0-9]{64})"')


def request_for(user=None):
    request = RequestFactory().post("/portal/report/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def tokens(text: str) -> set[str]:
    return {m[2] for m in TOKEN.finditer(text)}


def without_tokens(text: str) -> str:
    return TOKEN.sub(r'\1TOKEN"', text)


@pytest.fixture
def submission(client, w):
    submit(client, w)
    pages._skeletons.clear()
    row = Submission.objects.select_related("office", "election").get()
    # Characters the template escapes, in values the skeleton fills in.
    row.office.name = 'Bawaslu "Serang" & <Cipocok>'
    row.election.name = "Pilkada O'Neil <2024>"
    return row


@pytest.fixture(autouse=True)
def _fresh_skeletons():
    pages._skeletons.clear()
    yield
    pages._skeletons.clear()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("formal", "requested_formal"),
                         [(True, True), (False, True), (False, False)])
@pytest.mark.parametrize("intake", ["", "ABC/LP/PL/36.73/IX/2024 <1>"])
def test_skeleton_page_is_the_template_page(submission, language, formal, requested_formal,
                                            intake):
    submission.intake_number = intake
    args = {"submission": submission, "code": "ABCD-EFGH-JKMN-PQRS", "formal": formal,
            "requested_formal": requested_formal}
    with translation.override(language):
        for _ in range(2):  # the first builds the skeleton, the second only fills it in
            request = request_for()
            fast = pages.receipt(request, **args).content.decode()
            full = render(request, pages.TEMPLATE, args).content.decode()
            assert without_tokens(fast) == without_tokens(full)
            # One valid CSRF token, the one the request's cookie secret unmasks to.
            (token,) = tokens(fast)
            assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
            assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    assert len(pages._skeletons) == 1
    assert "&lt;Cipocok&gt;" in fast
    assert "O&#x27;Neil" in fast
    assert f"/portal/status/{submission.pk}/" in fast


def test_receipt_over_http_comes_from_the_skeleton(client, w):
    first = submit(client, w)
    second = submit(client, w, idempotency_key="m" * 32, title="Another one")
    assert first.status_code == second.status_code == 200
    assert receipt_code(first) != receipt_code(second)
    assert len(pages._skeletons) == 1
    rows = Submission.objects.order_by("pk")
    for response, row in zip((first, second), rows, strict=True):
        text = response.content.decode()
        assert f"/portal/status/{row.pk}/" in text
        assert w.pilkada.name in text


def test_signed_in_user_gets_the_full_page(submission, w):
    request = request_for(w.handler)
    text = pages.receipt(request, submission=submission, code="ABCD-EFGH-JKMN-PQRS",
                         formal=True, requested_formal=True).content.decode()
    assert 'class="logout"' in text  # the signed-in header
    assert pages._skeletons == {}


def test_pending_messages_are_shown_by_the_full_page(submission):
    request = request_for()
    request._messages.add(constants.SUCCESS, "A message waiting for this visitor.")
    text = pages.receipt(request, submission=submission, code="ABCD-EFGH-JKMN-PQRS",
                         formal=True, requested_formal=True).content.decode()
    assert "A message waiting for this visitor." in text
    assert pages._skeletons == {}


def test_a_template_reading_more_of_the_submission_is_rendered_in_full(submission,
                                                                       monkeypatch):
    template = Template("{{ code }} {{ submission.pk }} {{ csrf_token }} "
                        "{{ submission.created_at }}")

    def fake_render_to_string(name, context, request=None):
        return template.render(Context(context))

    monkeypatch.setattr(pages, "render_to_string", fake_render_to_string)
    text = pages.receipt(request_for(), submission=submission, code="ABCD-EFGH-JKMN-PQRS",
                         formal=True, requested_formal=True).content.decode()
    assert "data-receipt-code" in text  # the real template
    assert list(pages._skeletons.values()) == [None]


def test_marker_object_notices_other_reads():
    marked = pages._MarkedSubmission(has_intake=True)
    Template("{{ s.intake_number }}{{ s.office.name }}{{ s.status }}").render(
        Context({"s": marked}))
    assert marked.unknown == {"status"}
