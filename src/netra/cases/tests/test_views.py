"""Case pages through the HTTP client: list, export, recording, editing, who sees what, conflicts
of interest and the dashboard widget. The workflow buttons and the case page's action forms are
in ``test_views_workflow.py``, which reuses the fixtures defined here."""

import csv
import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from netra.cases import services
from netra.cases.choices import CaseKind, DocumentKind, DocumentState, Source
from netra.cases.models import Case, CaseDocument, ConflictDeclaration, ReportedPerson, Reporter
from netra.cases.workflow import Status
from netra.core.tests.mixins import ScopedViewTests
from netra.elections.models import Election, ElectionKind, ElectionLevel
from netra.orgs.choices import OrgKind
from netra.rules.choices import EmploymentType

LIST = reverse("cases:case_list")
CREATE = reverse("cases:case_create")
VALID_NIP = "198503122010011001"
REPORTER_NAME = "Siti Rahmawati Pelapor"
PERSON_NAME = "Ahmad Dahlan Terlapor"


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def detail_url(case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def html(response) -> str:
    return response.content.decode()


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def election(db):
    return Election.objects.create(
        name="Pemilu 2024", kind=ElectionKind.PEMILU, level=ElectionLevel.NATIONAL,
        voting_day=date(2024, 2, 14), region_code="",
    )


@pytest.fixture
def people(member, org_factory):
    """One user per role around Bawaslu Kota Serang (36.73), all reading English."""

    def make(role, region="36.73", **kw):
        return english(member(role, region, **kw))

    handler = make("handling_staff")
    bkn_org = org_factory("", OrgKind.CIVIL_SERVICE_BODY, name="Badan Kepegawaian Negara")
    return SimpleNamespace(
        handler=handler,
        office=handler.organisation,
        commissioner=make("commissioner"),
        analyst=make("analyst"),
        field=make("field_supervisor", "36.73.05"),
        outsider=make("handling_staff", "36.04"),
        bkn=make("recipient_officer", org=bkn_org),
        bkn_org=bkn_org,
    )


def open_report(actor, office, election, *, known: date | None = None, nip: str = VALID_NIP,
                title: str = "Camat in party clothes on a flyer", person_name=PERSON_NAME,
                kind=CaseKind.REPORT, **kwargs) -> Case:
    known = known or timezone.localdate() - timedelta(days=1)
    return services.open_case(
        actor=actor, election=election, office=office, kind=kind,
        source=Source.OFFICE_DESK if kind == CaseKind.REPORT else Source.FIELD_SUPERVISION,
        title=title, known_date=known, incident_date=known,
        description="A flyer shows the camat wearing party clothes.",
        place_region_code="36.73.05.1001", place_address="Jl. Raya Cipocok",
        reported_persons=[services.PersonInput(EmploymentType.PNS, "Camat",
                                               "Kecamatan Cipocok Jaya", person_name, nip)],
        reporters=[services.ReporterInput(REPORTER_NAME, nik="3673011203850001",
                                          address="Jl. Merdeka 1, Serang",
                                          phone="081234567890", email="pelapor@example.id")]
        if kind == CaseKind.REPORT else [],
        **kwargs,
    )


def put_in(case: Case, status: str) -> Case:
    """Place a case in ``status`` directly (test set-up only; the UI goes through services)."""
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def add_document(case: Case, kind: str) -> CaseDocument:
    """The signed scan of ``kind`` (a document of record); a legal study names the case's
    violation forms."""
    facts = {}
    if kind == DocumentKind.LEGAL_STUDY:
        facts = {"violation_type_ids": list(case.violation_types.values_list("pk", flat=True))}
    return CaseDocument.objects.create(
        case=case, kind=kind, file=ContentFile(b"%PDF-1.4 test", name="doc.pdf"),
        original_name="doc.pdf", content_type="application/pdf", size=13, sha256="0" * 64,
        state=DocumentState.SIGNED, facts=facts,
    )


@pytest.fixture
def report(people, election):
    return open_report(people.handler, people.office, election)


def as_user(client, user):
    client.force_login(user)
    return client


# --- Scope ----------------------------------------------------------------------------------


class TestScopedCaseViews(ScopedViewTests):
    url_names = ("cases:case_detail", "cases:case_update")

    def make_object(self, org_factory, region_code):
        from netra.accounts.models import User

        office = org_factory(region_code)
        actor, _ = User.objects.get_or_create(username="root-maker", defaults={
            "is_superuser": True, "is_staff": True})
        election, _ = Election.objects.get_or_create(
            name="Pemilu 2024", region_code="",
            defaults={"kind": ElectionKind.PEMILU, "level": ElectionLevel.NATIONAL,
                      "voting_day": date(2024, 2, 14)},
        )
        return open_report(actor, office, election, title=f"Case in {region_code}")


def test_kabupaten_serang_user_cannot_reach_a_kota_serang_case(client, people, report):
    as_user(client, people.outsider)
    assert client.get(detail_url(report)).status_code == 404
    assert client.get(reverse("cases:case_update", args=[report.pk])).status_code == 404
    response = client.post(reverse("cases:case_transition", args=[report.pk, "start_check"]),
                           {"version": report.version})
    assert response.status_code == 404
    assert client.post(reverse("cases:case_conflict", args=[report.pk]),
                       {"relation": "x"}).status_code == 404
    page = client.get(LIST)
    assert page.status_code == 200
    assert report.number not in html(page)
    report.refresh_from_db()
    assert report.status == Status.RECEIVED


def test_anonymous_is_sent_to_login(client, report):
    for url in (LIST, CREATE, detail_url(report)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_every_page_answers_200_for_a_handler(client, people, report):
    as_user(client, people.handler)
    for url in (LIST, CREATE, detail_url(report), reverse("cases:case_update", args=[report.pk])):
        assert client.get(url).status_code == 200, url


# --- List -----------------------------------------------------------------------------------


class TestList:
    def test_columns_and_no_names(self, client, people, election):
        case = open_report(people.handler, people.office, election)
        services.transition_case(case=case, transition="start_check", actor=people.handler)
        services.transition_case(case=case, transition="register", actor=people.handler)
        case.refresh_from_db()
        as_user(client, people.handler)
        page = html(client.get(LIST))
        assert case.registration_number in page
        assert case.intake_number not in page  # the registration number replaces it
        assert "Camat in party clothes on a flyer" in page
        assert "Registered" in page
        assert "Report" in page
        assert people.office.name in page
        due = case.deadlines.get().due_on
        assert due.isoformat() in page
        assert REPORTER_NAME not in page
        assert PERSON_NAME not in page

    def test_overdue_is_marked_and_filtered(self, client, people, election):
        late = open_report(people.handler, people.office, election, title="Late one")
        services.transition_case(case=late, transition="start_check", actor=people.handler)
        services.transition_case(case=late, transition="register", actor=people.handler)
        late.deadlines.update(due_on=timezone.localdate() - timedelta(days=3))
        open_report(people.handler, people.office, election, title="No clock yet")
        as_user(client, people.handler)

        overdue = client.get(LIST, {"overdue": "on"})
        assert [c.title for c in overdue.context["cases"]] == ["Late one"]
        assert "Overdue" in html(overdue)
        due = client.get(LIST, {"due_before": timezone.localdate().isoformat()})
        assert [c.title for c in due.context["cases"]] == ["Late one"]

    def test_filters(self, client, people, election):
        pilkada = Election.objects.create(name="Pilkada Banten 2024", kind=ElectionKind.PILKADA,
                                          level=ElectionLevel.PROVINCE,
                                          voting_day=date(2024, 11, 27), region_code="36")
        open_report(people.handler, people.office, election, title="Report about a lurah")
        finding = open_report(people.handler, people.office, election, kind=CaseKind.FINDING,
                              title="Finding about a teacher")
        services.set_violation_types(case=finding, actor=people.handler, category="crime",
                                     violation_type_ids=[])
        open_report(people.handler, people.office, pilkada, title="Pilkada report")
        as_user(client, people.handler)

        def titles(**params):
            return sorted(c.title for c in client.get(LIST, params).context["cases"])

        assert titles(kind="finding") == ["Finding about a teacher"]
        assert titles(election=pilkada.pk) == ["Pilkada report"]
        assert titles(q="lurah") == ["Report about a lurah"]
        assert titles(category="crime") == ["Finding about a teacher"]
        put_in(finding, Status.REGISTERED)
        assert titles(status=Status.REGISTERED) == ["Finding about a teacher"]
        assert len(titles(kind="bogus")) == 3  # an invalid filter value is ignored

    def test_paginates(self, client, people, election):
        for i in range(52):
            open_report(people.handler, people.office, election, title=f"Case {i}")
        as_user(client, people.handler)
        assert len(client.get(LIST).context["cases"]) == 50
        second = client.get(LIST, {"page": 2, "kind": "report"})
        assert len(second.context["cases"]) == 2
        assert "kind=report&amp;page=1" in html(second)

    def test_query_count_is_capped(self, client, people, election,
                                   django_assert_max_num_queries):
        for i in range(30):
            case = open_report(people.handler, people.office, election, title=f"Case {i}")
            if i % 2:
                services.transition_case(case=case, transition="start_check",
                                         actor=people.handler)
                services.transition_case(case=case, transition="register",
                                         actor=people.handler)
        as_user(client, people.handler)
        # + the next step of each row: report-window rules and holidays, once per page.
        with django_assert_max_num_queries(12):
            response = client.get(LIST)
        assert response.status_code == 200
        assert len(response.context["cases"]) == 30

    def test_new_case_button_only_for_those_who_may_record(self, client, people):
        as_user(client, people.handler)
        assert CREATE in html(client.get(LIST))
        as_user(client, people.analyst)
        assert CREATE not in html(client.get(LIST))
        assert client.get(CREATE).status_code == 403


class TestExport:
    def test_csv_holds_the_filtered_rows(self, client, people, election):
        open_report(people.handler, people.office, election, title="Report row")
        open_report(people.handler, people.office, election, kind=CaseKind.FINDING,
                    title="=Finding row")
        as_user(client, people.analyst)
        response = client.get(LIST, {"format": "csv", "kind": "finding"})
        assert response.status_code == 200
        assert 'filename="kasus.csv"' in response["Content-Disposition"]
        rows = csv_rows(response)
        assert rows[0][:4] == ["Number", "Intake number", "Registration number", "Summary"]
        assert len(rows) == 2
        assert rows[1][3] == "'=Finding row"  # formula neutralised
        assert rows[1][4] == "Finding"
        flat = str(rows)
        assert PERSON_NAME not in flat
        assert REPORTER_NAME not in flat

    def test_xlsx_holds_the_filtered_rows(self, client, people, election):
        open_report(people.handler, people.office, election, title="Report row")
        open_report(people.handler, people.office, election, kind=CaseKind.FINDING,
                    title="Finding row")
        as_user(client, people.handler)
        response = client.get(LIST, {"format": "xlsx", "q": "report row"})
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(
            values_only=True))
        assert len(rows) == 2
        assert rows[1][3] == "Report row"
        assert rows[1][5] == "Received"

    def test_export_needs_the_export_right(self, client, people, report):
        as_user(client, people.field)
        assert client.get(LIST, {"format": "csv"}).status_code == 404
        page = client.get(LIST)
        assert page.status_code == 200
        assert "format=csv" not in html(page)


# --- Recording a case -----------------------------------------------------------------------


def create_data(election, office, **overrides) -> dict:
    known = timezone.localdate() - timedelta(days=1)
    data = {
        "kind": CaseKind.REPORT, "election": election.pk, "office": office.pk,
        "source": Source.OFFICE_DESK, "title": "Lurah secretary lends an official car",
        "description": "The official car was used at a campaign event.",
        "incident_date": known.isoformat(), "known_date": known.isoformat(),
        "place_region_code": "36.73.01.1002", "place_address": "Jl. Cipare",
        "reporter_name": REPORTER_NAME, "reporter_type": "voter",
        "reporter_nik": "3673011203850001", "reporter_address": "Serang",
        "reporter_phone": "0812", "reporter_email": "pelapor@example.id",
        "persons-TOTAL_FORMS": "2", "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "1", "persons-MAX_NUM_FORMS": "20",
        "persons-0-employment_type": EmploymentType.PNS, "persons-0-position": "Lurah secretary",
        "persons-0-agency": "Kelurahan Cipare", "persons-0-name": PERSON_NAME,
        "persons-0-nip": VALID_NIP,
        "persons-1-employment_type": "", "persons-1-position": "",
        "persons-1-agency": "", "persons-1-name": "", "persons-1-nip": "",
    }
    data.update(overrides)
    return data


class TestCreate:
    def test_records_a_report(self, client, people, election):
        as_user(client, people.handler)
        response = client.post(CREATE, create_data(election, people.office))
        case = Case.objects.get()
        assert response.status_code == 302
        assert response["Location"] == detail_url(case)
        assert (case.kind, case.status) == (CaseKind.REPORT, Status.RECEIVED)
        assert case.place_region_code == "36.73.01.1002"
        person = case.reported_persons.get()
        assert (person.position, person.nip, person.name) == ("Lurah secretary", VALID_NIP,
                                                              PERSON_NAME)
        reporter = case.reporters.get()
        assert (reporter.name, reporter.reporter_type) == (REPORTER_NAME, "voter")
        assert any("Recorded as" in m for m in message_texts(response))
        assert not any("Late" in m for m in message_texts(response))

    def test_field_supervisor_records_a_finding(self, client, people, election):
        panwascam = people.field.organisation
        as_user(client, people.field)
        form = client.get(CREATE).context["form"]
        assert list(form.fields["office"].queryset) == [panwascam]
        data = create_data(election, panwascam, kind=CaseKind.FINDING,
                           source=Source.FIELD_SUPERVISION, reporter_name="")
        response = client.post(CREATE, data)
        assert response.status_code == 302
        case = Case.objects.get()
        assert (case.kind, case.office, case.region_code) == (CaseKind.FINDING, panwascam,
                                                              "36.73.05")
        assert not case.reporters.exists()

    def test_field_supervisor_records_initial_information(self, client, people, election):
        as_user(client, people.field)
        data = create_data(election, people.field.organisation, kind=CaseKind.INITIAL_INFO,
                           source=Source.SOCIAL_MEDIA, reporter_name="")
        assert client.post(CREATE, data).status_code == 302
        assert Case.objects.get().status == Status.INFO_RECEIVED

    @pytest.mark.parametrize(("nip", "message"), [
        ("19850312201001100", "A NIP has exactly 18 digits."),
        ("198513122010011001", "The birth date in this NIP (19851312) is not a real date."),
        ("198503122010013001", "The sex code in this NIP must be 1 or 2, not 3."),
    ])
    def test_invalid_nip_is_refused_and_nothing_written(self, client, people, election, nip,
                                                        message):
        as_user(client, people.handler)
        response = client.post(CREATE, create_data(election, people.office,
                                                   **{"persons-0-nip": nip}))
        assert response.status_code == 400
        page = html(response)
        assert message in page
        assert 'id="id_persons-0-nip_error"' in page  # next to the field
        assert not Case.objects.exists()
        assert not ReportedPerson.objects.exists()
        assert not Reporter.objects.exists()

    def test_report_needs_a_reporter_and_a_person(self, client, people, election):
        as_user(client, people.handler)
        data = create_data(election, people.office, reporter_name="",
                           **{"persons-0-position": "", "persons-0-agency": "",
                              "persons-0-name": "", "persons-0-nip": ""})
        response = client.post(CREATE, data)
        assert response.status_code == 400
        page = html(response)
        assert "A report needs the reporter&#x27;s name." in page
        assert "This field is required." in page  # the first reported person
        assert not Case.objects.exists()

    def test_service_errors_land_next_to_fields(self, client, people, election):
        as_user(client, people.handler)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        data = create_data(election, people.office, known_date=tomorrow,
                           incident_date=tomorrow, place_region_code="99.99")
        response = client.post(CREATE, data)
        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors["known_date"] == ["The date it became known cannot be in the future."]
        assert "place_region_code" in form.errors
        assert not Case.objects.exists()

    def test_late_report_is_recorded_with_a_warning(self, client, people, election):
        as_user(client, people.handler)
        known = (timezone.localdate() - timedelta(days=40)).isoformat()
        response = client.post(CREATE, create_data(election, people.office, known_date=known,
                                                   incident_date=known), follow=True)
        assert response.status_code == 200
        case = Case.objects.get()
        assert case.status == Status.RECEIVED
        page = html(response)
        assert "Late: it was received on" in page
        assert "It is recorded and kept" in page
        assert response.redirect_chain[-1][0] == detail_url(case)

    def test_office_outside_scope_is_not_offered(self, client, people, election, org_factory):
        other = org_factory("36.04")
        as_user(client, people.handler)
        response = client.post(CREATE, create_data(election, other))
        assert response.status_code == 400
        assert "office" in response.context["form"].errors
        assert not Case.objects.exists()


# --- Editing --------------------------------------------------------------------------------


class TestEdit:
    def test_saves_with_the_current_version(self, client, people, report):
        as_user(client, people.handler)
        url = reverse("cases:case_update", args=[report.pk])
        form = client.get(url).context["form"]
        assert form.initial["version"] == 1
        response = client.post(url, {"title": "New summary", "description": "Longer text",
                                     "incident_date": report.incident_date.isoformat(),
                                     "place_region_code": "36.73.05", "place_address": "",
                                     "version": 1})
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.title, report.place_region_code, report.version) == (
            "New summary", "36.73.05", 2)

    def test_stale_version_answers_409_and_keeps_the_form(self, client, people, report):
        services.update_case(case=report, actor=people.commissioner, expected_version=1,
                             title="Changed by a colleague")
        as_user(client, people.handler)
        url = reverse("cases:case_update", args=[report.pk])
        response = client.post(url, {"title": "My summary", "description": "Mine",
                                     "incident_date": "", "place_region_code": "",
                                     "place_address": "", "version": 1})
        assert response.status_code == 409
        page = html(response)
        assert "Someone else changed this case" in page
        assert 'value="My summary"' in page
        report.refresh_from_db()
        assert (report.title, report.version) == ("Changed by a colleague", 2)

    def test_analyst_cannot_edit(self, client, people, report):
        as_user(client, people.analyst)
        url = reverse("cases:case_update", args=[report.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "x", "version": 1}).status_code == 404
        assert url not in html(client.get(detail_url(report)))


