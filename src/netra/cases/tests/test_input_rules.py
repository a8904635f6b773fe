"""Input rules of a case on every write path (issue #14, point 4): NIP and NIK take ASCII digits
only; the date rules hold on creation and on every edit, including the election's period and
a century; violation forms fit the case's category and exist; after the plenary decision the
facts are locked and change only through a commissioner's recorded correction."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from netra.cases import services
from netra.cases.forms import CaseCreateForm, ReportedPersonForm
from netra.cases.models import Case, CaseEvent, ReportedPerson, Reporter
from netra.cases.nip import parse_nik, parse_nip
from netra.cases.workflow import Status
from netra.core.exceptions import OutOfScope
from netra.elections.models import Election, ElectionStage
from netra.orgs.models import Organisation
from netra.rules.models import PrePeriodWindow, ViolationType

from .conftest import TODAY
from .factories import VALID_NIP, advance, open_finding, open_report, pns

# A NIP and a NIK with one character replaced by look-alikes that ``str.isdigit()`` accepts
# (superscript two, Arabic-Indic three, full-width three) or by a letter.
LOOKALIKES = ["²", "٣", "３", "O"]
VALID_NIK = "3673014101900001"


def nip_with(char: str, at: int = 9) -> str:
    return VALID_NIP[:at] + char + VALID_NIP[at + 1:]


def errors(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


def english_errors(call, *args, **kwargs) -> dict:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    return info.value.message_dict if hasattr(info.value, "error_dict") else {
        None: info.value.messages}


def case_row(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.title, fresh.description, fresh.incident_date, fresh.known_date,
            fresh.category, fresh.version, sorted(fresh.violation_types.values_list("pk",
                                                                                      flat=True)),
            sorted(fresh.reported_persons.values_list("pk", "nip", "name")),
            fresh.events.count())


# --- NIP and NIK ------------------------------------------------------------------------------


@pytest.mark.parametrize("char", LOOKALIKES)
def test_nip_takes_ascii_digits_only(char):
    with translation.override("en"), pytest.raises(ValidationError) as info:
        parse_nip(nip_with(char))
    assert info.value.code == "nip_digits"
    assert info.value.messages == [
        f"A NIP contains only the digits 0-9; character 10 (“{char}”) is not allowed."]


@pytest.mark.parametrize("char", LOOKALIKES)
def test_nik_takes_ascii_digits_only(char):
    assert parse_nik("3673 0141 0190 0001") == VALID_NIK
    with translation.override("id"), pytest.raises(ValidationError) as info:
        parse_nik(VALID_NIK[:3] + char + VALID_NIK[4:])
    assert info.value.code == "nik_digits"
    assert info.value.messages == [
        f"NIK hanya berisi angka 0-9; karakter ke-4 (“{char}”) tidak diperbolehkan."]


def test_nik_length():
    with translation.override("en"), pytest.raises(ValidationError) as info:
        parse_nik("36730141019000")
    assert info.value.messages == ["A NIK has exactly 16 digits."]


@pytest.mark.parametrize("char", LOOKALIKES)
def test_services_refuse_lookalike_digits_and_store_nothing(w, char):
    with pytest.raises(ValidationError) as info:
        open_finding(w, persons=[pns(nip=nip_with(char))])
    assert "nip" in errors(info)
    with pytest.raises(ValidationError) as info:
        open_report(w, reporters=[services.ReporterInput(
            name="Siti", nik=VALID_NIK[:3] + char + VALID_NIK[4:])])
    assert "reporter_nik" in errors(info)
    assert not Case.objects.exists()
    case = open_finding(w, persons=[pns(nip="")])
    person = case.reported_persons.get()
    with pytest.raises(ValidationError) as info:
        services.complete_nip(person=person, actor=w.handler, nip=nip_with(char))
    assert "nip" in errors(info)
    with pytest.raises(ValidationError):
        services.add_reported_person(case=case, actor=w.handler, person=pns(nip=nip_with(char)))
    assert list(case.reported_persons.values_list("nip", flat=True)) == [""]


def test_a_nik_is_stored_as_its_ascii_digits(w):
    case = open_report(w, reporters=[services.ReporterInput(name="Siti",
                                                            nik="3673 0141 0190 0001")])
    assert Reporter.objects.get(case=case).nik == VALID_NIK


@pytest.mark.parametrize("char", LOOKALIKES)
def test_forms_refuse_lookalike_digits(char):
    person = ReportedPersonForm({"employment_type": "pns", "position": "Camat",
                                 "agency": "Pemkot", "nip": nip_with(char)})
    assert not person.is_valid()
    assert "nip" in person.errors
    form = CaseCreateForm({"reporter_nik": VALID_NIK[:3] + char + VALID_NIK[4:]},
                          elections=Election.objects.none(),
                          offices=Organisation.objects.none())
    assert not form.is_valid()
    assert "reporter_nik" in form.errors


def test_person_form_post_with_a_superscript_nip_is_a_form_error_not_a_server_error(w, client):
    case = open_finding(w)
    client.force_login(w.handler)
    response = client.post(reverse("cases:case_person_add", args=[case.pk]), {
        "employment_type": "pns", "position": "Sekretaris Camat", "agency": "Pemkot Serang",
        "nip": nip_with("²")})
    assert response.status_code == 400
    assert "hanya berisi angka 0-9" in response.content.decode()
    assert case.reported_persons.count() == 1


# --- Dates ------------------------------------------------------------------------------------


@pytest.fixture
def staged(w):
    """Pemilu 2024 with its first stage on 14 February 2023 (data, as in the demo)."""
    ElectionStage.objects.create(election=w.pemilu, name="Pemutakhiran data pemilih",
                                 starts_on=date(2023, 2, 14), ends_on=date(2023, 6, 21))
    return w


def test_an_edit_cannot_move_the_incident_into_the_future(w):
    case = open_finding(w)
    with pytest.raises(ValidationError) as info:
        services.update_case(case=case, actor=w.handler, expected_version=case.version,
                             incident_date=date(2999, 12, 31))
    assert list(errors(info)) == ["incident_date"]
    assert Case.objects.get(pk=case.pk).incident_date == TODAY - timedelta(days=1)


def test_an_incident_before_the_period_and_its_window_is_refused_naming_the_date(staged):
    w = staged
    window = PrePeriodWindow.objects.get(election_kind="pemilu")
    earliest = date(2023, 2, 14) - timedelta(days=window.days)
    with translation.override("id"), pytest.raises(ValidationError) as info:
        open_finding(w, incident_date=earliest - timedelta(days=1))
    message = errors(info)["incident_date"][0]
    assert "14 Februari 2023" in message
    assert f"{earliest.day} Agustus 2022" in message
    assert not Case.objects.exists()
    assert open_finding(w, incident_date=earliest).incident_date == earliest


def test_the_window_before_the_period_is_data(staged):
    w = staged
    PrePeriodWindow.objects.update(days=0)
    assert "incident_date" in english_errors(open_finding, w, incident_date=date(2023, 2, 13))
    PrePeriodWindow.objects.update(days=400)
    assert open_finding(w, incident_date=date(2022, 1, 20)).incident_date == date(2022, 1, 20)


def test_an_edit_checks_the_period_as_creation_does(staged):
    w = staged
    case = open_finding(w)
    found = english_errors(services.update_case, case=case, actor=w.handler,
                           expected_version=case.version, incident_date=date(2020, 1, 1))
    assert found["incident_date"][0].startswith("The period of Pemilu 2024 starts on "
                                                "14 February 2023")
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_date_a_century_ago_is_refused_even_without_stages(w):
    found = english_errors(open_finding, w, incident_date=date(1900, 1, 1))
    assert found["incident_date"] == [
        "A date more than 100 years ago is not possible: the earliest is 2 September 1924."]
    found = english_errors(open_finding, w, known_date=date(1920, 1, 1),
                           incident_date=None)
    assert "known_date" in found


def test_the_edit_page_shows_the_date_refusal(w, client):
    case = open_finding(w)
    client.force_login(w.handler)
    response = client.post(reverse("cases:case_update", args=[case.pk]), {
        "title": case.title, "description": case.description, "incident_date": "2999-12-31",
        "place_region_code": case.place_region_code, "place_address": case.place_address,
        "version": case.version})
    assert response.status_code == 400
    assert "Kejadian tidak mungkin terjadi setelah tanggal diketahui." in response.content.decode()
    assert Case.objects.get(pk=case.pk).incident_date == case.incident_date


# --- Violation forms --------------------------------------------------------------------------


def form_id(code: str) -> int:
    return ViolationType.objects.get(code=code).pk


def test_a_form_of_another_category_is_refused_naming_both(w):
    case = open_finding(w)
    found = english_errors(
        services.set_violation_types, case=case, actor=w.handler, category="non_stage_asn",
        violation_type_ids=[form_id("asn-campaign-props"),
                            form_id("pemilu-campaign-team-member")])
    assert found["violation_types"] == [
        "“ASN, TNI/Polri, village head, village official or BPD member acting as campaign team "
        "member” is a violation form of the category “Election crime”; it does not fit the "
        "case's category “Non-stage supervision (ASN neutrality)”."]
    assert not case.violation_types.exists()
    assert Case.objects.get(pk=case.pk).category == ""


def test_unknown_violation_form_ids_are_refused_not_dropped(w):
    case = open_finding(w)
    found = english_errors(services.set_violation_types, case=case, actor=w.handler,
                           category="non_stage_asn",
                           violation_type_ids=[form_id("asn-campaign-props"), 999999])
    assert found["violation_types"] == ["Unknown violation form: 999999."]
    assert not case.violation_types.exists()


def test_matching_forms_are_saved(w):
    case = open_finding(w)
    services.set_violation_types(case=case, actor=w.handler, category="non_stage_asn",
                                 violation_type_ids=[form_id("asn-campaign-props")])
    assert list(case.violation_types.values_list("code", flat=True)) == ["asn-campaign-props"]


# --- Locked facts after the plenary decision -------------------------------------------------


@pytest.fixture
def decided(w):
    return advance(open_finding(w), w, Status.VIOLATION)


@pytest.fixture
def closed(w):
    return advance(open_finding(w), w, Status.CLOSED)


def test_every_edit_path_refuses_after_the_decision(w, closed):
    case = closed
    before = case_row(case)
    person = case.reported_persons.get()
    attempts = [
        lambda: services.update_case(case=case, actor=w.handler, expected_version=case.version,
                                     title="Another title"),
        lambda: services.update_case(case=case, actor=w.handler, expected_version=case.version,
                                     incident_date=TODAY - timedelta(days=3)),
        lambda: services.complete_nip(person=person, actor=w.handler,
                                      nip="199001152015032001"),
        lambda: services.add_reported_person(case=case, actor=w.handler, person=pns()),
        lambda: services.set_violation_types(case=case, actor=w.handler,
                                             category="non_stage_asn",
                                             violation_type_ids=[form_id("asn-attending")]),
    ]
    for attempt in attempts:
        with translation.override("en"), pytest.raises(ValidationError) as info:
            attempt()
        assert info.value.messages == [
            "The facts of this case are locked since the plenary decision of 2 September "
            "2024. A commissioner corrects them with “Correct facts” and a written reason."]
    assert case_row(case) == before


def test_a_missing_nip_can_still_be_completed_before_forwarding(w):
    case = advance(open_finding(w, persons=[pns(nip="")]), w, Status.VIOLATION)
    person = case.reported_persons.get()
    services.complete_nip(person=person, actor=w.handler, nip=VALID_NIP)
    with pytest.raises(ValidationError):
        services.complete_nip(person=person, actor=w.handler, nip="199001152015032001")
    assert ReportedPerson.objects.get(pk=person.pk).nip == VALID_NIP


def test_a_commissioner_corrects_facts_with_a_reason(w, closed):
    case = closed
    person = case.reported_persons.get()
    with translation.override("en"):
        corrected = services.correct_case_facts(
            case=case, actor=w.commissioner, reason="The decree cites the NIP of another camat.",
            changes={"title": "Camat on a campaign flyer", "incident_date": TODAY - timedelta(2),
                     "persons": {person.pk: {"nip": "1990 0115 2015 03 2 001", "name": "Budi"}}})
    assert corrected.title == "Camat on a campaign flyer"
    assert corrected.version == case.version + 1
    assert corrected.status == Status.CLOSED
    person.refresh_from_db()
    assert (person.nip, person.name) == ("199001152015032001", "Budi")
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.transition, event.actor, event.from_status, event.to_status) == (
        "correction", w.commissioner, Status.CLOSED, Status.CLOSED)
    assert event.note.startswith("The decree cites the NIP of another camat.\n\nCorrected facts:")
    assert "- summary: Camat in party clothes on a campaign flyer → Camat on a campaign flyer" \
        in event.note
    assert "- incident date: 1 September 2024 → 31 August 2024" in event.note
    assert f"- Camat Cipocok Jaya: NIP: {VALID_NIP} → 199001152015032001" in event.note
    assert "Ahmad Sulaiman" not in event.note
    assert "Budi" not in event.note
    entry = LogEntry.objects.get_for_object(corrected).filter(actor=w.commissioner).latest("pk")
    assert entry.changes_dict["title"] == ["Camat in party clothes on a campaign flyer",
                                           "Camat on a campaign flyer"]
    assert entry.additional_data["reason"] == "The decree cites the NIP of another camat."
    person_entry = LogEntry.objects.get_for_object(person).latest("pk")
    assert person_entry.actor == w.commissioner
    assert person_entry.changes_dict["nip"] == [VALID_NIP, "199001152015032001"]


def test_a_report_correction_never_writes_the_reporter(w):
    case = advance(open_report(w, reporter_name="Siti Pelapor Rahasia"), w, Status.VIOLATION)
    services.correct_case_facts(case=case, actor=w.commissioner,
                                reason="Summary named the wrong village office.",
                                changes={"description": "Corrected description."})
    note = case.events.last().note
    assert "Siti" not in note
    assert "3673014101900001" not in note


def test_violation_forms_are_corrected_with_the_same_rules(w, decided):
    case = decided
    found = english_errors(services.correct_case_facts, case=case, actor=w.commissioner,
                           reason="The plenary minutes name another violation form.",
                           changes={"violation_type_ids": [999999]})
    assert found["violation_types"] == ["Unknown violation form: 999999."]
    services.correct_case_facts(case=case, actor=w.commissioner,
                                reason="The plenary minutes name another violation form.",
                                changes={"violation_type_ids": [form_id("asn-attending")]})
    assert list(case.violation_types.values_list("code", flat=True)) == ["asn-attending"]


@pytest.mark.parametrize(
    ("who", "changes", "reason", "expected"),
    [
        ("handler", {"title": "New"}, "A long enough reason for this.", OutOfScope),
        ("commissioner", {"title": "New"}, "Too short", "reason"),
        ("commissioner", {"title": "Camat in party clothes on a campaign flyer"},
         "A long enough reason for this.", None),
        ("commissioner", {"incident_date": date(2999, 12, 31)},
         "A long enough reason for this.", "incident_date"),
        ("commissioner", {"title": "New", "persons": {0: {"nip": nip_with("²")}}},
         "A long enough reason for this.", "nip"),
        ("commissioner", {"status": "closed"}, "A long enough reason for this.", None),
    ],
)
def test_a_refused_correction_changes_nothing(w, decided, who, changes, reason, expected):
    case = decided
    if "persons" in changes:
        changes = {**changes, "persons": {case.reported_persons.get().pk: changes["persons"][0]}}
    before = case_row(case)
    if expected is OutOfScope:
        with pytest.raises(OutOfScope):
            services.correct_case_facts(case=case, actor=getattr(w, who), changes=changes,
                                        reason=reason)
    else:
        found = english_errors(services.correct_case_facts, case=case, actor=getattr(w, who),
                               changes=changes, reason=reason)
        assert expected in found
    assert case_row(case) == before


def test_no_correction_before_the_decision(w):
    case = open_finding(w)
    found = english_errors(services.correct_case_facts, case=case, actor=w.commissioner,
                           changes={"title": "New"}, reason="A long enough reason for this.")
    assert found[None] == [
        "The plenary has not decided on this case yet: edit its facts directly."]


# --- The case page ----------------------------------------------------------------------------


def test_the_case_page_offers_the_correction_to_commissioners_only(w, client, decided):
    url = reverse("cases:case_detail", args=[decided.pk])
    client.force_login(w.handler)
    page = client.get(url).content.decode()
    assert "Koreksi fakta" not in page
    assert reverse("cases:case_update", args=[decided.pk]) not in page
    # The plain classification form is gone (a signed legal study's upload form still names
    # the violation forms it states).
    assert reverse("cases:case_classify", args=[decided.pk]) not in page
    client.force_login(w.commissioner)
    w.commissioner.language = "id"
    w.commissioner.save(update_fields=["language"])
    page = client.get(url).content.decode()
    assert "Koreksi fakta" in page
    assert reverse("cases:case_correct", args=[decided.pk]) in page


def test_posting_a_correction(w, client, decided):
    person = decided.reported_persons.get()
    data = {"title": "Camat on a campaign flyer", "description": decided.description,
            "incident_date": decided.incident_date.isoformat(),
            "known_date": decided.known_date.isoformat(), "category": decided.category,
            "violation_types": [str(pk) for pk in decided.violation_types.values_list(
                "pk", flat=True)],
            "person": str(person.pk), "nip": "199001152015032001",
            "reason": "The decree cites the NIP of another camat."}
    url = reverse("cases:case_correct", args=[decided.pk])
    client.force_login(w.handler)
    assert client.post(url, data).status_code == 404
    assert Case.objects.get(pk=decided.pk).title == decided.title
    client.force_login(w.commissioner)
    response = client.post(url, {**data, "reason": "short"})
    assert response.status_code == 400
    assert Case.objects.get(pk=decided.pk).title == decided.title
    response = client.post(url, data)
    assert response.status_code == 302
    fresh = Case.objects.get(pk=decided.pk)
    assert fresh.title == "Camat on a campaign flyer"
    assert ReportedPerson.objects.get(pk=person.pk).nip == "199001152015032001"
    page = client.get(reverse("cases:case_detail", args=[decided.pk])).content.decode()
    assert "Facts corrected" in page
    assert "The decree cites the NIP of another camat." in page


def test_the_edit_page_refuses_a_locked_case(w, client, decided):
    client.force_login(w.handler)
    response = client.post(reverse("cases:case_update", args=[decided.pk]), {
        "title": "Another title", "description": decided.description,
        "incident_date": decided.incident_date.isoformat(),
        "place_region_code": decided.place_region_code,
        "place_address": decided.place_address, "version": decided.version})
    assert response.status_code == 400
    assert "Fakta kasus ini terkunci" in response.content.decode()
    assert Case.objects.get(pk=decided.pk).title == decided.title


# --- The API calls the same services: refusals answer 400, never 500 --------------------------


def api(user):
    from .test_api import Api

    return Api(user)


def test_api_refuses_lookalike_digits_with_400_and_stores_nothing(w):
    caller = api(w.handler)
    body = {"kind": "report", "election_id": w.pemilu.pk, "office_id": w.serang.pk,
            "source": "office_desk", "title": "Camat on a flyer", "known_date": "2024-09-01",
            "incident_date": "2024-08-30",
            "reported_persons": [{"employment_type": "pns", "position": "Camat",
                                  "agency": "Pemkot Serang", "nip": nip_with("²")}],
            "reporters": [{"name": "Siti", "nik": "３６７３０１４１０１９００００１"}]}
    response = caller.post("/cases/", body)
    assert response.status_code == 400, response.content
    assert set(response.json()["detail"]) >= {"reporter_nik"}
    assert not Case.objects.exists()
    case = open_finding(w, persons=[pns(nip="")])
    person = case.reported_persons.get()
    response = caller.patch(f"/reported-persons/{person.pk}/nip", {"nip": nip_with("²")})
    assert response.status_code == 400, response.content
    assert ReportedPerson.objects.get(pk=person.pk).nip == ""


def test_api_edits_and_classification_follow_the_rules(w):
    caller = api(w.handler)
    case = open_finding(w)
    response = caller.patch(f"/cases/{case.pk}", {"version": case.version,
                                                  "incident_date": "2999-12-31"})
    assert response.status_code == 400
    assert list(response.json()["detail"]) == ["incident_date"]
    response = caller.put(f"/cases/{case.pk}/violation-types",
                          {"category": "non_stage_asn", "violation_type_ids": [999999]})
    assert response.status_code == 400
    assert not case.violation_types.exists()
    decided = advance(case, w, Status.VIOLATION)
    response = caller.patch(f"/cases/{case.pk}", {"version": decided.version,
                                                  "title": "Another title"})
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).title == decided.title
