"""Case API endpoints through the HTTP client, with a Bearer token and with a session."""

import json
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from netra.accounts.services import create_api_token
from netra.cases import services
from netra.cases.models import (
    Case,
    CaseDeadline,
    CaseDocument,
    CaseEvent,
    Recommendation,
    ReportedPerson,
    Reporter,
    Sanction,
)
from netra.cases.permissions import CaseAction
from netra.cases.workflow import TRANSITIONS
from netra.elections.models import Election
from netra.rules.models import NumberingFormat, ViolationType

BASE = "/api/v1"
JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2024, 10, 7, 10, 0, tzinfo=JAKARTA)  # a Monday, after KASN → BKN
VALID_NIP = "198503152010011001"
INVALID_NIP = "198513152010011001"  # birth month 13
PERSON_NAME = "Fulan bin Fulan"
REPORTER_NAME = "Siti Pelapor"
# Every identity field is given: an empty encrypted field is stored as NULL, which the reporter
# table refuses (reported to the lead; see the final report).
REPORTER = {
    "name": REPORTER_NAME,
    "reporter_type": "voter",
    "nik": "3673010101900001",
    "address": "Jl. Ayip Usman 1, Serang",
    "phone": "081200000000",
    "email": "pelapor@example.id",
}


class Api:
    """An API caller: a Bearer token (default) or a logged-in session, each with its own client."""

    def __init__(self, user, mode="token"):
        self.client = Client()
        self.headers = {}
        if mode == "token":
            _token, key = create_api_token(user=user, name="test")
            self.headers = {"Authorization": f"Bearer {key}"}
        else:
            self.client.force_login(user)

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def _send(self, method, path, body):
        return getattr(self.client, method)(
            BASE + path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)

    def put(self, path, body=None):
        return self._send("put", path, body)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def election(db):
    return Election.objects.create(
        name="Pemilu 2024",
        kind="pemilu",
        level="national",
        region_code="",
        voting_day=date(2024, 2, 14),
    )


def _coded(org, office_code, label):
    org.office_code, org.registration_label = office_code, label
    org.save(update_fields=["office_code", "registration_label"])
    return org


@pytest.fixture
def office(org_factory):
    return _coded(org_factory("36.73"), "1.01", "Kota")


@pytest.fixture
def other_office(org_factory):
    return _coded(org_factory("36.04"), "1.02", "Kab")


@pytest.fixture
def staff(member, office):
    return SimpleNamespace(
        handler=member("handling_staff", "36.73"),
        commissioner=member("commissioner", "36.73"),
        analyst=member("analyst", "36.73"),
        officer=member("recipient_officer", "", kind="civil_service_body"),
        bkpsdm=member("recipient_officer", "36.73", kind="bkpsdm"),
        outsider=member("handling_staff", "36.04"),
    )


def payload(election, office, **changes):
    body = {
        "kind": "report",
        "election_id": election.pk,
        "office_id": office.pk,
        "source": "office_desk",
        "title": "Camat in party clothes on a flyer",
        "description": "A flyer shows the camat wearing party clothes.",
        "known_date": "2024-10-03",
        "incident_date": "2024-10-01",
        "place_region_code": "36.73.05",
        "place_address": "Jl. Raya Cipocok",
        "reported_persons": [
            {
                "employment_type": "pns",
                "position": "Camat Cipocok Jaya",
                "agency": "Pemerintah Kota Serang",
                "name": PERSON_NAME,
            }
        ],
        "reporters": [REPORTER],
    }
    body.update(changes)
    return body


def open_case(actor, election, office, *, kind="report", nip="", title="A case"):
    return services.open_case(
        actor=actor,
        election=election,
        office=office,
        kind=kind,
        source="office_desk",
        title=title,
        known_date=date(2024, 10, 3),
        incident_date=date(2024, 10, 1),
        description="What happened.",
        place_region_code="36.73.05",
        reported_persons=[services.PersonInput("pns", "Camat", "Pemkot", PERSON_NAME, nip)],
        reporters=[services.ReporterInput(**REPORTER)] if kind == "report" else [],
    )