# --- Who sees what --------------------------------------------------------------------------


class TestIdentities:
    def test_handling_staff_sees_reporter_and_person_names(self, client, people, report):
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        assert REPORTER_NAME in page
        assert "3673011203850001" in page
        assert PERSON_NAME in page
        assert "Reporter identity is protected" not in page

    def test_analyst_sees_neither(self, client, people, report):
        as_user(client, people.analyst)
        response = client.get(detail_url(report))
        assert response.status_code == 200
        page = html(response)
        assert REPORTER_NAME not in page
        assert PERSON_NAME not in page
        assert "3673011203850001" not in page
        assert "Reporter identity is protected" in page
        assert "Camat" in page  # the position is shown

    def test_recipient_officer_sees_neither(self, client, people, election):
        case = open_report(people.handler, people.office, election)
        services.set_violation_types(case=case, actor=people.handler, category="non_stage_asn",
                                     violation_type_ids=[])
        put_in(case, Status.VIOLATION)
        services.transition_case(case=case, transition="forward_recommendation",
                                 actor=people.handler)
        as_user(client, people.bkn)
        response = client.get(detail_url(case))
        assert response.status_code == 200
        page = html(response)
        assert "Badan Kepegawaian Negara" in page
        assert REPORTER_NAME not in page
        assert PERSON_NAME not in page
        assert "Reporter identity is protected" in page
        # The recipient answers through its inbox, not through workflow buttons here.
        assert "/transition/" not in page


