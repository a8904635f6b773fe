"""Who may see reporter and witness identity: one policy (ADR 0004), each reveal audited."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from netra.accounts.models import Membership
from netra.accounts.roles import Role
from netra.accounts.services import create_api_token
from netra.accounts.tests.factories import UserFactory
from netra.cases import services
from netra.cases.identity import identity_cases, may_reveal_identity
from netra.cases.models import Case
from netra.orgs.models import Organisation

from .factories import open_finding, open_report


def _member(role, organisation, username, **kw):
    user = UserFactory(username=username, language="en", **kw)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def cast(w):
    banten = Organisation.objects.get(region_code="36", kind="bawaslu_province")
    return {
        "province_commissioner": _member(Role.COMMISSIONER, banten, "komisioner.banten"),
        "prevention": _member(Role.PREVENTION_STAFF, w.serang, "pencegahan.serang"),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


def test_only_the_handling_offices_case_roles_see_identity(w, cast):
    case = open_report(w)
    allowed = {"handler": w.handler, "commissioner": w.commissioner}
    refused = {
        "administrator": w.admin, "analyst": w.analyst, "recipient": w.bkn_officer,
        "other office": w.other_handler, "field supervisor below": w.supervisor, **cast,
    }
    for label, user in allowed.items():
        assert may_reveal_identity(user, case), label
    for label, user in refused.items():
        assert not may_reveal_identity(user, case), label
    everyone = list(allowed.values()) + list(refused.values())
    for user in everyone:  # the queryset form says the same
        assert identity_cases(user).filter(pk=case.pk).exists() == may_reveal_identity(user, case)


def test_a_panwascam_case_is_for_its_own_field_supervisors(w, cast):
    case = open_finding(w, actor=w.supervisor, office=w.cipocok)
    assert may_reveal_identity(w.supervisor, case)
    for user in (w.handler, w.commissioner, w.admin, w.pkd, cast["province_commissioner"]):
        assert not may_reveal_identity(user, case)


def test_handover_moves_the_right_and_a_conflict_removes_it(w):
    case = open_report(w)
    services.hand_over(case=case, actor=w.handler, to_office=w.kab_serang, reason="Jurisdiction.")
    case.refresh_from_db()
    assert may_reveal_identity(w.other_handler, case)
    assert not may_reveal_identity(w.handler, case)

    second = open_report(w)
    services.declare_conflict(case=second, actor=w.handler2, relation="Cousin of the reporter")
    assert not may_reveal_identity(w.handler2, second)
    assert not identity_cases(w.handler2).filter(pk=second.pk).exists()


def _reveals(case):
    return LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS)


def test_case_page_reveals_to_the_handler_and_audits_it(w, english_private_media):
    case = open_report(w, reporter_name="Rahmat Pelapor")
    client = Client()
    client.force_login(w.handler)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Rahmat Pelapor" in page
    entry = _reveals(case).get()
    assert entry.actor == w.handler
    assert entry.additional_data["identity_reveal"] == "web"
    assert entry.changes in (None, {}, "null")
    assert "Rahmat" not in str(entry.additional_data) + str(entry.object_repr)
    # The history panel lists changes, not reads.
    assert "identity_reveal" not in page


def test_case_page_hides_identity_from_the_administrator(w, english_private_media):
    case = open_report(w, reporter_name="Rahmat Pelapor")
    client = Client()
    client.force_login(w.admin)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Rahmat Pelapor" not in response.content.decode()
    assert not _reveals(case).exists()


def test_api_detail_reveals_only_under_the_policy_and_audits_it(w):
    case = open_report(w, reporter_name="Rahmat Pelapor")
    for user, visible in ((w.commissioner, True), (w.admin, False)):
        _token, key = create_api_token(user=user, name="t")
        body = Client().get(f"/api/v1/cases/{case.pk}",
                            headers={"Authorization": f"Bearer {key}"}).json()
        assert body["reporter_identity_visible"] is visible
        assert bool(body["reporters"]) is visible
    entry = _reveals(case).get()
    assert (entry.actor, entry.additional_data["identity_reveal"]) == (w.commissioner, "api")


def test_identity_documents_follow_the_policy(w, english_private_media):
    from netra.cases.documents import document_list

    from .factories import attach

    case = open_report(w)
    attach(case, "clarification_minutes")
    assert document_list(user=w.handler, case=case).filter(kind="clarification_minutes").exists()
    assert not document_list(user=w.admin, case=case).filter(
        kind="clarification_minutes").exists()
    assert Case.objects.filter(pk=case.pk).exists()
