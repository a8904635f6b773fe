"""Input rules that every write path of a case shares: creation, editing and the recorded
correction after the plenary decision call the same functions, so a rule cannot hold on one path
and be missing on another.

* dates (``validate_case_dates``): the date it became known is not after the day the case was
  received (so never in the future), the event is not after it became known, not before the
  election's period (its first stage, less the window before it that the rules catalogue allows,
  ``rules.PrePeriodWindow``) and never more than a century ago;
* violation forms (``checked_violation_types``): every id is a form of the catalogue, of the
  case's category and of its kind of election;
* locked facts (``facts_locked``, ``refuse_locked_facts``): once the plenary has decided, the
  facts the decision rests on change only through ``services.correct_case_facts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netra.elections.selectors import election_period_start
from netra.rules import selectors as rules
from netra.rules.choices import Category

from .workflow import DECIDED_STATUSES

CENTURY_YEARS = 100


def long_date(value: date) -> str:
    """A date as people write it in the active language (``14 Februari 2024``)."""
    return date_format(value, "j F Y")


def century_ago(today: date) -> date:
    try:
        return today.replace(year=today.year - CENTURY_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - CENTURY_YEARS, day=28)


def earliest_incident_date(election) -> tuple[date, date, int] | None:
    """(earliest accepted date, period start, days allowed before it), or None when the election
    has no recorded stage and so no known period."""
    start = election_period_start(election)
    if start is None:
        return None
    days = rules.pre_period_days(election_kind=election.kind, on=start)
    return start - timedelta(days=days), start, days


def validate_case_dates(
    *, election, known_date: date, incident_date: date | None, received_on: date
) -> None:
    """Refuse dates that cannot be true for a case of ``election`` received on ``received_on``
    (a ValidationError keyed by field, each message naming its limit date)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    latest_known = min(received_on, today)
    if known_date > latest_known:
        if latest_known >= today:
            errors["known_date"] = [_("The date it became known cannot be in the future.")]
        else:
            errors["known_date"] = [
                _("The date it became known cannot be after the day the case was received "
                  "(%(date)s).") % {"date": long_date(latest_known)}
            ]
    if incident_date and incident_date > known_date:
        errors["incident_date"] = [_("The event cannot have happened after it became known.")]
    floor = century_ago(today)
    for field, value in (("incident_date", incident_date), ("known_date", known_date)):
        if value and value < floor and field not in errors:
            errors[field] = [
                _("A date more than %(years)s years ago is not possible: the earliest is "
                  "%(date)s.") % {"years": CENTURY_YEARS, "date": long_date(floor)}
            ]
    period = earliest_incident_date(election)
    if period is not None:
        earliest, start, days = period
        for field, value in (("incident_date", incident_date), ("known_date", known_date)):
            if value and value < earliest and field not in errors:
                errors[field] = [
                    _("The period of %(election)s starts on %(start)s and the rules accept "
                      "events up to %(days)s days earlier: the earliest date is %(date)s.")
                    % {"election": election.name, "start": long_date(start), "days": days,
                       "date": long_date(earliest)}
                ]
    if errors:
        raise ValidationError(errors)


def checked_violation_types(*, category: str, election_kind: str, ids: Iterable[int]) -> list:
    """The violation forms with these ids, or a ValidationError when an id is unknown or a form
    belongs to another category or another kind of election than the case."""
    from netra.rules.models import ViolationType

    if category not in Category.values:
        raise ValidationError({"category": [_("Choose a category from the list.")]})
    wanted = list(dict.fromkeys(ids))
    types = list(ViolationType.objects.filter(pk__in=wanted))
    unknown = sorted(set(wanted) - {t.pk for t in types})
    if unknown:
        raise ValidationError({"violation_types": [
            _("Unknown violation form: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}]})
    labels = dict(Category.choices)
    for vt in types:
        if vt.category != category:
            raise ValidationError({"violation_types": [
                _("“%(name)s” is a violation form of the category “%(form_category)s”; it does "
                  "not fit the case's category “%(category)s”.")
                % {"name": vt.name, "form_category": labels.get(vt.category, vt.category),
                   "category": labels[category]}]})
        if vt.election_kinds and election_kind not in vt.election_kinds:
            raise ValidationError({"violation_types": [
                _("%(name)s does not apply to this kind of election.") % {"name": vt.name}]})
    return types


def facts_locked(case) -> bool:
    """Whether the plenary has decided on the case (its facts are then locked)."""
    return case.decided_on is not None or case.status in DECIDED_STATUSES


def refuse_locked_facts(case) -> None:
    """Refuse a plain edit of a fact once the plenary has decided."""
    if not facts_locked(case):
        return
    if case.decided_on:
        message = _("The facts of this case are locked since the plenary decision of "
                    "%(date)s. A commissioner corrects them with “Correct facts” and a written "
                    "reason.") % {"date": long_date(case.decided_on)}
    else:
        message = _("The facts of this case are locked since the plenary decision. A "
                    "commissioner corrects them with “Correct facts” and a written reason.")
    raise ValidationError(message, code="facts_locked")
