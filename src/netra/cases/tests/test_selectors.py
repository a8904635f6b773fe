"""Reads of cases: the list and its filters, the dashboard counts on frozen dates, possible
duplicates, who may see the reporter, and the recipients' inbox."""

from datetime import date, datetime, timedelta

import pytest

from netra.cases import services
from netra.cases.choices import CaseKind, RecommendationStatus
from netra.cases.identity import may_reveal_identity
from netra.cases.models import Case
from netra.cases.permissions import CaseAction
from netra.cases.selectors import (
    CaseFilters,
    case_get,
    case_list,
    dashboard_counts,
    inbox,
    possible_duplicates,
)
from netra.cases.workflow import Status

from .conftest import JAKARTA, MONDAY, TODAY
from .factories import (
    OTHER_NIP,
    VALID_NIP,
    CaseFactory,
    ReportedPersonFactory,
    advance,
    classify,
    open_finding,
    open_report,
    pns,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]



def ids(rows) -> set[int]:
    return {c.pk for c in rows}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=JAKARTA)


# --- The case list ------------------------------------------------------------------------------


def test_case_list_filters(w):
    finding = advance(open_finding(w), w, Status.REGISTERED)  # decision due 11 September
    report = open_report(w)
    district = open_finding(w, actor=w.supervisor, office=w.cipocok)
    pilkada = advance(open_finding(w, election=w.pilkada), w, Status.REGISTERED)  # due 5 Sept
    classify(pilkada, w.handler)

    def listed(**kw):
        return ids(case_list(user=w.handler, filters=CaseFilters(**kw)))

    assert listed() == {finding.pk, report.pk, district.pk, pilkada.pk}
    assert listed(kind=CaseKind.REPORT) == {report.pk}
    assert listed(status=Status.REGISTERED) == {finding.pk, pilkada.pk}
    assert listed(category="non_stage_asn") == {pilkada.pk}
    assert listed(office_id=w.cipocok.pk) == {district.pk}
    assert listed(region="36.73.05") == {district.pk}
    assert listed(election_id=w.pilkada.pk) == {pilkada.pk}
    assert listed(due_before=date(2024, 9, 5)) == {pilkada.pk}
    assert listed(due_before=date(2024, 9, 11)) == {finding.pk, pilkada.pk}
    assert listed(query="Reg/TM/PG") == {pilkada.pk}
    assert listed(query=report.intake_number) == {report.pk}
    assert listed(overdue=True) == set()
    rows = {c.pk: c for c in case_list(user=w.handler)}
    assert rows[pilkada.pk].next_due == date(2024, 9, 5)
    assert rows[report.pk].next_due is None


def test_case_list_overdue_uses_the_frozen_today(w, frozen):
    case = advance(open_finding(w, election=w.pilkada), w, Status.REGISTERED)  # due 5 Sept
    frozen.move_to(at(date(2024, 9, 5)))
    assert ids(case_list(user=w.handler, filters=CaseFilters(overdue=True))) == set()
    frozen.move_to(at(date(2024, 9, 6)))
    assert ids(case_list(user=w.handler, filters=CaseFilters(overdue=True))) == {case.pk}


def test_case_list_scope_and_action(w):
    city = open_finding(w)
    district = open_finding(w, actor=w.supervisor, office=w.cipocok)
    elsewhere = open_finding(w, actor=w.other_handler, office=w.kab_serang)
    assert ids(case_list(user=w.handler)) == {city.pk, district.pk}
    assert ids(case_list(user=w.supervisor)) == {district.pk}
    assert ids(case_list(user=w.other_handler)) == {elsewhere.pk}
    assert ids(case_list(user=w.analyst)) == {city.pk, district.pk}
    assert ids(case_list(user=w.analyst, action=CaseAction.CHANGE)) == set()
    assert ids(case_list(user=w.bkn_officer)) == set()
    with pytest.raises(Case.DoesNotExist):
        case_get(user=w.handler, pk=elsewhere.pk)
    assert case_get(user=w.supervisor, pk=district.pk) == district


def test_case_list_runs_one_query(w, django_assert_max_num_queries):
    for _ in range(3):
        CaseFactory(office=w.serang)
        CaseFactory(office=w.cipocok, election=w.pilkada)
    with django_assert_max_num_queries(2):
        rows = list(case_list(user=w.handler))
        labels = [(c.office.name, c.election.name, c.next_due) for c in rows]
    assert len(labels) == 6


# --- Reporter identity --------------------------------------------------------------------------


