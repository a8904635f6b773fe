"""The workflow table and ``transition_case``: every step's success path and each refusal,
registration numbers, statutory clocks, rule versions, optimistic locking, and that nothing is
half-saved when a step is refused. Also: docs/workflow.md is the current command output."""

from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from netra.accounts.roles import Role
from netra.cases import services
from netra.cases.choices import CaseKind, DocumentKind, Source
from netra.cases.models import Case, CaseDeadline, CaseEvent, RegistrationCounter
from netra.cases.permissions import CaseAction
from netra.cases.services import ConcurrentEdit, TransitionNotAllowed
from netra.cases.workflow import (
    BY_NAME,
    COMMISSIONERS,
    DECIDED_STATUSES,
    OPEN_STATUSES,
    RECIPIENTS,
    TRANSITIONS,
    Status,
    transitions_from,
)
from netra.core.exceptions import OutOfScope
from netra.rules.choices import DayUnit, DeadlineKey
from netra.rules.models import DeadlineRule, RoutingRule, SanctionRule
from netra.rules.selectors import RuleMissing, deadline_rule, numbering_format, routing_rule

from .conftest import JAKARTA, MONDAY, TODAY
from .factories import (
    advance,
    attach,
    classify,
    open_finding,
    open_report,
    pns,
    prepare,
    step,
    village_head,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

DOCS = Path(__file__).resolve().parents[4] / "docs" / "workflow.md"


def snapshot(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.version,
        fresh.registration_number,
        fresh.outcome_note,
        list(RegistrationCounter.objects.order_by("pk").values_list("kind_code", "last_seq")),
        CaseEvent.objects.filter(case=case).count(),
        list(CaseDeadline.objects.filter(case=case).values_list("key", "stopped_on", "due_on")),
        fresh.recommendations.count(),
    )


def refused(**kw) -> TransitionNotAllowed:
    with pytest.raises(TransitionNotAllowed) as info:
        services.transition_case(**kw)
    return info.value


# --- The table ----------------------------------------------------------------------------------


def test_table_is_consistent():
    names = [t.name for t in TRANSITIONS]
    assert len(names) == len(set(names)) == len(BY_NAME)
    for t in TRANSITIONS:
        assert t.sources <= set(Status.values), t.name
        assert t.target in Status.values, t.name
        assert t.action in CaseAction.values, t.name
        assert t.roles, t.name
        assert t.roles <= set(Role.values), t.name
        assert set(t.starts) | set(t.stops) <= set(DeadlineKey.values), t.name
        assert t.by_recipient == (t.roles == RECIPIENTS), t.name
        if t.by_recipient:
            assert t.action == CaseAction.RESPOND
        if t.action == CaseAction.DECIDE:
            assert t.roles == COMMISSIONERS
    reached = {t.target for t in TRANSITIONS} | {Status.INFO_RECEIVED, Status.RECEIVED}
    assert reached == set(Status.values)
    terminal = {s for s in Status.values if not transitions_from(s)}
    assert terminal == {Status.RAISED, Status.CONTINUED_AS_REPORT, Status.DROPPED, Status.CLOSED}
    assert not terminal & OPEN_STATUSES
    assert DECIDED_STATUSES <= OPEN_STATUSES


def test_transitions_from_lists_the_table_rows():
    assert [t.name for t in transitions_from(Status.PLENARY)] == [
        "decide_violation",
        "decide_no_violation",
        "decide_not_followed_up",
    ]
    assert transitions_from(Status.CLOSED) == []


# --- Every step, from every source --------------------------------------------------------------


STEPS = [(t.name, source) for t in TRANSITIONS for source in sorted(t.sources)]


def case_in(w, status: str) -> Case:
    if status == Status.INFO_RECEIVED:
        return open_finding(w, kind=CaseKind.INITIAL_INFO, source=Source.SOCIAL_MEDIA)
    return advance(open_finding(w), w, status)


@pytest.mark.parametrize(("name", "source"), STEPS, ids=[f"{n}-from-{s}" for n, s in STEPS])
def test_every_step_succeeds_from_each_source(w, name, source):
    spec = BY_NAME[name]
    case = case_in(w, source)
    before = Case.objects.get(pk=case.pk)
    running_before = set(
        case.deadlines.filter(stopped_on__isnull=True).values_list("key", flat=True)
    )
    if spec.by_recipient:
        after = step(case, w, name, "recipient", note="Not proven.")
        actor_ids = set(case.recommendations.values_list("recipient_id", flat=True))
    else:
        actor = w.commissioner if spec.roles == COMMISSIONERS else w.handler
        prepare(case, name, w)
        after = services.transition_case(
            case=case, transition=name, actor=actor, note="Because of the evidence."
        )
        actor_ids = None
    after.refresh_from_db()
    assert after.status == spec.target
    assert after.version == before.version + 1
    event = after.events.exclude(transition="open").last()
    assert (event.transition, event.from_status, event.to_status) == (name, source, spec.target)
    if actor_ids is None:
        assert event.actor == actor
        assert event.note == "Because of the evidence."
    else:
        assert event.actor.memberships.get().organisation_id in actor_ids
    if spec.note_required:
        assert after.outcome_note
    for key in spec.stops:
        assert not after.deadlines.filter(key=key, stopped_on__isnull=True).exists()
        if key in running_before:
            assert after.deadlines.get(key=key).stopped_on == TODAY
    for key in spec.starts:
        clock = after.deadlines.get(key=key, stopped_on__isnull=True)
        assert clock.starts_on == TODAY
        assert event.rule_versions[f"deadline:{key}"] == clock.rule_id
    for key in running_before - set(spec.stops):
        assert after.deadlines.filter(key=key, stopped_on__isnull=True).exists()
    if spec.target == Status.CLOSED:
        assert after.closed_on == TODAY
    if spec.target in (Status.VIOLATION, Status.NO_VIOLATION, Status.NOT_FOLLOWED_UP):
        assert after.decided_on == TODAY


def test_a_field_supervisor_raises_and_drops_initial_information(w):
    info = open_finding(
        w,
        actor=w.supervisor,
        office=w.cipocok,
        kind=CaseKind.INITIAL_INFO,
        source=Source.SOCIAL_MEDIA,
    )
    assert info.status == Status.INFO_RECEIVED
    assert info.intake_number == "001/IA/PL/Kec-CipocokJaya/11.01/IX/2024"
    raised = services.transition_case(case=info, transition="raise_to_finding", actor=w.supervisor)
    finding = Case.objects.get(raised_from=info)
    assert raised.status == Status.RAISED
    assert finding.kind == CaseKind.FINDING
    assert finding.status == Status.RECEIVED
    assert finding.office == w.cipocok
    assert finding.known_date == TODAY
    assert finding.intake_number == "001/TM/PL/Kec-CipocokJaya/11.01/IX/2024"
    assert finding.intake_number in raised.outcome_note
    assert [(p.position, p.nip) for p in finding.reported_persons.all()] == [
        (p.position, p.nip) for p in info.reported_persons.all()
    ]
    other = open_finding(
        w, actor=w.supervisor, office=w.cipocok, kind=CaseKind.INITIAL_INFO, source=Source.MEDIA
    )
    dropped = services.transition_case(
        case=other, transition="drop", actor=w.supervisor, note="Not about a civil servant."
    )
    assert dropped.status == Status.DROPPED
    assert dropped.outcome_note == "Not about a civil servant."


def test_raising_needs_a_description(w):
    info = open_finding(w, kind=CaseKind.INITIAL_INFO, source=Source.MEDIA, description="")
    error = refused(case=info, transition="raise_to_finding", actor=w.handler)
    assert error.reasons == ["Describe the event before raising it to a finding."]
    assert not Case.objects.filter(raised_from=info).exists()


# --- Refusals -----------------------------------------------------------------------------------


def test_step_not_allowed_from_the_current_status(w):
    case = open_finding(w)
    before = snapshot(case)
    error = refused(case=case, transition="register", actor=w.handler)
    assert error.message == "“Register” is not possible while the case is “Received”."
    assert snapshot(case) == before


def test_unknown_step(w):
    case = open_finding(w)
    assert (
        refused(case=case, transition="approve", actor=w.handler).message == "Unknown step approve."
    )


def test_handling_staff_cannot_decide(w):
    case = advance(open_finding(w), w, Status.PLENARY)
    before = snapshot(case)
    for name in ("decide_violation", "decide_no_violation", "decide_not_followed_up"):
        error = refused(case=case, transition=name, actor=w.handler, note="x")
        assert error.message.startswith("Your role does not allow")
    assert snapshot(case) == before


def test_a_field_supervisor_cannot_register(w):
    case = open_finding(w, actor=w.supervisor, office=w.cipocok)
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        services.transition_case(case=case, transition="start_check", actor=w.supervisor)
    case = services.transition_case(case=case, transition="start_check", actor=w.handler)
    before = snapshot(case)
    error = refused(case=case, transition="register", actor=w.supervisor)
    assert error.message == "Your role does not allow “Register” on this case."
    assert snapshot(case) == before


def test_an_analyst_cannot_move_a_case(w):
    case = open_finding(w)
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        services.transition_case(case=case, transition="start_check", actor=w.analyst)


def test_a_recipient_cannot_take_office_steps(w):
    case = advance(open_finding(w), w, Status.FORWARDED)
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        services.transition_case(case=case, transition="escalate", actor=w.bkn_officer, note="x")
    # A body the case was not recommended to does not see it at all.
    with pytest.raises(OutOfScope):
        services.transition_case(case=case, transition="acknowledge", actor=w.kpu_officer)
    # The office cannot answer for the recipient.
    with pytest.raises(TransitionNotAllowed, match="Your role does not allow"):
        services.transition_case(case=case, transition="acknowledge", actor=w.handler)


def test_out_of_scope_user(w):
    case = open_finding(w)
    before = snapshot(case)
    with pytest.raises(OutOfScope):
        services.transition_case(case=case, transition="start_check", actor=w.other_handler)
    with pytest.raises(OutOfScope):
        services.transition_case(case=case, transition="start_check", actor=w.bkn_officer)
    assert snapshot(case) == before


def test_a_conflicted_user_is_out_of_scope(w):
    case = open_finding(w)
    services.declare_conflict(case=case, actor=w.handler, relation="Cousin of the camat")
    with pytest.raises(OutOfScope):
        services.transition_case(case=case, transition="start_check", actor=w.handler)
    assert (
        services.transition_case(case=case, transition="start_check", actor=w.handler2).status
        == Status.UNDER_CHECK
    )


NOTE_STEPS = [t for t in TRANSITIONS if t.note_required and not t.by_recipient]


@pytest.mark.parametrize("spec", NOTE_STEPS, ids=[t.name for t in NOTE_STEPS])
def test_note_required(w, spec):
    source = sorted(spec.sources)[0]
    case = case_in(w, source)
    actor = w.commissioner if spec.roles == COMMISSIONERS else w.handler
    before = snapshot(case)
    error = refused(case=case, transition=spec.name, actor=actor, note="   ")
    assert error.message == f"“{spec.label}” needs a written reason."
    assert error.reasons == ["A written reason is required."]
    assert snapshot(case) == before


# --- Guards -------------------------------------------------------------------------------------


def register_refusal(case, w) -> list[str]:
    case = services.transition_case(case=case, transition="start_check", actor=w.handler)
    before = snapshot(case)
    error = refused(case=case, transition="register", actor=w.handler)
    assert error.message == "“Register” cannot be done yet."
    assert snapshot(case) == before
    assert not RegistrationCounter.objects.filter(kind_code__in=["TM", "LP"]).exists()
    return error.reasons


def test_formal_check_report_without_reporter(w):
    case = open_report(w)
    case.reporters.all().delete()
    assert register_refusal(case, w) == [
        "Formal requirements are incomplete: the reporter's identity."
    ]


def test_formal_check_without_reported_person(w):
    case = open_finding(w, persons=[])
    assert register_refusal(case, w) == [
        "Formal requirements are incomplete: at least one reported person."
    ]


def test_material_check_lists_what_is_missing(w):
    case = open_finding(w, incident_date=None, place_region_code="", description="")
    assert register_refusal(case, w) == [
        "Material requirements are incomplete: the date of the event, the place of the event, "
        "a description of the event."
    ]


def test_all_failing_guards_are_reported_together(w):
    case = open_finding(w, persons=[], description="")
    reasons = register_refusal(case, w)
    assert len(reasons) == 2


def test_late_report_names_the_dates_and_the_legal_source(w):
    # Known on Tuesday 20 August 2024; 7 working days end on Thursday 29 August.
    case = open_report(
        w, known_date=date(2024, 8, 20), received_at=datetime(2024, 8, 30, 10, 0, tzinfo=JAKARTA)
    )
    rule = deadline_rule(
        key=DeadlineKey.REPORT_WINDOW,
        election_kind="pemilu",
        case_kind="report",
        on=date(2024, 8, 20),
    )
    assert register_refusal(case, w) == [
        "Late: it was received on 2024-08-30, but the 7 working days after it became known on "
        f"2024-08-20 ended on 2024-08-29 ({rule.legal_source})."
    ]
    assert "454(6)" in rule.legal_source


def test_late_is_judged_on_the_jakarta_date(w):
    # 06:00 in Jakarta on 30 August is still 29 August in UTC.
    case = open_report(
        w, known_date=date(2024, 8, 20), received_at=datetime(2024, 8, 30, 6, 0, tzinfo=JAKARTA)
    )
    reasons = register_refusal(case, w)
    assert reasons[0].startswith("Late: it was received on 2024-08-30")


def test_report_on_the_last_day_is_in_time(w):
    case = open_report(
        w, known_date=date(2024, 8, 20), received_at=datetime(2024, 8, 29, 23, 30, tzinfo=JAKARTA)
    )
    case = advance(case, w, Status.REGISTERED)
    assert case.registration_number.startswith("001/Reg/LP/")


def test_pemilu_finding_window_is_7_calendar_days(w):
    late = open_finding(
        w, known_date=date(2024, 8, 25), received_at=datetime(2024, 9, 2, 8, 0, tzinfo=JAKARTA)
    )
    reasons = register_refusal(late, w)
    assert (
        "the 7 calendar days after it became known on 2024-08-25 ended on 2024-09-01" in reasons[0]
    )
    in_time = open_finding(
        w, known_date=date(2024, 8, 26), received_at=datetime(2024, 9, 2, 8, 0, tzinfo=JAKARTA)
    )
    assert advance(in_time, w, Status.REGISTERED).status == Status.REGISTERED


def test_pilkada_report_window_is_7_calendar_days(w):
    late = open_report(w, election=w.pilkada, known_date=date(2024, 8, 25))
    assert "7 calendar days" in register_refusal(late, w)[0]
    in_time = open_report(w, election=w.pilkada, known_date=date(2024, 8, 26))
    assert advance(in_time, w, Status.REGISTERED).status == Status.REGISTERED


def test_legal_study_needs_clarification_minutes(w):
    case = advance(open_finding(w), w, Status.CLARIFICATION)
    before = snapshot(case)
    error = refused(case=case, transition="start_legal_study", actor=w.handler)
    assert error.reasons == [
        "Keep the clarification minutes first: upload the signed scan, or generate it, "
        "complete it and finalise it."
    ]
    assert snapshot(case) == before
    attach(case, DocumentKind.CLARIFICATION_MINUTES)
    assert (
        services.transition_case(case=case, transition="start_legal_study", actor=w.handler).status
        == Status.LEGAL_STUDY
    )


def test_plenary_needs_the_legal_study_and_a_violation_type(w):
    case = advance(open_finding(w), w, Status.LEGAL_STUDY)
    error = refused(case=case, transition="submit_to_plenary", actor=w.handler)
    assert error.reasons == [
        "Keep the legal study first: upload the signed scan, or generate it, complete it "
        "and finalise it.",
        "Choose the category and at least one violation form from the catalogue.",
    ]
    classify(case, w.handler)
    error = refused(case=case, transition="submit_to_plenary", actor=w.handler)
    assert len(error.reasons) == 1
    assert error.reasons[0].startswith("Keep the legal study")
    attach(case, DocumentKind.LEGAL_STUDY)
    assert (
        services.transition_case(case=case, transition="submit_to_plenary", actor=w.handler).status
        == Status.PLENARY
    )


def test_nip_required_for_a_civil_servant_before_forwarding(w):
    case = advance(open_finding(w, persons=[pns(nip=""), village_head()]), w, Status.VIOLATION)
    before = snapshot(case)
    error = refused(case=case, transition="forward_recommendation", actor=w.handler)
    assert error.reasons == [
        "Complete the NIP of Camat Cipocok Jaya before forwarding the recommendation."
    ]
    assert snapshot(case) == before
    person = case.reported_persons.get(employment_type="pns")
    services.complete_nip(person=person, actor=w.handler, nip="19850310 201001 1 003")
    forwarded = services.transition_case(
        case=case, transition="forward_recommendation", actor=w.handler
    )
    assert forwarded.status == Status.FORWARDED


def test_pppk_also_needs_a_nip_but_a_village_head_does_not(w):
    case = advance(
        open_finding(w, persons=[pns(nip="", employment_type="pppk")]), w, Status.VIOLATION
    )
    assert refused(case=case, transition="forward_recommendation", actor=w.handler).reasons
    case = advance(open_finding(w, persons=[village_head()]), w, Status.FORWARDED)
    assert case.status == Status.FORWARDED


def test_invalid_nip_is_refused_at_forwarding(w):
    case = advance(open_finding(w), w, Status.VIOLATION)
    case.reported_persons.update(nip="198502312010011003")
    error = refused(case=case, transition="forward_recommendation", actor=w.handler)
    assert error.reasons == ["The birth date in this NIP (19850231) is not a real date."]
    assert case.recommendations.count() == 0


# --- Nothing half-saved -------------------------------------------------------------------------


def test_a_missing_rule_mid_step_rolls_everything_back(w):
    case = advance(open_finding(w), w, Status.UNDER_CHECK)
    DeadlineRule.objects.filter(key=DeadlineKey.DECISION_WINDOW).delete()
    before = snapshot(case)
    with pytest.raises(RuleMissing, match="No deadline rule decision_window"):
        services.transition_case(case=case, transition="register", actor=w.handler)
    assert snapshot(case) == before
    assert not RegistrationCounter.objects.filter(kind_code="TM").exists()


def test_forwarding_without_a_routing_rule_is_refused_and_rolled_back(w):
    case = advance(open_finding(w), w, Status.VIOLATION)
    RoutingRule.objects.filter(category="non_stage_asn").delete()
    before = snapshot(case)
    error = refused(case=case, transition="forward_recommendation", actor=w.handler)
    assert (
        error.message == "No recipient body is configured for this case: check the routing rules."
    )
    assert snapshot(case) == before


def test_the_recipient_cannot_close_the_loop_through_the_bare_step(w):
    """The sanction step needs every recommendation answered (through the inbox services)."""
    case = advance(open_finding(w), w, Status.FORWARDED)
    before = snapshot(case)
    for name in ("record_sanction", "record_refusal"):
        error = refused(case=case, transition=name, actor=w.bkn_officer, note="x")
        assert error.reasons
    assert snapshot(case) == before


# --- Registration numbers -----------------------------------------------------------------------


def test_registration_number_of_a_city_finding(w):
    case = open_finding(w)
    assert case.intake_number == "001/TM/PL/Kota/1.01/IX/2024"
    case = advance(case, w, Status.REGISTERED)
    assert case.registration_number == "001/Reg/TM/PL/Kota/1.01/IX/2024"
    assert case.registered_on == TODAY
    assert case.number == str(case) == case.registration_number
    second = advance(open_finding(w), w, Status.REGISTERED)
    assert second.registration_number == "002/Reg/TM/PL/Kota/1.01/IX/2024"
    report = advance(open_report(w), w, Status.REGISTERED)
    assert report.intake_number == "001/LP/PL/Kota/1.01/IX/2024"
    assert report.registration_number == "001/Reg/LP/PL/Kota/1.01/IX/2024"


def test_registration_number_of_a_district_office(w):
    case = open_finding(w, actor=w.supervisor, office=w.cipocok)
    case = advance(case, w, Status.REGISTERED)
    assert case.registration_number == "001/REG/TM/PL/Kec-CipocokJaya/11.01/IX/2024"
    # The city office's own sequence is separate.
    city = advance(open_finding(w), w, Status.REGISTERED)
    assert city.registration_number == "001/Reg/TM/PL/Kota/1.01/IX/2024"


def test_pilkada_numbers_use_the_pilkada_code(w):
    case = advance(open_finding(w, election=w.pilkada), w, Status.REGISTERED)
    assert case.intake_number == "001/TM/PG/Kota/1.01/IX/2024"
    assert case.registration_number == "001/Reg/TM/PG/Kota/1.01/IX/2024"


def test_sequence_restarts_each_year_and_month_is_roman(w, frozen):
    advance(open_finding(w), w, Status.REGISTERED)
    frozen.move_to(datetime(2024, 12, 30, 9, 0, tzinfo=JAKARTA))
    december = advance(open_finding(w), w, Status.REGISTERED)
    assert december.registration_number == "002/Reg/TM/PL/Kota/1.01/XII/2024"
    frozen.move_to(datetime(2025, 1, 6, 9, 0, tzinfo=JAKARTA))
    january = advance(open_finding(w), w, Status.REGISTERED)
    assert january.intake_number == "001/TM/PL/Kota/1.01/I/2025"
    assert january.registration_number == "001/Reg/TM/PL/Kota/1.01/I/2025"
    assert RegistrationCounter.objects.get(office=w.serang, kind_code="TM", year=2024).last_seq == 2


def test_the_registration_number_uses_the_registration_date(w, frozen):
    case = open_finding(w)
    frozen.move_to(datetime(2024, 10, 1, 9, 0, tzinfo=JAKARTA))
    case = advance(case, w, Status.UNDER_CHECK)
    case = services.transition_case(
        case=case, transition="register", actor=w.handler, on=date(2024, 9, 3)
    )
    assert case.registration_number == "001/Reg/TM/PL/Kota/1.01/IX/2024"
    assert case.registered_on == date(2024, 9, 3)


def test_offices_without_a_configured_code_do_not_collide(w, org_factory):
    cinangka = org_factory("36.04.01", name="Panwaslu Kecamatan Cinangka")
    serang = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    assert cinangka.office_code == serang.office_code == ""
    intake, registered = set(), set()
    for office, handler in ((cinangka, w.other_handler), (serang, w.handler)):
        case = open_finding(w, actor=handler, office=office)
        intake.add(case.intake_number)
        case = services.transition_case(case=case, transition="start_check", actor=handler)
        case = services.transition_case(case=case, transition="register", actor=handler)
        registered.add(case.registration_number)
    assert len(intake) == len(registered) == 2


# --- Clocks and extensions ----------------------------------------------------------------------


def test_pemilu_decision_clock_and_its_extension(w):
    case = advance(open_finding(w), w, Status.REGISTERED)
    clock = case.deadlines.get(key=DeadlineKey.DECISION_WINDOW)
    rule = deadline_rule(
        key=DeadlineKey.DECISION_WINDOW, election_kind="pemilu", case_kind="finding", on=TODAY
    )
    assert (clock.rule, clock.days, clock.unit, clock.starts_on) == (
        rule,
        7,
        DayUnit.WORKING,
        TODAY,
    )
    assert clock.due_on == date(2024, 9, 11)  # 3, 4, 5, 6, 9, 10, 11 September
    extended = services.extend_deadline(
        case=case, actor=w.handler, reason="Waiting for the agency's documents."
    )
    # 12, 13, (16 Prophet's Birthday), 17, 18, 19, 20, 23 September.
    assert extended.due_on == date(2024, 9, 23)
    assert extended.extended_days == 7
    assert extended.extension_reason == "Waiting for the agency's documents."
    event = case.events.get(transition="extend_deadline")
    assert (event.from_status, event.to_status) == (Status.REGISTERED, Status.REGISTERED)
    assert event.note == "Waiting for the agency's documents."
    assert event.rule_versions == {"deadline:decision_window": rule.pk}
    with pytest.raises(ValidationError) as info:
        services.extend_deadline(case=case, actor=w.handler, reason="Once more")
    assert info.value.message_dict == {"reason": ["The deadline has already been extended."]}
    assert CaseDeadline.objects.get(pk=clock.pk).due_on == date(2024, 9, 23)


def test_pilkada_decision_clock_3_plus_2_calendar_days(w):
    case = advance(open_finding(w, election=w.pilkada), w, Status.REGISTERED)
    clock = case.deadlines.get(key=DeadlineKey.DECISION_WINDOW)
    assert (clock.days, clock.unit, clock.due_on) == (3, DayUnit.CALENDAR, date(2024, 9, 5))
    extended = services.extend_deadline(case=case, actor=w.commissioner, reason="Expert needed")
    assert extended.due_on == date(2024, 9, 7)


def test_extension_refusals(w):
    case = advance(open_finding(w), w, Status.REGISTERED)
    events = case.events.count()
    with pytest.raises(ValidationError) as info:
        services.extend_deadline(case=case, actor=w.handler, reason="  ")
    assert info.value.message_dict == {"reason": ["Give the reason for the extension."]}
    with pytest.raises(OutOfScope):
        services.extend_deadline(case=case, actor=w.other_handler, reason="x")
    with pytest.raises(OutOfScope):
        services.extend_deadline(case=case, actor=w.analyst, reason="x")
    assert case.events.count() == events
    assert case.deadlines.get().extended_days == 0
    received = open_finding(w)
    with pytest.raises(ValidationError) as info:
        services.extend_deadline(case=received, actor=w.handler, reason="x")
    assert info.value.message_dict == {"reason": ["This clock is not running."]}
    waiting = advance(open_finding(w), w, Status.AWAITING_COMPLETION)
    with pytest.raises(ValidationError) as info:
        services.extend_deadline(
            case=waiting, actor=w.handler, reason="x", key=DeadlineKey.COMPLETION_WINDOW
        )
    assert info.value.message_dict == {"reason": ["The rule allows no extension."]}


def test_completion_clock_starts_and_stops(w):
    case = advance(open_report(w), w, Status.AWAITING_COMPLETION)
    clock = case.deadlines.get(key=DeadlineKey.COMPLETION_WINDOW)
    assert (clock.starts_on, clock.due_on, clock.stopped_on) == (TODAY, date(2024, 9, 4), None)
    case = services.transition_case(case=case, transition="receive_completion", actor=w.handler)
    clock.refresh_from_db()
    assert clock.stopped_on == TODAY
    case = services.transition_case(case=case, transition="register", actor=w.handler)
    assert list(case.deadlines.filter(stopped_on__isnull=True).values_list("key", flat=True)) == [
        DeadlineKey.DECISION_WINDOW
    ]


def test_decision_clock_stops_at_the_plenary_decision_and_follow_up_starts(w, frozen):
    case = advance(open_finding(w), w, Status.PLENARY)
    frozen.move_to(datetime(2024, 9, 9, 9, 0, tzinfo=JAKARTA))
    case = advance(case, w, Status.FORWARDED)
    decision = case.deadlines.get(key=DeadlineKey.DECISION_WINDOW)
    assert decision.stopped_on == date(2024, 9, 9)
    follow_up = case.deadlines.get(key=DeadlineKey.FOLLOW_UP_WINDOW)
    assert (follow_up.starts_on, follow_up.due_on, follow_up.stopped_on) == (
        date(2024, 9, 9),
        date(2024, 9, 23),
        None,
    )
    rec = case.recommendations.get()
    assert (rec.sent_on, rec.due_on) == (date(2024, 9, 9), date(2024, 9, 23))


# --- Events and rule versions -------------------------------------------------------------------


def test_events_record_the_rule_versions_used(w):
    case = advance(open_finding(w), w, Status.FORWARDED)
    events = {e.transition: e for e in case.events.all()}
    assert list(events) == [
        "open",
        "start_check",
        "register",
        "start_clarification",
        "start_legal_study",
        "submit_to_plenary",
        "decide_violation",
        "forward_recommendation",
    ]
    fmt = numbering_format(office_kind="bawaslu_regency", election_kind="pemilu", on=TODAY)
    decision = deadline_rule(
        key=DeadlineKey.DECISION_WINDOW, election_kind="pemilu", case_kind="finding", on=TODAY
    )
    assert events["register"].rule_versions == {
        "numbering_format": fmt.pk,
        "deadline:decision_window": decision.pk,
    }
    follow_up = deadline_rule(
        key=DeadlineKey.FOLLOW_UP_WINDOW, election_kind="pemilu", case_kind="finding", on=TODAY
    )
    routing = routing_rule(category="non_stage_asn", employment_type="pns", on=TODAY)
    assert routing.recipient_kind == "civil_service_body"
    letter_format = numbering_format(office_kind="bawaslu_regency", election_kind="pemilu",
                                     on=TODAY, purpose="recommendation")
    versions = dict(events["forward_recommendation"].rule_versions)
    sanctions = SanctionRule.objects.filter(employment_type="pns")
    assert sorted(versions.pop("sanction_rules")) == sorted(sanctions.values_list("pk", flat=True))
    assert versions == {
        "routing": [routing.pk],
        "letter_numbering_format": letter_format.pk,
        "deadline:follow_up_window": follow_up.pk,
    }
    assert case.recommendations.get().routing_rule == routing
    register = events["register"]
    assert (register.from_status, register.to_status, register.actor) == (
        Status.UNDER_CHECK,
        Status.REGISTERED,
        w.handler,
    )
    assert register.at == MONDAY


# --- Optimistic locking -------------------------------------------------------------------------


def test_transition_with_a_stale_version_is_refused(w):
    case = open_finding(w)
    stale = case.version
    services.update_case(case=case, actor=w.handler2, expected_version=stale, title="Edited")
    before = snapshot(case)
    with pytest.raises(ConcurrentEdit):
        services.transition_case(
            case=case, transition="start_check", actor=w.handler, expected_version=stale
        )
    assert snapshot(case) == before
    moved = services.transition_case(
        case=case, transition="start_check", actor=w.handler, expected_version=stale + 1
    )
    assert moved.version == stale + 2


def test_update_case_with_optimistic_locking(w):
    case = open_finding(w)
    updated = services.update_case(
        case=case,
        actor=w.handler,
        expected_version=case.version,
        title="Camat on a flyer",
        place_region_code="36.73.05",
    )
    assert (updated.title, updated.place_region_code, updated.version) == (
        "Camat on a flyer",
        "36.73.05",
        case.version + 1,
    )
    with pytest.raises(ConcurrentEdit):
        services.update_case(
            case=case, actor=w.handler2, expected_version=case.version, title="Overwritten"
        )
    assert Case.objects.get(pk=case.pk).title == "Camat on a flyer"
    with pytest.raises(ValidationError):
        services.update_case(
            case=case, actor=w.handler, expected_version=updated.version, place_region_code="99.99"
        )
    with pytest.raises(TypeError):
        services.update_case(
            case=case, actor=w.handler, expected_version=updated.version, status=Status.CLOSED
        )
    with pytest.raises(OutOfScope):
        services.update_case(
            case=case, actor=w.other_handler, expected_version=updated.version, title="x"
        )
    assert Case.objects.get(pk=case.pk).version == updated.version


# --- What the user may do now -------------------------------------------------------------------


def test_allowed_transitions_per_user(w):
    case = advance(open_finding(w), w, Status.PLENARY)
    assert services.allowed_transitions(case, w.handler) == []
    assert [t.name for t in services.allowed_transitions(case, w.commissioner)] == [
        "decide_violation",
        "decide_no_violation",
        "decide_not_followed_up",
    ]
    forwarded = advance(open_finding(w), w, Status.FORWARDED)
    assert [t.name for t in services.allowed_transitions(forwarded, w.bkn_officer)] == [
        "acknowledge",
        "record_sanction",
        "record_refusal",
    ]
    assert [t.name for t in services.allowed_transitions(forwarded, w.handler)] == ["escalate"]
    assert services.allowed_transitions(forwarded, w.other_handler) == []


# --- The generated document ---------------------------------------------------------------------


def test_docs_workflow_md_is_the_current_command_output():
    out = StringIO()
    call_command("workflow_table", stdout=out)
    assert DOCS.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/workflow.md is out of date: run `netra workflow_table --output docs/workflow.md`"
    )


def test_workflow_table_lists_every_step_and_status():
    out = StringIO()
    call_command("workflow_table", stdout=out)
    text = out.getvalue()
    for t in TRANSITIONS:
        assert f"`{t.name}`" in text
    for value in Status.values:
        assert f"`{value}`" in text
    assert "formal_requirements" in text
    assert "within_report_window" in text


def test_workflow_table_writes_a_file(tmp_path):
    target = tmp_path / "workflow.md"
    call_command("workflow_table", output=str(target), stdout=StringIO())
    assert target.read_text(encoding="utf-8") == DOCS.read_text(encoding="utf-8")
