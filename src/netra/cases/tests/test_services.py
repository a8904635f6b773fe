"""Case services other than the bare workflow step: recording cases, people, conflicts,
hand-overs, links, recommendation routing and the recipients' answers."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from netra.cases import services
from netra.cases.choices import CaseKind, RecommendationStatus, Source
from netra.cases.models import (
    Case,
    CaseEvent,
    ConflictDeclaration,
    Handover,
    Recommendation,
    RegistrationCounter,
    ReportedPerson,
    Sanction,
)
from netra.cases.selectors import CaseFilters, case_get, case_list, inbox, recommendation_get
from netra.cases.services import PersonInput, ReporterInput, SanctionInput, TransitionNotAllowed
from netra.cases.workflow import Status
from netra.core.exceptions import OutOfScope
from netra.rules.choices import DeadlineKey, EmploymentType
from netra.rules.models import ViolationType

from .conftest import MONDAY, TODAY
from .factories import (
    OTHER_NIP,
    VALID_NIP,
    advance,
    classify,
    open_finding,
    open_report,
    pns,
    village_head,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]



def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


# --- Recording a case ---------------------------------------------------------------------------


def test_open_case_records_everything_and_an_event(w):
    case = open_report(w, persons=[pns(), village_head()])
    assert (case.kind, case.status, case.source) == (
        CaseKind.REPORT,
        Status.RECEIVED,
        Source.OFFICE_DESK,
    )
    assert (case.office, case.region_code, case.created_by) == (w.serang, "36.73", w.handler)
    assert case.intake_number == "001/LP/PL/Kota/1.01/IX/2024"
    assert case.registration_number is None
    assert case.received_at == MONDAY
    person = case.reported_persons.get(employment_type=EmploymentType.PNS)
    assert (person.nip, person.normalised_name, person.normalised_agency) == (
        VALID_NIP,
        "ahmad sulaiman",
        "pemerintah kota serang",
    )
    assert case.reporters.get().name == "Siti Pelapor"
    event = case.events.get()
    assert (event.transition, event.from_status, event.to_status, event.actor) == (
        "open",
        "",
        Status.RECEIVED,
        w.handler,
    )
    assert RegistrationCounter.objects.get(kind_code="in-LP").last_seq == 1


def test_open_initial_information(w):
    info = open_finding(w, kind=CaseKind.INITIAL_INFO, source=Source.SOCIAL_MEDIA, persons=[])
    assert info.status == Status.INFO_RECEIVED
    assert info.intake_number == "001/IA/PL/Kota/1.01/IX/2024"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "A short summary is required."),
        (
            {"known_date": TODAY + timedelta(days=1)},
            "known_date",
            "The date it became known cannot be in the future.",
        ),
        (
            {"incident_date": TODAY},
            "incident_date",
            "The event cannot have happened after it became known.",
        ),
        ({"place_region_code": "99.99"}, "place_region_code", None),
        ({"kind": "rumour"}, "kind", "Unknown case kind."),
    ],
)
def test_open_case_field_errors(w, changes, field, message):
    kw = {"known_date": TODAY - timedelta(days=1), **changes}
    with pytest.raises(ValidationError) as info:
        open_finding(w, **kw)
    assert field in info.value.message_dict
    if message:
        assert info.value.message_dict[field] == [message]
    assert not Case.objects.exists()
    assert not RegistrationCounter.objects.exists()


def test_a_report_needs_its_reporter(w):
    with pytest.raises(ValidationError) as info:
        open_report(w, reporters=[])
    assert info.value.message_dict == {"reporters": ["A report needs the reporter's identity."]}


def test_a_closed_election_takes_no_new_cases(w):
    w.pemilu.is_active = False
    w.pemilu.save()
    with pytest.raises(ValidationError) as info:
        open_finding(w)
    assert info.value.message_dict == {"election": ["This election no longer accepts new cases."]}


def test_reported_person_errors_save_nothing(w):
    with pytest.raises(ValidationError) as info:
        open_finding(w, persons=[pns(nip="198502312010011003", position=" ", agency="")])
    assert set(info.value.message_dict) == {"position", "agency", "nip"}
    assert info.value.message_dict["nip"] == [
        "The birth date in this NIP (19850231) is not a real date."
    ]
    assert not Case.objects.exists()
    assert not ReportedPerson.objects.exists()


def test_only_supervisory_offices_in_scope_record_cases(w):
    with pytest.raises(ValidationError) as info:
        open_finding(w, office=w.bkn)
    assert "office" in info.value.message_dict
    with pytest.raises(OutOfScope):
        open_finding(w, actor=w.other_handler)
    with pytest.raises(OutOfScope):
        open_finding(w, actor=w.analyst)
    # A field supervisor records for their own district, not for the city office.
    with pytest.raises(OutOfScope):
        open_finding(w, actor=w.supervisor)
    assert open_finding(w, actor=w.supervisor, office=w.cipocok).office == w.cipocok
    assert Case.objects.count() == 1


def test_intake_numbers_are_per_office_kind_and_year(w):
    numbers = [
        open_finding(w).intake_number,
        open_finding(w).intake_number,
        open_report(w).intake_number,
        open_finding(w, actor=w.supervisor, office=w.cipocok).intake_number,
    ]
    assert numbers == [
        "001/TM/PL/Kota/1.01/IX/2024",
        "002/TM/PL/Kota/1.01/IX/2024",
        "001/LP/PL/Kota/1.01/IX/2024",
        "001/TM/PL/Kec-CipocokJaya/11.01/IX/2024",
    ]


def test_a_late_report_is_still_recorded(w):
    case = open_report(w, known_date=date(2024, 7, 1))
    assert case.status == Status.RECEIVED


# --- People on the case -------------------------------------------------------------------------


def test_add_reported_person_and_complete_the_nip(w):
    case = open_report(w, persons=[])
    person = services.add_reported_person(
        case=case,
        actor=w.handler,
        person=PersonInput(EmploymentType.PNS, "Kepala Sekolah", "SDN 1 Serang"),
    )
    assert person.nip == ""
    with pytest.raises(ValidationError) as info:
        services.complete_nip(person=person, actor=w.handler, nip="198503102010131003")
    assert info.value.message_dict == {
        "nip": ["The appointment month in this NIP (201013) is not a month."]
    }
    assert ReportedPerson.objects.get(pk=person.pk).nip == ""
    with pytest.raises(OutOfScope):
        services.complete_nip(person=person, actor=w.other_handler, nip=VALID_NIP)
    services.complete_nip(person=person, actor=w.handler, nip=" 19900115 201503 2 001 ")
    assert ReportedPerson.objects.get(pk=person.pk).nip == OTHER_NIP


def test_add_reported_person_refusals(w):
    case = open_finding(w)
    with pytest.raises(ValidationError) as info:
        services.add_reported_person(
            case=case, actor=w.handler, person=PersonInput(EmploymentType.PNS, "", "", nip="123")
        )
    assert set(info.value.message_dict) == {"position", "agency", "nip"}
    with pytest.raises(OutOfScope):
        services.add_reported_person(case=case, actor=w.other_handler, person=pns())
    assert case.reported_persons.count() == 1


def test_add_witness(w):
    case = open_finding(w)
    witness = services.add_witness(
        case=case, actor=w.handler, name=" Budi ", contact="0812000111", statement="Saw the flyer."
    )
    assert (witness.name, witness.statement) == ("Budi", "Saw the flyer.")
    with pytest.raises(ValidationError):
        services.add_witness(case=case, actor=w.handler, name=" ", contact="x")
    with pytest.raises(OutOfScope):
        services.add_witness(case=case, actor=w.supervisor, name="Budi", contact="x")


def test_violation_types_must_fit_the_election_kind(w):
    case = open_finding(w, election=w.pilkada)
    bpd = ViolationType.objects.get(code="bpd-campaign-pemilu")
    with pytest.raises(ValidationError) as info:
        services.set_violation_types(
            case=case, actor=w.handler, category="other_laws", violation_type_ids=[bpd.pk]
        )
    assert "violation_types" in info.value.message_dict
    assert not case.violation_types.exists()
    classify(case, w.handler, codes=("asn-social-media", "asn-attending"))
    case.refresh_from_db()
    assert case.category == "non_stage_asn"
    assert case.violation_types.count() == 2
    with pytest.raises(OutOfScope):
        classify(case, w.analyst)


# --- Conflicts of interest ----------------------------------------------------------------------


def test_declaring_a_conflict_hides_the_case_from_that_user(w):
    case = open_finding(w)
    other = open_finding(w)
    assert case.pk in ids(Case.objects.visible_to(w.handler, "cases.view"))
    declaration = services.declare_conflict(
        case=case, actor=w.handler, relation=" Brother-in-law of the camat "
    )
    assert declaration.relation == "Brother-in-law of the camat"
    assert case.pk not in ids(Case.objects.visible_to(w.handler, "cases.view"))
    assert ids(case_list(user=w.handler)) == {other.pk}
    with pytest.raises(Case.DoesNotExist):
        case_get(user=w.handler, pk=case.pk)
    # Everyone else still sees it.
    assert case.pk in ids(case_list(user=w.handler2))
    assert case.pk in ids(case_list(user=w.commissioner))
    # The declaration is audited and on the case's timeline, without naming the relation.
    assert LogEntry.objects.get_for_object(declaration).exists()
    event = case.events.get(transition="declare_conflict")
    assert event.actor == w.handler
    assert "Brother-in-law" not in event.note
    # Declaring needs a relation, and only on a visible case.
    with pytest.raises(ValidationError):
        services.declare_conflict(case=other, actor=w.handler, relation=" ")
    with pytest.raises(OutOfScope):
        services.declare_conflict(case=case, actor=w.handler, relation="again")
    assert ConflictDeclaration.objects.count() == 1


# --- Hand-over ----------------------------------------------------------------------------------


def test_hand_over_a_district_case_to_the_city_office(w):
    case = open_finding(w, actor=w.supervisor, office=w.cipocok)
    assert case.region_code == "36.73.05"
    assert case.pk in ids(case_list(user=w.handler))  # the regency office sees its districts
    assert case.pk in ids(case_list(user=w.supervisor))
    version = case.version
    moved = services.hand_over(
        case=case, actor=w.handler, to_office=w.serang, reason=" Involves a city-level official "
    )
    moved.refresh_from_db()
    assert (moved.office, moved.region_code, moved.version) == (w.serang, "36.73", version + 1)
    handover = Handover.objects.get(case=case)
    assert (handover.from_office, handover.to_office, handover.actor, handover.reason) == (
        w.cipocok,
        w.serang,
        w.handler,
        "Involves a city-level official",
    )
    assert moved.events.get(transition="hand_over").note == "Involves a city-level official"
    assert case.pk in ids(case_list(user=w.handler))
    assert case.pk in ids(case_list(user=w.commissioner))
    assert case.pk not in ids(case_list(user=w.other_handler))


def test_hand_over_refusals(w):
    case = open_finding(w, actor=w.supervisor, office=w.cipocok)
    for kw in (
        {"to_office": w.serang, "reason": " "},
        {"to_office": w.cipocok, "reason": "x"},
        {"to_office": w.bkn, "reason": "x"},
    ):
        with pytest.raises(ValidationError):
            services.hand_over(case=case, actor=w.handler, **kw)
    with pytest.raises(OutOfScope):
        services.hand_over(case=case, actor=w.other_handler, to_office=w.kab_serang, reason="x")
    with pytest.raises(OutOfScope):
        services.hand_over(case=case, actor=w.supervisor, to_office=w.serang, reason="x")
    case.refresh_from_db()
    assert (case.office, case.region_code) == (w.cipocok, "36.73.05")
    assert not Handover.objects.exists()


# --- Links --------------------------------------------------------------------------------------


def test_link_cases_both_ways(w):
    a, b = open_finding(w), open_report(w)
    link = services.link_cases(case=a, other=b, actor=w.handler, reason="Same camat, same flyer")
    assert (link.case, link.other, link.linked_by) == (a, b, w.handler)
    assert set(b.links.values_list("other_id", flat=True)) == {a.pk}
    services.link_cases(case=a, other=b, actor=w.handler, reason="again")
    assert a.links.count() == 1
    with pytest.raises(ValidationError):
        services.link_cases(case=a, other=a, actor=w.handler, reason="x")
    elsewhere = open_finding(w, actor=w.other_handler, office=w.kab_serang)
    with pytest.raises(OutOfScope):
        services.link_cases(case=a, other=elsewhere, actor=w.handler, reason="x")


# --- Recommendation routing ---------------------------------------------------------------------


def forward(w, case, on=None) -> Case:
    case = advance(case, w, Status.VIOLATION)
    return services.transition_case(
        case=case, transition="forward_recommendation", actor=w.handler, on=on
    )


@pytest.mark.parametrize(
    ("on", "recipient"),
    [(date(2024, 8, 23), "kasn"), (date(2024, 8, 24), "bkn"), (date(2024, 9, 2), "bkn")],
)
def test_asn_recommendations_go_to_kasn_until_23_august_2024_then_bkn(w, on, recipient):
    case = forward(w, open_finding(w), on=on)
    rec = case.recommendations.get()
    assert rec.recipient == getattr(w, recipient)
    assert rec.sent_on == on
    assert rec.due_on == on + timedelta(days=14)
    assert rec.status == RecommendationStatus.SENT


def test_a_village_head_goes_to_the_regent_and_a_pns_to_bkn(w):
    case = forward(
        w, open_finding(w, actor=w.supervisor, office=w.cipocok, persons=[pns(), village_head()])
    )
    recipients = {r.recipient for r in case.recommendations.all()}
    # The PPK nearest to the district office is the city's.
    assert recipients == {w.bkn, w.ppk}


@pytest.mark.parametrize(
    ("category", "code", "recipient"),
    [
        ("crime", "pemilu-campaign-team-member", "gakkumdu"),
        ("administrative", "administrative", "kpu"),
        ("ethics", "organiser-ethics", "dkpp"),
    ],
)
def test_recommendations_by_category(w, category, code, recipient):
    case = open_finding(w)
    classify(case, w.handler, category=category, codes=(code,))
    case = forward(w, case)
    assert case.recommendations.get().recipient == getattr(w, recipient)


def test_a_recipient_officer_sees_exactly_the_cases_recommended_to_it(w):
    to_bkn = forward(w, open_finding(w))
    to_ppk = forward(w, open_finding(w, persons=[village_head()]))
    to_both = forward(w, open_finding(w, persons=[pns(), village_head()]))
    not_yet = advance(open_finding(w), w, Status.PLENARY)
    assert ids(case_list(user=w.bkn_officer)) == {to_bkn.pk, to_both.pk}
    assert ids(case_list(user=w.ppk_officer)) == {to_ppk.pk, to_both.pk}
    assert ids(case_list(user=w.kpu_officer)) == set()
    assert ids(case_list(user=w.handler)) == {to_bkn.pk, to_ppk.pk, to_both.pk, not_yet.pk}
    assert {r.case_id for r in inbox(user=w.bkn_officer)} == {to_bkn.pk, to_both.pk}
    rec = to_ppk.recommendations.get()
    assert recommendation_get(user=w.ppk_officer, pk=rec.pk) == rec
    with pytest.raises(Recommendation.DoesNotExist):
        recommendation_get(user=w.bkn_officer, pk=rec.pk)
    with pytest.raises(Case.DoesNotExist):
        case_get(user=w.bkn_officer, pk=not_yet.pk)


# --- The recipients' answers --------------------------------------------------------------------


def sanction(person, decree="800/123/BKPSDM/2024", on=TODAY, kind="moderate"):
    return SanctionInput(
        reported_person_id=person.pk,
        sanction_type=kind,
        decree_number=decree,
        decree_date=on,
        decided_by="Wali Kota Serang",
    )


def test_acknowledge_moves_the_case_once(w):
    case = forward(w, open_finding(w, persons=[pns(), village_head()]))
    bkn_rec = case.recommendations.get(recipient=w.bkn)
    ppk_rec = case.recommendations.get(recipient=w.ppk)
    services.acknowledge_recommendation(recommendation=bkn_rec, actor=w.bkn_officer)
    bkn_rec.refresh_from_db()
    assert bkn_rec.status == RecommendationStatus.ACKNOWLEDGED
    assert bkn_rec.acknowledged_at == MONDAY
    case.refresh_from_db()
    assert case.status == Status.AWAITING_FOLLOW_UP
    services.acknowledge_recommendation(recommendation=bkn_rec, actor=w.bkn_officer)
    services.acknowledge_recommendation(recommendation=ppk_rec, actor=w.ppk_officer)
    assert case.events.filter(transition="acknowledge").count() == 1
    with pytest.raises(OutOfScope):
        services.acknowledge_recommendation(recommendation=ppk_rec, actor=w.bkn_officer)


def test_the_loop_closes_only_when_every_recommendation_is_answered(w):
    case = forward(w, open_finding(w, persons=[pns(), village_head()]))
    pns_person = case.reported_persons.get(employment_type=EmploymentType.PNS)
    bkn_rec = case.recommendations.get(recipient=w.bkn)
    ppk_rec = case.recommendations.get(recipient=w.ppk)
    services.record_sanction(
        recommendation=bkn_rec,
        actor=w.bkn_officer,
        sanctions=[sanction(pns_person)],
        answer="Moderate discipline.",
    )
    bkn_rec.refresh_from_db()
    assert (bkn_rec.status, bkn_rec.answered_at, bkn_rec.acknowledged_at) == (
        RecommendationStatus.SANCTIONED,
        MONDAY,
        MONDAY,
    )
    recorded = Sanction.objects.get()
    assert (recorded.reported_person, recorded.decree_number, recorded.recorded_by) == (
        pns_person,
        "800/123/BKPSDM/2024",
        w.bkn_officer,
    )
    case.refresh_from_db()
    assert case.status == Status.FORWARDED
    assert case.deadlines.get(key=DeadlineKey.FOLLOW_UP_WINDOW).stopped_on is None
    services.record_refusal(
        recommendation=ppk_rec, actor=w.ppk_officer, answer="The village head resigned."
    )
    case.refresh_from_db()
    assert case.status == Status.SANCTION_IMPOSED
    assert case.deadlines.get(key=DeadlineKey.FOLLOW_UP_WINDOW).stopped_on == TODAY
    event = case.events.get(transition="record_sanction")
    assert (event.actor, event.note) == (w.ppk_officer, "The village head resigned.")
    closed = services.transition_case(case=case, transition="close", actor=w.handler)
    assert (closed.status, closed.closed_on) == (Status.CLOSED, TODAY)


def test_all_refused_means_recommendation_rejected(w):
    case = forward(w, open_finding(w))
    rec = case.recommendations.get()
    services.record_refusal(
        recommendation=rec, actor=w.bkn_officer, answer="The PPK declined to impose a sanction."
    )
    case.refresh_from_db()
    assert case.status == Status.RECOMMENDATION_REJECTED
    assert case.outcome_note == "The PPK declined to impose a sanction."


def test_sanction_refusals_save_nothing(w):
    case = forward(w, open_finding(w))
    rec = case.recommendations.get()
    person = case.reported_persons.get()
    elsewhere = open_finding(w).reported_persons.get()
    bad = [
        ([], "sanctions"),
        ([sanction(person, decree=" ")], "decree_number"),
        ([sanction(person, on=TODAY + timedelta(days=1))], "decree_date"),
        ([sanction(elsewhere)], "reported_person"),
    ]
    for sanctions, field in bad:
        with pytest.raises(ValidationError) as info:
            services.record_sanction(recommendation=rec, actor=w.bkn_officer, sanctions=sanctions)
        assert field in info.value.message_dict
    with pytest.raises(OutOfScope):
        services.record_sanction(
            recommendation=rec, actor=w.ppk_officer, sanctions=[sanction(person)]
        )
    with pytest.raises(OutOfScope):
        services.record_sanction(recommendation=rec, actor=w.handler, sanctions=[sanction(person)])
    with pytest.raises(ValidationError) as info:
        services.record_refusal(recommendation=rec, actor=w.bkn_officer, answer=" ")
    assert info.value.message_dict == {"answer": ["Give the reason for refusing."]}
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.SENT
    assert not Sanction.objects.exists()
    assert Case.objects.get(pk=case.pk).status == Status.FORWARDED
    services.record_sanction(recommendation=rec, actor=w.bkn_officer, sanctions=[sanction(person)])
    for call in (
        lambda: services.record_sanction(
            recommendation=rec, actor=w.bkn_officer, sanctions=[sanction(person)]
        ),
        lambda: services.record_refusal(recommendation=rec, actor=w.bkn_officer, answer="x"),
    ):
        with pytest.raises(TransitionNotAllowed):
            call()
    assert Sanction.objects.count() == 1


def test_escalated_case_can_still_be_answered(w):
    case = advance(open_finding(w), w, Status.ESCALATED)
    rec = case.recommendations.get()
    services.record_sanction(
        recommendation=rec, actor=w.bkn_officer, sanctions=[sanction(case.reported_persons.get())]
    )
    assert Case.objects.get(pk=case.pk).status == Status.SANCTION_IMPOSED


def test_every_change_writes_one_event_per_move(w):
    case = advance(open_finding(w), w, Status.CLOSED)
    moves = CaseEvent.objects.filter(case=case).exclude(from_status="").order_by("at", "pk")
    assert all(e.from_status != e.to_status for e in moves)
    chain = [e.to_status for e in moves]
    assert chain[-1] == Status.CLOSED
    assert all(a.to_status == b.from_status for a, b in zip(moves, list(moves)[1:], strict=False))


def test_reporter_identity_is_encrypted_at_rest(w):
    case = open_report(
        w,
        reporters=[
            ReporterInput(
                name=" Siti ",
                nik="3673014101900001",
                address="Jl. A",
                phone="0812",
                email="s@example.id",
            )
        ],
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM cases_reporter WHERE case_id = %s", [case.pk])
        stored = cursor.fetchone()[0]
    assert "Siti" not in stored
    assert case.reporters.get().name == " Siti "


def test_case_list_filters_work_for_handlers(w):
    finding = open_finding(w)
    report = open_report(w)
    assert ids(case_list(user=w.handler, filters=CaseFilters(kind=CaseKind.REPORT))) == {report.pk}
    assert ids(case_list(user=w.handler, filters=CaseFilters(query="001/TM"))) == {finding.pk}