def test_only_the_handling_office_sees_the_reporter(w):
    case = advance(open_report(w), w, Status.FORWARDED)
    assert may_reveal_identity(w.handler, case)
    assert may_reveal_identity(w.commissioner, case)
    assert not may_reveal_identity(w.admin, case)  # ADR 0004: administrators do not
    assert not may_reveal_identity(w.analyst, case)
    assert not may_reveal_identity(w.bkn_officer, case)
    assert not may_reveal_identity(w.other_handler, case)
    district = open_finding(w, actor=w.supervisor, office=w.cipocok)
    assert may_reveal_identity(w.supervisor, district)  # its own office's case
    assert not may_reveal_identity(w.handler, district)


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_counts_due_soon_and_overdue(w, frozen):
    def register_pilkada_on(day: date) -> Case:
        frozen.move_to(at(day))
        return advance(open_finding(w, election=w.pilkada), w, Status.REGISTERED)

    overdue = register_pilkada_on(date(2024, 8, 28))  # due 31 Aug
    due_today = register_pilkada_on(date(2024, 8, 30))  # due 2 Sept
    due_in_two = register_pilkada_on(date(2024, 9, 1))  # due 4 Sept
    decided = register_pilkada_on(date(2024, 8, 20))  # due 23 Aug, but decided in time
    decided = advance(decided, w, Status.NO_VIOLATION)
    frozen.move_to(at(date(2024, 8, 1)))
    forwarded = advance(open_finding(w), w, Status.FORWARDED)  # answer due 15 Aug
    frozen.move_to(MONDAY)
    later = advance(open_finding(w), w, Status.REGISTERED)  # Pemilu: due 11 Sept
    received = open_report(w)

    counts = dashboard_counts(user=w.handler)
    assert counts.due_soon == 2  # due today and due in two days
    assert counts.overdue == 2  # the Pilkada decision and the unanswered follow-up
    assert counts.awaiting_follow_up == 1
    assert counts.unanswered_recommendations == 1
    assert counts.open_cases == 7
    assert {
        overdue.pk,
        due_today.pk,
        due_in_two.pk,
        decided.pk,
        forwarded.pk,
        later.pk,
        received.pk,
    } == ids(case_list(user=w.handler))

    # The same data on another day.
    assert dashboard_counts(user=w.handler, today=date(2024, 9, 10)).due_soon == 1  # later
    assert dashboard_counts(user=w.handler, today=date(2024, 9, 10)).overdue == 4
    assert dashboard_counts(user=w.handler, soon_days=0).due_soon == 1

    # Scoped like everything else.
    elsewhere = dashboard_counts(user=w.other_handler)
    assert (elsewhere.open_cases, elsewhere.due_soon, elsewhere.overdue) == (0, 0, 0)
    # Forwarded on 1 August 2024, the recommendation went to KASN.
    recipient = dashboard_counts(user=w.kasn_officer)
    assert (recipient.open_cases, recipient.unanswered_recommendations) == (1, 1)
    assert dashboard_counts(user=w.bkn_officer).open_cases == 0


def test_closed_cases_leave_the_dashboard(w):
    case = advance(open_finding(w), w, Status.CLOSED)
    counts = dashboard_counts(user=w.handler)
    assert (counts.open_cases, counts.due_soon, counts.overdue, counts.awaiting_follow_up) == (
        0,
        0,
        0,
        0,
    )
    assert case.deadlines.filter(stopped_on__isnull=True).count() == 0


# --- Possible duplicates ------------------------------------------------------------------------


def test_possible_duplicates_by_nip_or_name_and_agency_within_the_window(w):
    case = open_finding(w)  # Ahmad Sulaiman, Pemerintah Kota Serang, VALID_NIP
    same_nip = open_finding(w, persons=[pns(name="A. Sulaiman", agency="Dinas Pendidikan")])
    same_name = open_report(
        w,
        persons=[pns(nip=OTHER_NIP, name="  AHMAD   Sulaiman ", agency="Pemerintah Kota Serang.")],
    )
    no_nip_same_name = open_finding(
        w, persons=[pns(nip="", name="Ahmad Sulaiman", agency="pemerintah kota serang")]
    )
    other_person = open_finding(w, persons=[pns(nip=OTHER_NIP, name="Budi Hartono")])
    too_early = open_finding(w, known_date=TODAY - timedelta(days=62))
    just_inside = open_finding(w, known_date=TODAY - timedelta(days=61))
    elsewhere = open_finding(w, actor=w.other_handler, office=w.kab_serang)

    found = ids(possible_duplicates(user=w.handler, case=case))
    assert found == {same_nip.pk, same_name.pk, no_nip_same_name.pk, just_inside.pk}
    assert other_person.pk not in found
    assert too_early.pk not in found
    assert elsewhere.pk not in found  # not visible to this user
    assert ids(possible_duplicates(user=w.handler, case=case, window_days=30)) == {
        same_nip.pk,
        same_name.pk,
        no_nip_same_name.pk,
    }

    services.link_cases(case=case, other=same_nip, actor=w.handler, reason="Same camat")
    assert same_nip.pk not in ids(possible_duplicates(user=w.handler, case=case))


def test_possible_duplicates_needs_a_reported_person(w):
    case = open_finding(w, persons=[])
    open_finding(w)
    assert possible_duplicates(user=w.handler, case=case) == []


def test_possible_duplicates_with_factories(w):
    a = CaseFactory(office=w.serang, known_date=TODAY)
    ReportedPersonFactory(case=a, nip=VALID_NIP, name="X")
    b = CaseFactory(office=w.serang, known_date=TODAY - timedelta(days=10))
    ReportedPersonFactory(case=b, nip=VALID_NIP, name="Y")
    assert ids(possible_duplicates(user=w.handler, case=a)) == {b.pk}


# --- Inbox --------------------------------------------------------------------------------------


def test_inbox_lists_the_organisations_recommendations(w, frozen):
    first = advance(open_finding(w), w, Status.FORWARDED)
    frozen.move_to(at(date(2024, 9, 3)))
    second = advance(open_finding(w), w, Status.FORWARDED)
    rows = list(inbox(user=w.bkn_officer))
    assert [r.case_id for r in rows] == [first.pk, second.pk]
    assert all(r.status == RecommendationStatus.SENT for r in rows)
    assert list(inbox(user=w.ppk_officer)) == []
    assert list(inbox(user=w.handler)) == []
