"""Deadline arithmetic: calendar and working days, Indonesian public holidays from the
``holidays`` package, adjustments from the ``Holiday`` table, and the seeded deadline rules."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import DayUnit, DeadlineKey, HolidayKind
from netra.rules.models import Holiday
from netra.rules.selectors import deadline_rule

pytestmark = pytest.mark.django_db

CAL, WORK = DayUnit.CALENDAR, DayUnit.WORKING
JAKARTA = ZoneInfo("Asia/Jakarta")


def cal() -> WorkingCalendar:
    return WorkingCalendar()


# --- Weekends and public holidays from the package ------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 4, 8), True),  # Monday before Idul Fitri
        (date(2024, 4, 10), False),  # Idul Fitri 1445 H
        (date(2024, 4, 11), False),  # Idul Fitri, second day
        (date(2024, 4, 13), False),  # Saturday
        (date(2024, 4, 14), False),  # Sunday
        (date(2024, 12, 25), False),  # Christmas (Wednesday)
        (date(2023, 8, 17), False),  # Independence Day (Thursday)
        (date(2023, 8, 18), True),
    ],
)
def test_working_day(day, working):
    assert cal().is_working_day(day) is working


def test_start_day_is_not_counted():
    assert cal().add(date(2024, 4, 1), 0, WORK) == date(2024, 4, 1)
    assert cal().add(date(2024, 4, 1), 1, WORK) == date(2024, 4, 2)
    assert cal().add(date(2024, 4, 1), 1, CAL) == date(2024, 4, 2)


def test_calendar_days_ignore_weekends_and_holidays():
    # Friday 5 April 2024 + 7 calendar days runs straight through Idul Fitri.
    assert cal().add(date(2024, 4, 5), 7, CAL) == date(2024, 4, 12)
    assert cal().add(date(2024, 12, 24), 3, CAL) == date(2024, 12, 27)


def test_working_days_skip_the_weekend():
    assert cal().add(date(2024, 4, 19), 1, WORK) == date(2024, 4, 22)  # Friday → Monday
    assert cal().add(date(2024, 4, 19), 5, WORK) == date(2024, 4, 26)


def test_working_days_skip_idul_fitri_2024():
    # Mon 8 Apr + 3: Tue 9, (Wed 10, Thu 11 Idul Fitri), Fri 12, (weekend), Mon 15.
    assert cal().add(date(2024, 4, 8), 3, WORK) == date(2024, 4, 15)
    # Mon 1 Apr + 7: 2, 3, 4, 5, 8, 9, 12.
    assert cal().add(date(2024, 4, 1), 7, WORK) == date(2024, 4, 12)


def test_working_days_skip_christmas_and_independence_day():
    assert cal().add(date(2024, 12, 24), 1, WORK) == date(2024, 12, 26)
    assert cal().add(date(2023, 8, 16), 1, WORK) == date(2023, 8, 18)
    assert cal().add(date(2023, 8, 14), 5, WORK) == date(2023, 8, 22)


# --- Adjustments from the Holiday table ---------------------------------------------------------


def test_joint_leave_day_from_the_table_is_a_day_off():
    assert cal().add(date(2024, 4, 8), 1, WORK) == date(2024, 4, 9)
    Holiday.objects.create(
        date=date(2024, 4, 9),
        name="Cuti bersama Idul Fitri",
        kind=HolidayKind.JOINT_LEAVE,
        legal_source="SKB 3 Menteri 2024",
    )
    calendar = cal()
    assert not calendar.is_working_day(date(2024, 4, 9))
    assert calendar.add(date(2024, 4, 8), 1, WORK) == date(2024, 4, 12)
    # Calendar-day rules are not affected.
    assert calendar.add(date(2024, 4, 8), 1, CAL) == date(2024, 4, 9)


def test_saturday_declared_a_working_day():
    saturday = date(2024, 4, 20)
    assert cal().add(date(2024, 4, 19), 1, WORK) == date(2024, 4, 22)
    Holiday.objects.create(date=saturday, name="Hari kerja pengganti", kind=HolidayKind.WORKING)
    calendar = cal()
    assert calendar.is_working_day(saturday)
    assert calendar.add(date(2024, 4, 19), 1, WORK) == saturday
    assert calendar.add(date(2024, 4, 19), 2, WORK) == date(2024, 4, 22)


def test_calendar_reads_the_table_once_when_built(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = cal()
    with django_assert_num_queries(0):
        calendar.add(date(2024, 1, 1), 30, WORK)


def test_explicit_adjustments_need_no_database():
    calendar = WorkingCalendar(days_off=frozenset({date(2024, 4, 12)}), working=frozenset())
    assert calendar.add(date(2024, 4, 8), 2, WORK) == date(2024, 4, 15)


# --- days_left ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due", "unit", "left"),
    [
        # Positive: Mon 8 Apr → Fri 12 Apr 2024 is 4 calendar days but 2 working days
        # (Idul Fitri on 10 and 11 April).
        (date(2024, 4, 8), date(2024, 4, 12), CAL, 4),
        (date(2024, 4, 8), date(2024, 4, 12), WORK, 2),
        # Across a weekend.
        (date(2024, 4, 19), date(2024, 4, 23), CAL, 4),
        (date(2024, 4, 19), date(2024, 4, 23), WORK, 2),
        # Zero: due today.
        (date(2024, 4, 12), date(2024, 4, 12), CAL, 0),
        (date(2024, 4, 12), date(2024, 4, 12), WORK, 0),
        # Negative: overdue.
        (date(2024, 4, 15), date(2024, 4, 12), CAL, -3),
        (date(2024, 4, 15), date(2024, 4, 12), WORK, -1),
        (date(2024, 4, 16), date(2024, 4, 12), WORK, -2),
        (date(2024, 4, 13), date(2024, 4, 12), WORK, -1),
    ],
)
def test_days_left(today, due, unit, left):
    assert cal().days_left(today, due, unit) == left


def test_days_left_is_negative_whenever_overdue():
    """A working-day deadline that falls on a day declared off later is still overdue the
    next working day, never 'due today'."""
    # Due on Saturday 13 April 2024, looked at on Monday 15 April.
    assert cal().days_left(date(2024, 4, 15), date(2024, 4, 13), WORK) < 0
    assert cal().days_left(date(2024, 4, 14), date(2024, 4, 13), WORK) < 0


@time_machine.travel(datetime(2024, 4, 8, 9, 0, tzinfo=JAKARTA), tick=False)
def test_days_left_from_the_frozen_today():
    today = timezone.localdate()
    assert today == date(2024, 4, 8)
    due = cal().add(today, 3, WORK)
    assert due == date(2024, 4, 15)
    assert cal().days_left(today, due, WORK) == 3
    assert cal().days_left(today, due, CAL) == 7


# --- The seeded rules ---------------------------------------------------------------------------


ON = date(2024, 4, 1)


def rule(key, election_kind, case_kind="finding", on=ON):
    return deadline_rule(key=key, election_kind=election_kind, case_kind=case_kind, on=on)


def test_pemilu_decision_window_is_7_working_days_plus_7_working():
    r = rule(DeadlineKey.DECISION_WINDOW, "pemilu")
    assert (r.days, r.unit, r.extension_days, r.extension_unit) == (7, WORK, 7, WORK)
    assert "454" in r.legal_source
    # Registered Monday 1 April 2024: due Friday 12 April (Idul Fitri skipped); the
    # extension of 7 working days runs to Tuesday 23 April (14 working days in total).
    due = cal().add(ON, r.days, r.unit)
    assert due == date(2024, 4, 12)
    assert cal().add(due, r.extension_days, r.extension_unit) == date(2024, 4, 23)


def test_pilkada_decision_window_is_3_plus_2_calendar_days():
    r = rule(DeadlineKey.DECISION_WINDOW, "pilkada")
    assert (r.days, r.unit, r.extension_days, r.extension_unit) == (3, CAL, 2, CAL)
    assert "134" in r.legal_source
    due = cal().add(date(2024, 4, 9), r.days, r.unit)
    assert due == date(2024, 4, 12)  # holidays do not matter
    assert cal().add(due, r.extension_days, r.extension_unit) == date(2024, 4, 14)


def test_pemilu_report_window_differs_for_reports_and_findings():
    report = rule(DeadlineKey.REPORT_WINDOW, "pemilu", "report")
    finding = rule(DeadlineKey.REPORT_WINDOW, "pemilu", "finding")
    assert (report.days, report.unit) == (7, WORK)
    assert (finding.days, finding.unit) == (7, CAL)
    assert "Pasal 454 ayat (6)" in report.legal_source  # Indonesian, the default language
    assert "Pasal 454 ayat (5)" in finding.legal_source
    assert "454(6)" in report.legal_source_en
    known = date(2024, 4, 5)  # Friday before Idul Fitri
    # 8, 9, (10, 11 Idul Fitri), 12, 15, 16, 17, 18.
    assert cal().add(known, report.days, report.unit) == date(2024, 4, 18)
    assert cal().add(known, finding.days, finding.unit) == date(2024, 4, 12)


@pytest.mark.parametrize("case_kind", ["report", "finding", "initial_info"])
def test_pilkada_report_window_is_7_calendar_days_for_every_kind(case_kind):
    r = rule(DeadlineKey.REPORT_WINDOW, "pilkada", case_kind)
    assert (r.days, r.unit) == (7, CAL)
    assert r.case_kind == ""
    assert "Pasal 134 ayat (4)" in r.legal_source


@pytest.mark.parametrize("kind", ["pemilu", "pilkada"])
def test_completion_window_is_2_days(kind):
    r = rule(DeadlineKey.COMPLETION_WINDOW, kind)
    assert (r.days, r.unit, r.extension_days) == (2, CAL, 0)
