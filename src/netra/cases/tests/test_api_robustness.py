"""The case API under bad and repeated input: no 5xx, nothing half-written, one case per
idempotency key, and ids or page numbers beyond 64 bits answer 404 (issue #14, point 4)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from netra.cases import api as cases_api
from netra.cases.models import Case, CaseEvent, ReportedPerson, Reporter
from netra.core.models import IdempotencyKey

from . import test_api as base
from .test_api import REPORTER_NAME, Api, open_case, payload

# The case API tests' fixtures: a frozen Monday, an election, the Serang office and its staff.
frozen, election, office, other_office, staff = (
    base.frozen,
    base.election,
    base.office,
    base.other_office,
    base.staff,
)

HUGE = "99999999999999999999999"  # beyond 64 bits


def name_only(election, office, **changes):
    """A report whose reporter gave only a name (every identity field empty)."""
    return payload(election, office, reporters=[{"name": REPORTER_NAME}], **changes)


def _nothing_written():
    assert Case.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert ReportedPerson.objects.count() == 0
    assert CaseEvent.objects.count() == 0


# --- Output schemas accept what the models hold ----------------------------------------------


def test_reporter_with_only_a_name_is_created_and_readable(staff, election, office):
    api = Api(staff.handler)
    response = api.post("/cases/", name_only(election, office))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reporters"] == [
        {
            "id": body["reporters"][0]["id"],
            "reporter_type": "citizen",
            "name": REPORTER_NAME,
            "nik": "",
            "address": "",
            "phone": "",
            "email": "",
        }
    ]
    detail = api.get(f"/cases/{body['id']}")
    assert detail.status_code == 200
    assert detail.json()["reporters"][0]["nik"] == ""


def test_step_on_a_name_only_report_answers_200(staff, election, office):
    api = Api(staff.handler)
    case_id = api.post("/cases/", name_only(election, office)).json()["id"]
    response = api.post(f"/cases/{case_id}/transitions/start_check", {"version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "under_check"


# --- Every write request is atomic ------------------------------------------------------------


def _broken_detail(*args, **kwargs):
    raise RuntimeError("the response could not be built")


def test_a_server_error_after_create_leaves_nothing(staff, election, office, monkeypatch):
    monkeypatch.setattr(cases_api.cases, "_detail", _broken_detail)
    api = Api(staff.handler)
    api.client.raise_request_exception = False
    response = api.post("/cases/", payload(election, office))
    assert response.status_code == 500
    _nothing_written()


def test_a_server_error_after_a_step_leaves_the_case_as_it_was(
    staff, election, office, monkeypatch
):
    case = open_case(staff.handler, election, office)
    monkeypatch.setattr(cases_api.cases, "_detail", _broken_detail)
    api = Api(staff.handler)
    api.client.raise_request_exception = False
    response = api.post(f"/cases/{case.pk}/transitions/start_check", {"version": 1})
    assert response.status_code == 500
    case.refresh_from_db()
    assert case.status == "received"
    assert case.version == 1
    assert list(case.events.values_list("transition", flat=True)) == ["open"]


def test_refused_input_commits_nothing_and_notifies_no_one(
    staff, election, office, django_capture_on_commit_callbacks
):
    api = Api(staff.handler)
    body = payload(election, office)
    body["reported_persons"][0]["nip"] = "not-a-nip"
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post("/cases/", body)
    assert response.status_code == 400
    assert callbacks == []
    _nothing_written()


# --- Idempotency-Key --------------------------------------------------------------------------


def _post_with_key(api, body, key):
    api.headers["Idempotency-Key"] = key
    try:
        return api.post("/cases/", body)
    finally:
        del api.headers["Idempotency-Key"]


def test_a_retry_with_the_same_key_creates_one_case(staff, election, office):
    api = Api(staff.handler)
    body = payload(election, office)
    first = _post_with_key(api, body, "create-1")
    again = _post_with_key(api, body, "create-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["intake_number"] == first.json()["intake_number"]
    assert Case.objects.count() == 1
    # Without a key, or with another key, a new case is recorded.
    assert api.post("/cases/", body).status_code == 201
    assert _post_with_key(api, body, "create-2").status_code == 201
    assert Case.objects.count() == 3


def test_the_same_key_with_another_body_is_refused(staff, election, office):
    api = Api(staff.handler)
    assert _post_with_key(api, payload(election, office), "k").status_code == 201
    response = _post_with_key(api, payload(election, office, title="Another case"), "k")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert Case.objects.count() == 1


def test_keys_belong_to_their_user(staff, election, office, member):
    body = payload(election, office)
    first = _post_with_key(Api(staff.handler), body, "shared")
    colleague = member("handling_staff", "36.73", org=office)
    second = _post_with_key(Api(colleague), body, "shared")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_a_refused_request_does_not_use_up_its_key(staff, election, office):
    api = Api(staff.handler)
    bad = payload(election, office, known_date="2024-10-20")  # in the future
    assert _post_with_key(api, bad, "retry-me").status_code == 400
    assert not IdempotencyKey.objects.exists()
    good = payload(election, office)
    assert _post_with_key(api, good, "retry-me").status_code == 201
    assert Case.objects.count() == 1


def test_the_key_does_not_store_identity(staff, election, office):
    api = Api(staff.handler)
    assert _post_with_key(api, payload(election, office), "no-identity").status_code == 201
    row = IdempotencyKey.objects.values().get()
    text = " ".join(str(v) for v in row.values())
    for value in ("Siti", "Pelapor", "3673010101900001", "081200000000", "pelapor@"):
        assert value not in text


def test_keys_expire_and_are_purged(staff, election, office, frozen):
    api = Api(staff.handler)
    body = payload(election, office)
    assert _post_with_key(api, body, "old").status_code == 201
    frozen.shift(timedelta(hours=25))
    # Past the retention, the key is free again and the purge command removes the old row.
    call_command("purge_idempotency_keys", verbosity=0)
    assert not IdempotencyKey.objects.exists()
    assert _post_with_key(api, body, "old").status_code == 201
    assert Case.objects.count() == 2


def test_an_expired_key_is_reused_even_before_the_purge(staff, election, office, frozen):
    api = Api(staff.handler)
    body = payload(election, office)
    assert _post_with_key(api, body, "stale").status_code == 201
    frozen.shift(timedelta(hours=25))
    assert _post_with_key(api, body, "stale").status_code == 201
    assert Case.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1
    assert IdempotencyKey.objects.get().created_at == timezone.now()


def test_an_overlong_key_is_refused(staff, election, office):
    api = Api(staff.handler)
    response = _post_with_key(api, payload(election, office), "k" * 300)
    assert response.status_code == 422
    assert list(response.json()["detail"]) == ["Idempotency-Key"]
    assert Case.objects.count() == 0


# --- NUL characters and junk cookies ---------------------------------------------------------


def test_nul_characters_are_refused_before_the_database(staff, election, office):
    """PostgreSQL refuses NUL in text: without the check these were server errors there."""
    api = Api(staff.handler)
    response = api.post("/cases/", payload(election, office, title="Camat\x00 on a flyer"))
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert api.get("/cases/", {"q": "camat\x00"}).status_code == 400
    assert api.get("/regions/36\x00").status_code in (400, 404)
    assert Case.objects.count() == 0


def test_a_junk_session_cookie_is_no_session(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    client.cookies["sessionid"] = "not a session key at all"
    assert client.get("/cases/").status_code == 302  # to the login page


# --- Huge numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/cases/{HUGE}"),
        ("get", "/cases/-1"),
        ("patch", f"/cases/{HUGE}"),
        ("post", f"/cases/{HUGE}/transitions/start_check"),
        ("post", f"/cases/{HUGE}/extend-deadline"),
        ("put", f"/cases/{HUGE}/violation-types"),
        ("post", f"/cases/{HUGE}/reported-persons"),
        ("patch", f"/reported-persons/{HUGE}/nip"),
        ("get", f"/recommendations/{HUGE}"),
        ("post", f"/recommendations/{HUGE}/acknowledge"),
        ("get", f"/organisations/{HUGE}"),
        ("get", f"/elections/{HUGE}"),
    ],
)
def test_ids_beyond_64_bits_in_paths_answer_404(staff, method, path):
    api = Api(staff.handler)
    response = getattr(api, method)(path) if method == "get" else getattr(api, method)(path, {})
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path", ["/cases/", "/recommendations/", "/organisations/", "/elections/", "/regions/"]
)
def test_huge_page_numbers_answer_404(staff, path):
    api = Api(staff.handler)
    response = api.get(path, {"page": "99999999999999999999"})
    assert response.status_code == 404, response.content
    assert response.json()["detail"]
    assert api.get(path, {"page": "1"}).status_code == 200


def test_huge_ids_in_bodies_and_filters_are_refused(staff, election, office):
    api = Api(staff.handler)
    response = api.post("/cases/", payload(election, office, election_id=int(HUGE)))
    assert response.status_code in (400, 404, 422), response.content
    assert api.get("/cases/", {"office": HUGE}).status_code in (200, 400, 422)
    case = open_case(staff.handler, election, office)
    response = api.put(
        f"/cases/{case.pk}/violation-types",
        {"category": "non_stage_asn", "violation_type_ids": [int(HUGE)]},
    )
    assert response.status_code in (400, 422), response.content
    response = api.patch(f"/cases/{case.pk}", {"version": int(HUGE), "title": "New"})
    assert response.status_code in (409, 422), response.content
    case.refresh_from_db()
    assert case.version == 1


@pytest.mark.parametrize(
    "path", [f"/cases/{HUGE}/", f"/cases/{HUGE}/edit/", f"/cases/inbox/{HUGE}/"]
)
def test_web_ids_beyond_64_bits_answer_404(staff, path):
    client = Client()
    client.force_login(staff.handler)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/cases/", "/organisations/", "/elections/"])
def test_web_huge_page_numbers_never_fail(staff, path):
    """The case and election lists show their last page (``Paginator.get_page``), the base list
    views answer 404 (``ListView``); neither slices at an impossible offset."""
    client = Client()
    client.force_login(staff.handler)
    response = client.get(path, {"page": "99999999999999999999"})
    assert response.status_code in (200, 404)