def attach(case, kind):
    """The signed scan of ``kind`` (a document of record); a legal study names the case's
    violation forms."""
    facts = {}
    if kind == "legal_study":
        facts = {"violation_type_ids": list(case.violation_types.values_list("pk", flat=True))}
    CaseDocument.objects.create(
        case=case,
        kind=kind,
        file=f"cases/documents/{kind}.pdf",
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        state="signed",
        facts=facts,
    )


def ready_case(staff, election, office, status):
    """A case that satisfies every guard, put in ``status`` for the test."""
    case = open_case(staff.handler, election, office, nip=VALID_NIP)
    attach(case, "clarification_minutes")
    social = ViolationType.objects.get(code="asn-social-media")
    services.set_violation_types(
        case=case, actor=staff.handler, category="non_stage_asn", violation_type_ids=[social.pk]
    )
    attach(case, "legal_study")
    attach(case, "plenary_minutes")
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


# --- Authentication and the OpenAPI document -------------------------------------------------


def test_unauthenticated_requests_get_401(client, staff, election, office):
    case = open_case(staff.handler, election, office)
    person = case.reported_persons.get()
    for response in (
        client.get(f"{BASE}/cases/"),
        client.get(f"{BASE}/cases/{case.pk}"),
        client.post(
            f"{BASE}/cases/", json.dumps(payload(election, office)), content_type="application/json"
        ),
        client.post(
            f"{BASE}/cases/{case.pk}/transitions/start_check",
            json.dumps({"version": 1}),
            content_type="application/json",
        ),
        client.patch(
            f"{BASE}/reported-persons/{person.pk}/nip",
            json.dumps({"nip": VALID_NIP}),
            content_type="application/json",
        ),
        client.get(f"{BASE}/recommendations/"),
        client.get(f"{BASE}/cases/", headers={"Authorization": "Bearer not-a-token"}),
    ):
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication required."}
    case.refresh_from_db()
    assert case.status == "received"


