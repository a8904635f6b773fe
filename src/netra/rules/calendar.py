"""Deadline arithmetic: calendar or working days, Indonesian public holidays.

Public holidays come from the maintained ``holidays`` package (Indonesia); the ``Holiday`` table
adds joint leave days (cuti bersama) and corrections, or declares a day a working day.
A deadline of N days after a start date does not count the start date itself.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_lib

from netra.core.refcache import Namespace

from .choices import DayUnit, HolidayKind


@lru_cache(maxsize=64)
def _package_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays_lib.country_holidays("ID", years=year).keys())


def _table_adjustments() -> tuple[frozenset[date], frozenset[date]]:
    """The Holiday table as (days off, declared working days); cached (``_HOLIDAYS``)."""
    return _HOLIDAYS.get("table", _read_table)


# Reference-data cache of the Holiday table (netra.core.refcache): any save or delete of a
# holiday starts afresh (the model by label: this module loads before the models).
_HOLIDAYS = Namespace("rules.holidays", models=["rules.Holiday"])


def _read_table() -> tuple[frozenset[date], frozenset[date]]:
    from .models import Holiday

    days_off: set[date] = set()
    working: set[date] = set()
    for day, kind in Holiday.objects.values_list("date", "kind"):
        (working if kind == HolidayKind.WORKING else days_off).add(day)
    return frozenset(days_off), frozenset(working)


class WorkingCalendar:
    """Which days are working days. Load once per request or task and reuse."""

    def __init__(
        self, days_off: frozenset[date] | None = None, working: frozenset[date] | None = None
    ) -> None:
        if days_off is None or working is None:
            days_off, working = _table_adjustments()
        self.extra_days_off = days_off
        self.declared_working = working

    def is_working_day(self, day: date) -> bool:
        if day in self.declared_working:
            return True
        if day.weekday() >= 5:
            return False
        return day not in _package_holidays(day.year) and day not in self.extra_days_off

    def add(self, start: date, days: int, unit: str) -> date:
        """The last day of a period of ``days`` days after ``start`` (start not counted)."""
        if unit == DayUnit.CALENDAR:
            return start + timedelta(days=days)
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def days_left(self, today: date, due: date, unit: str) -> int:
        """Days from ``today`` until ``due`` in the rule's unit (negative when overdue)."""
        if unit == DayUnit.CALENDAR or due == today:
            return (due - today).days
        step = 1 if due > today else -1
        count = 0
        current = today
        while current != due:
            current += timedelta(days=step)
            if self.is_working_day(current):
                count += step
        # Overdue is never "0 days left", even when the due day itself was not a working day.
        return min(count, -1) if due < today else count