# --- Conflict of interest -------------------------------------------------------------------


def test_conflict_declaration_hides_the_case(client, people, report):
    as_user(client, people.handler)
    response = client.post(reverse("cases:case_conflict", args=[report.pk]),
                           {"relation": "Sibling of the reported person"})
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert ConflictDeclaration.objects.filter(case=report, user=people.handler).exists()
    assert report.events.filter(transition="declare_conflict").exists()
    page = client.get(LIST)
    assert report.number not in html(page)
    assert page.context["page_obj"].paginator.count == 0
    assert client.get(detail_url(report)).status_code == 404
    # Colleagues still handle it.
    as_user(client, people.commissioner)
    assert client.get(detail_url(report)).status_code == 200


def test_conflict_needs_a_relation(client, people, report):
    as_user(client, people.handler)
    response = client.post(reverse("cases:case_conflict", args=[report.pk]), {"relation": ""})
    assert response.status_code == 400
    assert 'id="id_conflict_relation_error"' in html(response)
    assert not ConflictDeclaration.objects.exists()


# --- Dashboard ------------------------------------------------------------------------------


def test_dashboard_shows_due_soon_and_overdue_cases(client, people, election):
    soon = open_report(people.handler, people.office, election, title="Due tomorrow")
    late = open_report(people.handler, people.office, election, title="Overdue one")
    calm = open_report(people.handler, people.office, election, title="Far away")
    for case in (soon, late, calm):
        services.transition_case(case=case, transition="start_check", actor=people.handler)
        services.transition_case(case=case, transition="register", actor=people.handler)
    today = timezone.localdate()
    soon.deadlines.update(due_on=today + timedelta(days=1))
    late.deadlines.update(due_on=today - timedelta(days=2))
    calm.deadlines.update(due_on=today + timedelta(days=20))
    as_user(client, people.handler)

    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    counts = response.context["case_counts"]
    assert (counts.due_soon, counts.overdue, counts.open_cases) == (1, 1, 3)
    assert [c.title for c in response.context["urgent_cases"]] == ["Overdue one", "Due tomorrow"]
    # The deadline panel (the handler's own work lists above it show every waiting case).
    page = html(response).split('id="case-clocks"')[1]
    assert detail_url(late) in page
    assert detail_url(soon) in page
    assert detail_url(calm) not in page
    assert f"{LIST}?overdue=on" in page
    assert f"{LIST}?due_before={(today + timedelta(days=2)).isoformat()}" in page
