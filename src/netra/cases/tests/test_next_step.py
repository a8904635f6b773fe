"""Who acts next (issue #15.3): the next step, its roles, office and due date for every status,
from intake on (the report window before registration comes from the rule in data), the batch
version's query count, whose turn it is, and the "waiting for me" filter."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from netra.accounts.roles import Role
from netra.cases import next_step
from netra.cases.choices import CaseKind, Source
from netra.cases.models import Case, CaseDeadline
from netra.cases.next_step import next_action, next_action_for, next_actions, waiting_for
from netra.cases.workflow import Status
from netra.rules.choices import DeadlineKey
from netra.rules.models import DeadlineRule

from .conftest import TODAY
from .factories import advance, open_finding, open_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

HANDLING = (Role.HANDLING_STAFF,)
# status → (roles named, clock key, acting office: "office" or "recipient", final)
EXPECTED = {
    Status.RECEIVED: (HANDLING, DeadlineKey.REPORT_WINDOW, "office", False),
    Status.UNDER_CHECK: (HANDLING, DeadlineKey.REPORT_WINDOW, "office", False),
    Status.AWAITING_COMPLETION: (HANDLING, DeadlineKey.COMPLETION_WINDOW, "office", False),
    Status.NOT_REGISTERED: (HANDLING, "", "office", False),
    Status.REGISTERED: (HANDLING, DeadlineKey.DECISION_WINDOW, "office", False),
    Status.CLARIFICATION: (HANDLING, DeadlineKey.DECISION_WINDOW, "office", False),
    Status.LEGAL_STUDY: (HANDLING, DeadlineKey.DECISION_WINDOW, "office", False),
    Status.PLENARY: ((Role.COMMISSIONER,), DeadlineKey.DECISION_WINDOW, "office", False),
    Status.VIOLATION: (HANDLING, "", "office", False),
    Status.NO_VIOLATION: (HANDLING, "", "office", False),
    Status.NOT_FOLLOWED_UP: (HANDLING, "", "office", False),
    Status.FORWARDED: ((Role.RECIPIENT_OFFICER,), DeadlineKey.FOLLOW_UP_WINDOW, "recipient",
                       False),
    Status.AWAITING_FOLLOW_UP: ((Role.RECIPIENT_OFFICER,), DeadlineKey.FOLLOW_UP_WINDOW,
                                "recipient", False),
    Status.ESCALATED: ((Role.RECIPIENT_OFFICER,), DeadlineKey.FOLLOW_UP_WINDOW, "recipient",
                       False),
    Status.SANCTION_IMPOSED: (HANDLING, "", "office", False),
    Status.RECOMMENDATION_REJECTED: (HANDLING, "", "office", False),
    Status.CLOSED: ((), "", "office", True),
}


def test_every_status_has_an_expectation():
    reached_by_finding = set(EXPECTED) | {Status.INFO_RECEIVED, Status.RAISED,
                                          Status.CONTINUED_AS_REPORT, Status.DROPPED}
    assert reached_by_finding == set(Status.values)


@pytest.mark.parametrize("status", list(EXPECTED))
def test_next_action_for_every_status(w, status):
    case = advance(open_finding(w), w, status)
    roles, clock, acting, final = EXPECTED[status]
    action = next_action(case, today=TODAY)
    assert action.status == status
    assert action.roles == roles
    assert action.clock_key == clock
    assert action.final is final
    if acting == "recipient":
        assert action.office_name == w.bkn.name
        assert action.office_id == w.bkn.pk
        assert action.by_recipient
    else:
        assert action.office_name == w.serang.name
    running = CaseDeadline.objects.filter(case=case, stopped_on__isnull=True).order_by("due_on")
    if clock and running.exists():
        assert action.due_on == running.first().due_on
    if not clock:
        assert action.due_on is None
    assert action.overdue is False
    assert str(action.step_label)


def test_finding_before_registration_counts_from_the_day_it_became_known(w):
    # Pemilu finding: 7 calendar days after discovery (rule in data).
    case = open_finding(w, known_date=TODAY - timedelta(days=3))
    action = next_action(case, today=TODAY)
    assert action.due_on == TODAY - timedelta(days=3) + timedelta(days=7)
    assert action.clock_key == DeadlineKey.REPORT_WINDOW
    assert not action.overdue
    late = next_action(case, today=TODAY + timedelta(days=5))
    assert late.overdue


def test_report_before_registration_counts_working_days_from_receipt(w):
    case = open_report(w)  # received Monday 2 Sep 2024; Pemilu reports: 7 working days
    action = next_action(case, today=TODAY)
    assert action.due_on == date(2024, 9, 11)
    assert action.roles == HANDLING


def test_the_rule_in_data_decides_the_pre_registration_clock(w):
    DeadlineRule.objects.filter(key=DeadlineKey.REPORT_WINDOW, election_kind="pemilu",
                                case_kind=CaseKind.FINDING).update(days=3)
    case = open_finding(w)
    assert next_action(case, today=TODAY).due_on == TODAY + timedelta(days=3)


def test_initial_information_waits_for_the_field_supervisor(w):
    case = open_finding(w, actor=w.supervisor, office=w.cipocok, kind=CaseKind.INITIAL_INFO,
                        source=Source.SOCIAL_MEDIA, known_date=TODAY - timedelta(days=8))
    assert case.status == Status.INFO_RECEIVED
    action = next_action(case, today=TODAY)
    assert action.roles == (Role.FIELD_SUPERVISOR, Role.HANDLING_STAFF)
    assert action.office_name == w.cipocok.name
    assert action.due_on == TODAY - timedelta(days=1)
    assert action.overdue


def test_overdue_recommendation_answer(w):
    case = advance(open_finding(w), w, Status.FORWARDED)
    rec = case.recommendations.get()
    action = next_action(case, today=rec.due_on + timedelta(days=1))
    assert action.overdue
    assert action.due_on == rec.due_on


def test_batch_needs_no_query_per_row(w):
    cases = [open_finding(w), open_report(w), advance(open_finding(w), w, Status.FORWARDED),
             advance(open_finding(w), w, Status.PLENARY)]
    fresh = list(Case.objects.filter(pk__in=[c.pk for c in cases]))
    with CaptureQueriesContext(connection) as few:
        result = next_actions(fresh[:2], today=TODAY)
    assert len(result) == 2
    more = [open_finding(w) for _ in range(3)] + [advance(open_finding(w), w, Status.FORWARDED)]
    fresh = list(Case.objects.filter(pk__in=[c.pk for c in cases + more]))
    with CaptureQueriesContext(connection) as many:
        result = next_actions(fresh, today=TODAY)
    assert len(result) == 8
    assert len(many) <= max(len(few), 5) + 1  # the holiday table, once
    assert result[cases[2].pk].office_name == w.bkn.name
    assert result[cases[3].pk].roles == (Role.COMMISSIONER,)


def test_whose_turn_and_what_others_read(w):
    case = advance(open_finding(w), w, Status.PLENARY)
    mine = next_action_for(w.commissioner, case, today=TODAY)
    assert mine.yours
    assert {t.name for t in mine.transitions} == {
        "decide_violation", "decide_no_violation", "decide_not_followed_up"}
    theirs = next_action_for(w.handler, case, today=TODAY)
    assert not theirs.yours
    assert theirs.transitions == ()
    due = theirs.action.due_on
    with translation.override("id"):
        text = theirs.message
    assert text.startswith(
        "Menunggu: Anggota (komisioner) Bawaslu Kota Serang, paling lambat 11 Sep")
    assert str(due.year) in text
    with translation.override("en"):
        assert next_action_for(w.commissioner, case, today=TODAY).message.startswith(
            "Your turn: Plenary decision")


def test_waiting_for_me(w):
    plenary = advance(open_finding(w), w, Status.PLENARY)
    received = open_finding(w)
    forwarded = advance(open_finding(w), w, Status.FORWARDED)
    closed = advance(open_finding(w), w, Status.CLOSED)

    def mine(user):
        return set(waiting_for(Case.objects.all(), user).values_list("pk", flat=True))

    assert mine(w.commissioner) >= {plenary.pk}
    assert plenary.pk not in mine(w.handler)
    assert received.pk in mine(w.handler)
    assert closed.pk not in mine(w.handler) | mine(w.commissioner) | mine(w.admin)
    assert mine(w.bkn_officer) == {forwarded.pk}
    assert mine(w.other_handler) == set()
    assert mine(w.analyst) == set()


def test_step_labels_cover_every_open_status():
    for status in Status.values:
        if next_step.step_transitions(status):
            assert status in next_step.STEP_LABELS or status in (
                Status.NOT_REGISTERED, Status.NO_VIOLATION, Status.NOT_FOLLOWED_UP,
                Status.SANCTION_IMPOSED, Status.RECOMMENDATION_REJECTED)