def test_openapi_lists_the_case_paths(client, db):
    spec = client.get(f"{BASE}/openapi.json").json()
    paths = spec["paths"]
    expected = {
        "/api/v1/cases/": {"get", "post"},
        "/api/v1/cases/{case_id}": {"get", "patch"},
        "/api/v1/cases/{case_id}/transitions/{name}": {"post"},
        "/api/v1/cases/{case_id}/extend-deadline": {"post"},
        "/api/v1/cases/{case_id}/violation-types": {"put"},
        "/api/v1/cases/{case_id}/reported-persons": {"post"},
        "/api/v1/reported-persons/{person_id}/nip": {"patch"},
        "/api/v1/recommendations/": {"get"},
        "/api/v1/recommendations/{recommendation_id}": {"get"},
        "/api/v1/recommendations/{recommendation_id}/acknowledge": {"post"},
        "/api/v1/recommendations/{recommendation_id}/sanction": {"post"},
        "/api/v1/recommendations/{recommendation_id}/refusal": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    filters = {p["name"] for p in paths["/api/v1/cases/"]["get"]["parameters"]}
    assert filters >= {
        "election",
        "kind",
        "status",
        "category",
        "office",
        "region",
        "due_before",
        "overdue",
        "q",
        "page",
        "page_size",
    }
    transition = paths["/api/v1/cases/{case_id}/transitions/{name}"]["post"]
    assert {"200", "404", "409"} <= set(transition["responses"])
    list_item = spec["components"]["schemas"]["CaseListItem"]["properties"]
    assert "reporters" not in list_item
    assert "reported_persons" not in list_item


# --- Create ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["token", "session"])
def test_create_returns_the_detail(mode, staff, election, office):
    api = Api(staff.handler, mode)
    response = api.post("/cases/", payload(election, office))
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["status"] == "received" == case.status
    assert body["intake_number"] == case.intake_number
    assert body["version"] == 1
    assert body["office"] == {"id": office.pk, "name": office.name}
    assert body["election"]["id"] == election.pk
    assert body["reporter_identity_visible"] is True
    assert [r["name"] for r in body["reporters"]] == [REPORTER_NAME]
    assert [p["name"] for p in body["reported_persons"]] == [PERSON_NAME]
    assert [e["transition"] for e in body["events"]] == ["open"]
    names = {t["name"] for t in body["allowed_transitions"]}
    assert names == {"start_check"}


def test_create_with_invalid_nip_is_refused_and_nothing_is_written(staff, election, office):
    api = Api(staff.handler)
    body = payload(election, office)
    body["reported_persons"][0]["nip"] = INVALID_NIP
    response = api.post("/cases/", body)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert list(detail) == ["nip"]
    assert detail["nip"]
    assert all(isinstance(m, str) and m for m in detail["nip"])
    assert Case.objects.count() == 0
    assert ReportedPerson.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_create_field_errors_are_keyed_by_field(staff, election, office):
    api = Api(staff.handler)
    response = api.post("/cases/", payload(election, office, reporters=[], known_date="2024-10-20"))
    assert response.status_code == 400
    assert set(response.json()["detail"]) == {"reporters", "known_date"}
    response = api.post("/cases/", payload(election, office, place_region_code="99.99"))
    assert response.status_code == 400
    assert "place_region_code" in response.json()["detail"]
    # Malformed input never reaches the service.
    response = api.post("/cases/", payload(election, office, kind="rumour"))
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_create_outside_scope_is_404(staff, election, office, other_office):
    api = Api(staff.handler)
    response = api.post("/cases/", payload(election, other_office))
    assert response.status_code == 404
    west_java = Election.objects.create(
        name="Pilkada Kota Depok 2024",
        kind="pilkada",
        level="regency",
        region_code="32.76",
        voting_day=date(2024, 11, 27),
    )
    response = api.post("/cases/", payload(election, office, election_id=west_java.pk))
    assert response.status_code == 404
    response = api.post("/cases/", payload(election, office, office_id=999999))
    assert response.status_code == 404
    # An analyst sees the office but may not record cases for it.
    response = Api(staff.analyst).post("/cases/", payload(election, office))
    assert response.status_code == 404
    assert Case.objects.count() == 0


# --- List ------------------------------------------------------------------------------------


def test_list_is_scoped_and_out_of_scope_objects_are_404(staff, election, office, other_office):
    serang_city = open_case(staff.handler, election, office, title="Kota Serang case")
    serang_regency = open_case(
        staff.outsider, election, other_office, title="Kabupaten Serang case"
    )
    outsider = Api(staff.outsider)
    body = outsider.get("/cases/").json()
    assert body["count"] == 1
    assert [i["id"] for i in body["items"]] == [serang_regency.pk]
    assert [i["id"] for i in Api(staff.handler).get("/cases/").json()["items"]] == [serang_city.pk]
    person = serang_city.reported_persons.get()
    assert outsider.get(f"/cases/{serang_city.pk}").status_code == 404
    assert outsider.get("/cases/999999").status_code == 404
    for response in (
        outsider.patch(f"/cases/{serang_city.pk}", {"version": 1, "title": "X"}),
        outsider.post(f"/cases/{serang_city.pk}/transitions/start_check", {"version": 1}),
        outsider.post(f"/cases/{serang_city.pk}/extend-deadline", {"reason": "More time"}),
        outsider.post(
            f"/cases/{serang_city.pk}/reported-persons",
            {"employment_type": "pns", "position": "Lurah", "agency": "Pemkot"},
        ),
        outsider.patch(f"/reported-persons/{person.pk}/nip", {"nip": VALID_NIP}),
    ):
        assert response.status_code == 404
    serang_city.refresh_from_db()
    assert (serang_city.status, serang_city.version, serang_city.title) == (
        "received",
        1,
        "Kota Serang case",
    )
    assert serang_city.reported_persons.count() == 1


@pytest.mark.parametrize("mode", ["token", "session"])
def test_list_items_never_carry_identities(mode, staff, election, office):
    open_case(staff.handler, election, office)
    response = Api(staff.handler, mode).get("/cases/")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert set(item) == {
        "id",
        "intake_number",
        "registration_number",
        "kind",
        "status",
        "status_label",
        "title",
        "election_id",
        "office",
        "region_code",
        "received_at",
        "known_date",
        "next_due",
    }
    assert PERSON_NAME not in response.content.decode()
    assert REPORTER_NAME not in response.content.decode()


def test_list_pagination_and_filters(staff, election, office, frozen):
    api = Api(staff.handler)
    first = open_case(staff.handler, election, office, title="First")
    second = open_case(staff.handler, election, office, title="Second")
    info = open_case(staff.handler, election, office, kind="initial_info", title="Third tip")
    services.transition_case(case=second, transition="start_check", actor=staff.handler)
    services.transition_case(
        case=second, transition="request_completion", actor=staff.handler, note="Send the photo."
    )

    page1 = api.get("/cases/", {"page_size": 2}).json()
    page2 = api.get("/cases/", {"page_size": 2, "page": 2}).json()
    assert page1["count"] == page2["count"] == 3
    assert len(page1["items"]) == 2
    assert len(page2["items"]) == 1
    assert {i["id"] for i in page1["items"] + page2["items"]} == {first.pk, second.pk, info.pk}

    def ids(**params):
        response = api.get("/cases/", params)
        assert response.status_code == 200, response.content
        return [i["id"] for i in response.json()["items"]]

    assert ids(status="awaiting_completion") == [second.pk]
    assert ids(status="") == ids()
    assert ids(kind="initial_info") == [info.pk]
    assert ids(q=first.intake_number) == [first.pk]
    assert ids(q="third") == [info.pk]
    assert ids(election=election.pk, office=office.pk, region="36.73") == ids()
    assert ids(region="36.04") == []
    assert ids(overdue="true") == []
    assert ids(due_before="2024-10-09") == [second.pk]  # completion: 2 calendar days
    assert ids(due_before="2024-10-08") == []
    item = next(i for i in api.get("/cases/").json()["items"] if i["id"] == second.pk)
    assert item["next_due"] == "2024-10-09"

    frozen.move_to(datetime(2024, 10, 15, 9, 0, tzinfo=JAKARTA), tick=False)
    assert ids(overdue="true") == [second.pk]
    assert ids(overdue="true", status="received") == []
    assert api.get("/cases/", {"status": "flying"}).status_code == 422


def test_list_query_count_is_capped(staff, election, office, django_assert_max_num_queries):
    for i in range(30):
        case = open_case(staff.handler, election, office, title=f"Case {i}")
        services.transition_case(case=case, transition="start_check", actor=staff.handler)
        services.transition_case(
            case=case, transition="request_completion", actor=staff.handler, note="Complete it."
        )
    api = Api(staff.handler)
    with django_assert_max_num_queries(6):
        response = api.get("/cases/", {"overdue": "false", "status": "awaiting_completion"})
    body = response.json()
    assert body["count"] == 30
    assert len(body["items"]) == 30
    assert all(i["next_due"] == "2024-10-09" for i in body["items"])


# --- Detail and identities -------------------------------------------------------------------


def test_reporter_identity_is_absent_for_analyst_and_recipient(staff, election, office):
    case = ready_case(staff, election, office, "violation")
    response = Api(staff.handler).post(
        f"/cases/{case.pk}/transitions/forward_recommendation", {"version": case.version}
    )
    assert response.status_code == 200, response.content
    handler_view = Api(staff.handler).get(f"/cases/{case.pk}").json()
    assert handler_view["reporter_identity_visible"] is True
    assert handler_view["reporters"][0]["name"] == REPORTER_NAME
    for user in (staff.analyst, staff.officer):
        response = Api(user).get(f"/cases/{case.pk}")
        assert response.status_code == 200
        body = response.json()
        assert body["reporter_identity_visible"] is False
        assert body["reporters"] == []
        assert [p["name"] for p in body["reported_persons"]] == [None]
        assert body["reported_persons"][0]["position"] == "Camat"
        assert REPORTER_NAME not in response.content.decode()
        assert PERSON_NAME not in response.content.decode()
    # The recipient sees the recommendation it must answer, not the office's steps.
    officer_view = Api(staff.officer).get(f"/cases/{case.pk}").json()
    assert {t["name"] for t in officer_view["allowed_transitions"]} == {
        "acknowledge",
        "record_sanction",
        "record_refusal",
    }
    assert all(t["by_recipient"] for t in officer_view["allowed_transitions"])
    # Another recipient body does not see the case at all.
    assert Api(staff.bkpsdm).get(f"/cases/{case.pk}").status_code == 404


# --- Transitions -----------------------------------------------------------------------------

OFFICE_TRANSITIONS = [t for t in TRANSITIONS if not t.by_recipient]


@pytest.mark.parametrize("spec", OFFICE_TRANSITIONS, ids=lambda t: t.name)
def test_each_transition_through_the_endpoint(spec, staff, election, office):
    case = ready_case(staff, election, office, sorted(spec.sources)[0])
    if spec.name in ("raise_to_finding", "drop"):
        Case.objects.filter(pk=case.pk).update(kind="initial_info")
    actor = staff.commissioner if spec.action == CaseAction.DECIDE else staff.handler
    response = Api(actor).post(
        f"/cases/{case.pk}/transitions/{spec.name}",
        {"version": case.version, "note": "Reason given."},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == spec.target
    assert body["version"] == case.version + 1
    assert body["events"][-1]["transition"] == spec.name
    assert body["events"][-1]["from_status"] == case.status
    case.refresh_from_db()
    assert case.status == spec.target
    for key in spec.starts:
        assert any(d["key"] == key and d["stopped_on"] is None for d in body["deadlines"])


def test_full_journey_to_closed_with_the_recipient_sanction(staff, election, office):
    handler, commissioner, officer = (
        Api(staff.handler),
        Api(staff.commissioner),
        Api(staff.officer, "session"),
    )
    created = handler.post("/cases/", payload(election, office)).json()
    pk, version = created["id"], created["version"]

    def step(api, name, note=""):
        nonlocal version
        response = api.post(f"/cases/{pk}/transitions/{name}", {"version": version, "note": note})
        assert response.status_code == 200, (name, response.content)
        version = response.json()["version"]
        return response.json()

    step(handler, "start_check")
    body = step(handler, "request_completion", "Send the original flyer.")
    assert body["deadlines"][0]["key"] == "completion_window"
    body = step(handler, "receive_completion")
    assert body["deadlines"][0]["stopped_on"] == "2024-10-07"
    body = step(handler, "register")
    assert body["registration_number"] == "001/Reg/LP/PL/Kota/1.01/X/2024"
    decision = next(d for d in body["deadlines"] if d["key"] == "decision_window")
    assert (decision["days"], decision["unit"], decision["due_on"]) == (7, "working", "2024-10-16")

    response = handler.post(f"/cases/{pk}/extend-deadline", {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()["detail"]
    response = handler.post(f"/cases/{pk}/extend-deadline", {"reason": "Witness abroad."})
    assert response.status_code == 200
    decision = next(d for d in response.json()["deadlines"] if d["key"] == "decision_window")
    assert decision["extended_days"] == 7
    assert decision["extension_reason"] == "Witness abroad."
    assert decision["due_on"] == "2024-10-25"
    assert handler.post(f"/cases/{pk}/extend-deadline", {"reason": "Again"}).status_code == 400

    step(handler, "start_clarification")
    attach(Case.objects.get(pk=pk), "clarification_minutes")
    step(handler, "start_legal_study")
    social = ViolationType.objects.get(code="asn-social-media")
    response = handler.put(
        f"/cases/{pk}/violation-types",
        {"category": "non_stage_asn", "violation_type_ids": [social.pk]},
    )
    assert response.status_code == 200
    assert [v["code"] for v in response.json()["violation_types"]] == ["asn-social-media"]
    attach(Case.objects.get(pk=pk), "legal_study")
    step(handler, "submit_to_plenary")
    attach(Case.objects.get(pk=pk), "plenary_minutes")
    step(commissioner, "decide_violation")

    # The NIP is required before forwarding to the civil-service body.
    response = handler.post(f"/cases/{pk}/transitions/forward_recommendation", {"version": version})
    assert response.status_code == 409
    assert response.json()["reasons"]
    person_id = created["reported_persons"][0]["id"]
    response = handler.patch(f"/reported-persons/{person_id}/nip", {"nip": INVALID_NIP})
    assert response.status_code == 400
    assert list(response.json()["detail"]) == ["nip"]
    response = handler.patch(f"/reported-persons/{person_id}/nip", {"nip": "198503152010 01 1 001"})
    assert response.status_code == 200
    assert response.json()["nip"] == VALID_NIP
    body = step(handler, "forward_recommendation")
    assert body["status"] == "forwarded"
    [recommendation] = body["recommendations"]
    assert recommendation["recipient"]["id"] == staff.officer.organisation.pk
    assert recommendation["status"] == "sent"

    inbox = officer.get("/recommendations/").json()
    assert inbox["count"] == 1
    rec_id = inbox["items"][0]["id"]
    assert inbox["items"][0]["case"]["id"] == pk
    assert inbox["items"][0]["is_overdue"] is False
    detail = officer.get(f"/recommendations/{rec_id}").json()
    assert detail["reported_persons"][0]["name"] is None
    assert detail["reported_persons"][0]["nip"] == VALID_NIP

    response = officer.post(f"/recommendations/{rec_id}/acknowledge")
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert Case.objects.get(pk=pk).status == "awaiting_follow_up"

    response = officer.post(
        f"/recommendations/{rec_id}/sanction",
        {
            "sanctions": [
                {
                    "reported_person_id": person_id,
                    "sanction_type": "moderate",
                    "decree_number": "800/123/BKPSDM/2024",
                    "decree_date": "2024-10-06",
                    "decided_by": "Wali Kota Serang",
                }
            ],
            "answer": "Moderate discipline imposed.",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "sanctioned"
    assert response.json()["sanctions"][0]["decree_number"] == "800/123/BKPSDM/2024"
    case = Case.objects.get(pk=pk)
    assert case.status == "sanction_imposed"
    version = case.version

    body = step(handler, "close")
    assert body["status"] == "closed"
    assert body["closed_on"] == "2024-10-07"
    assert body["allowed_transitions"] == []
    assert body["recommendations"][0]["sanctions"][0]["sanction_type"] == "moderate"
    assert [e["transition"] for e in body["events"]] == [
        "open",
        "start_check",
        "request_completion",
        "receive_completion",
        "register",
        "extend_deadline",
        "start_clarification",
        "start_legal_study",
        "submit_to_plenary",
        "decide_violation",
        "forward_recommendation",
        "acknowledge",
        "record_sanction",
        "close",
    ]
    assert Sanction.objects.get().reported_person_id == person_id
    assert all(d["stopped_on"] for d in body["deadlines"] if d["key"] != "report_window")


def test_refusal_and_sanction_refusals(staff, election, office):
    case = ready_case(staff, election, office, "violation")
    services.transition_case(case=case, transition="forward_recommendation", actor=staff.handler)
    rec = Recommendation.objects.get(case=case)
    person = case.reported_persons.get()
    officer = Api(staff.officer)

    # Only the recipient body answers; others get 404.
    for user in (staff.handler, staff.bkpsdm, staff.outsider):
        api = Api(user)
        assert api.get(f"/recommendations/{rec.pk}").status_code == 404
        assert api.post(f"/recommendations/{rec.pk}/acknowledge").status_code == 404
        assert api.post(f"/recommendations/{rec.pk}/refusal", {"answer": "No"}).status_code == 404
    assert Api(staff.bkpsdm).get("/recommendations/").json()["count"] == 0

    sanction = {
        "reported_person_id": person.pk,
        "sanction_type": "light",
        "decree_number": "800/1/2024",
        "decree_date": "2024-10-20",
    }
    response = officer.post(f"/recommendations/{rec.pk}/sanction", {"sanctions": [sanction]})
    assert response.status_code == 400
    assert "decree_date" in response.json()["detail"]
    response = officer.post(f"/recommendations/{rec.pk}/sanction", {"sanctions": []})
    assert response.status_code == 400
    assert "sanctions" in response.json()["detail"]
    response = officer.post(f"/recommendations/{rec.pk}/refusal", {"answer": " "})
    assert response.status_code == 400
    assert "answer" in response.json()["detail"]
    assert Sanction.objects.count() == 0

    response = officer.post(
        f"/recommendations/{rec.pk}/refusal", {"answer": "The PPK found no breach."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    case.refresh_from_db()
    assert case.status == "recommendation_rejected"

    response = officer.post(f"/recommendations/{rec.pk}/refusal", {"answer": "Again"})
    assert response.status_code == 409
    assert response.json()["detail"]


def test_illegal_transition_is_409_with_the_reason(staff, election, office):
    case = open_case(staff.handler, election, office)
    api = Api(staff.handler)
    response = api.post(f"/cases/{case.pk}/transitions/register", {"version": 1})
    assert response.status_code == 409
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert body["reasons"] == []
    response = api.post(f"/cases/{case.pk}/transitions/teleport", {"version": 1})
    assert response.status_code == 409
    case.refresh_from_db()
    assert (case.status, case.version) == ("received", 1)


def test_guard_failures_are_409_with_every_reason(staff, election, office):
    case = services.open_case(
        actor=staff.handler,
        election=election,
        office=office,
        kind="finding",
        source="field_supervision",
        title="Bare finding",
        known_date=date(2024, 10, 3),
    )
    api = Api(staff.handler)
    assert api.post(f"/cases/{case.pk}/transitions/start_check", {"version": 1}).status_code == 200
    response = api.post(f"/cases/{case.pk}/transitions/register", {"version": 2})
    assert response.status_code == 409
    assert len(response.json()["reasons"]) == 2  # formal and material requirements
    response = api.post(
        f"/cases/{case.pk}/transitions/refuse_registration", {"version": 2, "note": " "}
    )
    assert response.status_code == 409
    assert response.json()["reasons"]
    case.refresh_from_db()
    assert (case.status, case.version, case.registration_number) == ("under_check", 2, None)


def test_wrong_role_is_409(staff, election, office):
    case = ready_case(staff, election, office, "plenary")
    response = Api(staff.handler).post(
        f"/cases/{case.pk}/transitions/decide_violation", {"version": case.version}
    )
    assert response.status_code == 409
    assert response.json()["detail"]
    received = open_case(staff.handler, election, office)
    response = Api(staff.analyst).post(
        f"/cases/{received.pk}/transitions/start_check", {"version": 1}
    )
    assert response.status_code == 409
    # Moves of the recipient body go through its recommendation, never this endpoint.
    forwarded = ready_case(staff, election, office, "violation")
    services.transition_case(
        case=forwarded, transition="forward_recommendation", actor=staff.handler
    )
    forwarded.refresh_from_db()
    for user in (staff.officer, staff.handler):
        response = Api(user).post(
            f"/cases/{forwarded.pk}/transitions/record_sanction", {"version": forwarded.version}
        )
        assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).status == "plenary"
    assert Case.objects.get(pk=received.pk).status == "received"
    assert Case.objects.get(pk=forwarded.pk).status == "forwarded"


def test_missing_rule_row_is_409_not_a_server_error(staff, election, office):
    case = ready_case(staff, election, office, "under_check")
    NumberingFormat.objects.all().delete()
    response = Api(staff.handler).post(
        f"/cases/{case.pk}/transitions/register", {"version": case.version}
    )
    assert response.status_code == 409
    assert response.json()["detail"]
    case.refresh_from_db()
    assert (case.status, case.registration_number) == ("under_check", None)
    assert not case.deadlines.exists()


@pytest.mark.parametrize("mode", ["token", "session"])
def test_stale_version_is_409(mode, staff, election, office):
    case = open_case(staff.handler, election, office)
    api = Api(staff.handler, mode)
    assert api.patch(f"/cases/{case.pk}", {"version": 1, "title": "Renamed"}).status_code == 200
    response = api.post(f"/cases/{case.pk}/transitions/start_check", {"version": 1})
    assert response.status_code == 409
    assert response.json()["detail"]
    response = api.patch(f"/cases/{case.pk}", {"version": 1, "title": "Lost update"})
    assert response.status_code == 409
    case.refresh_from_db()
    assert (case.status, case.version, case.title) == ("received", 2, "Renamed")


def test_patch_edits_descriptive_fields(staff, election, office):
    case = open_case(staff.handler, election, office)
    api = Api(staff.handler)
    response = api.patch(
        f"/cases/{case.pk}",
        {
            "version": 1,
            "title": "Lurah secretary lends an official car",
            "place_region_code": "36.73.01.1002",
            "incident_date": "2024-09-30",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["place_region_code"], body["incident_date"], body["version"]) == (
        "Lurah secretary lends an official car",
        "36.73.01.1002",
        "2024-09-30",
        2,
    )
    response = api.patch(f"/cases/{case.pk}", {"version": 2, "place_region_code": "99.99"})
    assert response.status_code == 400
    assert "place_region_code" in response.json()["detail"]
    assert api.patch(f"/cases/{case.pk}", {"version": 2, "title": ""}).status_code == 422
    assert (
        Api(staff.analyst).patch(f"/cases/{case.pk}", {"version": 2, "title": "X"}).status_code
        == 404
    )
    case.refresh_from_db()
    assert (case.version, case.title) == (2, "Lurah secretary lends an official car")


def test_add_reported_person_and_complete_nip(staff, election, office):
    case = open_case(staff.handler, election, office)
    api = Api(staff.handler)
    person = {
        "employment_type": "pppk",
        "position": "Teacher",
        "agency": "SDN 1 Serang",
        "name": "Guru Honorer",
        "nip": INVALID_NIP,
    }
    response = api.post(f"/cases/{case.pk}/reported-persons", person)
    assert response.status_code == 400
    assert "nip" in response.json()["detail"]
    assert case.reported_persons.count() == 1
    response = api.post(f"/cases/{case.pk}/reported-persons", {**person, "nip": ""})
    assert response.status_code == 201
    added = response.json()
    assert (added["position"], added["name"], added["nip"]) == ("Teacher", "Guru Honorer", "")
    response = api.patch(f"/reported-persons/{added['id']}/nip", {"nip": VALID_NIP})
    assert response.status_code == 200
    assert ReportedPerson.objects.get(pk=added["id"]).nip == VALID_NIP
    assert (
        Api(staff.analyst)
        .patch(f"/reported-persons/{added['id']}/nip", {"nip": VALID_NIP})
        .status_code
        == 404
    )
    assert api.patch("/reported-persons/999999/nip", {"nip": VALID_NIP}).status_code == 404


def test_deadline_extension_refused_without_a_running_clock(staff, election, office):
    case = open_case(staff.handler, election, office)
    response = Api(staff.handler).post(f"/cases/{case.pk}/extend-deadline", {"reason": "More time"})
    assert response.status_code == 400
    assert "reason" in response.json()["detail"]
    assert not CaseDeadline.objects.filter(case=case).exists()


def test_inbox_query_count_is_capped(staff, election, office, django_assert_max_num_queries):
    for _i in range(12):
        case = ready_case(staff, election, office, "violation")
        services.transition_case(
            case=case, transition="forward_recommendation", actor=staff.handler
        )
    api = Api(staff.officer)
    with django_assert_max_num_queries(6):
        response = api.get("/recommendations/")
    body = response.json()
    assert body["count"] == 12
    assert {i["recipient"]["id"] for i in body["items"]} == {staff.officer.organisation.pk}
    assert all(i["status"] == "sent" and not i["is_overdue"] for i in body["items"])
    assert Api(staff.handler).get("/recommendations/").json()["count"] == 0
