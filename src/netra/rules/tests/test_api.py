"""Rules API endpoints through the HTTP client: the reference rows in force."""

from datetime import date

import pytest
from django.test import Client

from netra.accounts.services import create_api_token
from netra.rules.models import DeadlineRule, ViolationType

BASE = "/api/v1/rules"


@pytest.fixture
def api(member):
    """Rules are national reference data: any signed-in user reads them."""
    _token, key = create_api_token(user=member("analyst", "36.73"), name="test")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def test_anonymous_gets_401(client, db):
    for path in ("/violation-types", "/deadlines"):
        response = client.get(BASE + path)
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication required."}


def test_session_reads_the_rules(client, member):
    client.force_login(member("recipient_officer", "", kind="civil_service_body"))
    assert client.get(f"{BASE}/violation-types").status_code == 200
    assert client.get(f"{BASE}/deadlines").status_code == 200


def test_violation_types_by_election_kind_and_date(api):
    everything = api.get(f"{BASE}/violation-types").json()
    assert len(everything) == ViolationType.objects.count() > 0
    social = next(v for v in everything if v["code"] == "asn-social-media")
    assert social["category"] == "non_stage_asn"
    assert set(social["election_kinds"]) == {"pemilu", "pilkada"}
    assert set(social["subjects"]) == {"pns", "pppk"}
    assert social["valid_from"] == "2017-08-16"
    assert social["legal_basis"]

    pilkada = {
        v["code"] for v in api.get(f"{BASE}/violation-types", {"election_kind": "pilkada"}).json()
    }
    pemilu = {
        v["code"] for v in api.get(f"{BASE}/violation-types", {"election_kind": "pemilu"}).json()
    }
    assert "bpd-campaign-pemilu" in pemilu
    assert "bpd-campaign-pemilu" not in pilkada
    assert "pilkada-involving-asn" in pilkada
    assert "pilkada-involving-asn" not in pemilu
    assert "asn-social-media" in pilkada & pemilu

    assert api.get(f"{BASE}/violation-types", {"on": "2017-01-01"}).json() == []
    ViolationType.objects.filter(code="asn-attending").update(valid_to=date(2023, 12, 31))
    in_2024 = {v["code"] for v in api.get(f"{BASE}/violation-types", {"on": "2024-06-01"}).json()}
    assert "asn-attending" not in in_2024
    assert "asn-social-media" in in_2024
    assert api.get(f"{BASE}/violation-types", {"election_kind": "referendum"}).status_code == 422


def test_deadlines_in_force(api, time_machine):
    time_machine.move_to(date(2024, 10, 7))
    rows = api.get(f"{BASE}/deadlines").json()
    assert len(rows) == DeadlineRule.objects.count()
    decision = next(
        r for r in rows if r["key"] == "decision_window" and r["election_kind"] == "pilkada"
    )
    assert (
        decision["days"],
        decision["unit"],
        decision["extension_days"],
        decision["extension_unit"],
    ) == (3, "calendar", 2, "calendar")
    assert decision["legal_source"].startswith("UU 1/2015")
    pemilu_report = next(
        r
        for r in rows
        if r["key"] == "report_window"
        and r["election_kind"] == "pemilu"
        and r["case_kind"] == "report"
    )
    assert (pemilu_report["days"], pemilu_report["unit"]) == (7, "working")

    # A superseded row is no longer in force; its successor is.
    old = DeadlineRule.objects.get(key="follow_up_window", election_kind="pemilu")
    DeadlineRule.objects.filter(pk=old.pk).update(valid_to=date(2024, 6, 30))
    new = DeadlineRule.objects.create(
        key="follow_up_window",
        election_kind="pemilu",
        days=30,
        unit="calendar",
        valid_from=date(2024, 7, 1),
        legal_source="Office policy 2024",
    )
    ids = {r["id"] for r in api.get(f"{BASE}/deadlines").json()}
    assert new.pk in ids
    assert old.pk not in ids
    ids = {r["id"] for r in api.get(f"{BASE}/deadlines", {"on": "2024-01-15"}).json()}
    assert old.pk in ids
    assert new.pk not in ids
    assert api.get(f"{BASE}/deadlines", {"on": "2017-01-01"}).json() == []


def test_openapi_lists_the_rules_paths(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/rules/violation-types"]) == {"get"}
    assert set(paths["/api/v1/rules/deadlines"]) == {"get"}
