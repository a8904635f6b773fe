"""The rule in force on a date. Rules are national reference data that every user reads."""

from datetime import date
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from netra.core.refcache import Namespace

from .choices import NumberingPurpose
from .models import DeadlineRule, NumberingFormat, PrePeriodWindow, SanctionRule, ViolationType
from .models import RoutingRule as RoutingRule  # re-exported for annotations in other apps

_R = TypeVar("_R", bound=Model)


class RuleMissing(LookupError):
    """No rule row covers the requested date: an administrator must add one."""


def in_force(qs: QuerySet[_R], on: date) -> QuerySet[_R]:
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on).order_by(
        "-valid_from", "-pk"
    )


# Reference-data cache of deadline_rule (every public report asks it; netra.core.refcache):
# any save or delete of a deadline rule starts afresh.
_DEADLINES = Namespace("rules.deadline_rule", models=[DeadlineRule])


def deadline_rule(*, key: str, election_kind: str, case_kind: str, on: date) -> DeadlineRule:
    """The deadline rule for this election and case kind; a kind-specific row wins. Cached."""
    row = _DEADLINES.get(
        f"{key}:{election_kind}:{case_kind}:{on.isoformat()}",
        lambda: _deadline_rule(key=key, election_kind=election_kind, case_kind=case_kind, on=on),
        keep_none=True)
    if row is None:
        raise RuleMissing(
            _("No deadline rule %(key)s for %(kind)s elections on %(date)s.")
            % {"key": key, "kind": election_kind, "date": on.isoformat()}
        )
    return row


def _deadline_rule(*, key: str, election_kind: str, case_kind: str, on: date
                   ) -> DeadlineRule | None:
    rows = in_force(DeadlineRule.objects.filter(key=key, election_kind=election_kind), on).filter(
        Q(case_kind=case_kind) | Q(case_kind="")
    )
    for row in rows:
        if row.case_kind == case_kind:
            return row
    return rows.first()


def authority_rules(*, category: str, employment_type: str, on: date) -> list[RoutingRule]:
    """The routing rows in force for a category and a person's status: the bodies with authority
    over that person, proposed ones first. Employment-specific rows replace the general ones."""
    rows = list(
        in_force(RoutingRule.objects.filter(category=category), on).filter(
            Q(employment_type=employment_type) | Q(employment_type="")
        )
    )
    specific = [r for r in rows if r.employment_type == employment_type]
    candidates = specific or rows
    return sorted(candidates, key=lambda r: not r.proposed)  # stable: in-force order kept


def deadline_rules(*, key: str) -> list[DeadlineRule]:
    """Every version of one deadline's rows, for callers that pick the row in force for many
    cases at once in memory (``cases.next_step``, one query for a page of cases)."""
    return list(DeadlineRule.objects.filter(key=key).order_by("-valid_from", "-pk"))


def routing_rule(*, category: str, employment_type: str, on: date) -> RoutingRule | None:
    """Where a recommendation goes; an employment-specific row beats a general one."""
    candidates = authority_rules(category=category, employment_type=employment_type, on=on)
    return candidates[0] if candidates and candidates[0].proposed else None


def sanction_rules(*, category: str, employment_type: str, on: date) -> list[SanctionRule]:
    """The sanctions that fit a person's status in a case of ``category`` on ``on``: rows of the
    category replace the general ones; an empty status on a row means any status."""
    rows = list(
        in_force(SanctionRule.objects.all(), on)
        .filter(Q(category=category) | Q(category=""))
        .filter(Q(employment_type=employment_type) | Q(employment_type=""))
    )
    specific = [r for r in rows if r.category == category]
    chosen = specific or rows
    seen: dict[str, SanctionRule] = {}
    for row in chosen:
        seen.setdefault(row.sanction_type, row)
    return list(seen.values())


def numbering_format(
    *, office_kind: str, election_kind: str, on: date,
    purpose: str = NumberingPurpose.REGISTRATION,
) -> NumberingFormat:
    row = in_force(
        NumberingFormat.objects.filter(office_kind=office_kind, election_kind=election_kind,
                                       purpose=purpose), on
    ).first()
    if row is None:
        if purpose == NumberingPurpose.RECOMMENDATION_LETTER:
            raise RuleMissing(
                _("No recommendation letter number format for this office and election kind "
                  "on %(date)s.") % {"date": on.isoformat()}
            )
        raise RuleMissing(
            _("No registration number format for this office and election kind on %(date)s.")
            % {"date": on.isoformat()}
        )
    return row


def pre_period_days(*, election_kind: str, on: date) -> int:
    """Calendar days before an election's first stage in which an incident is still accepted
    (0 when no row is in force)."""
    row = in_force(PrePeriodWindow.objects.filter(election_kind=election_kind), on).first()
    return row.days if row else 0


def violation_type_list(
    *, election_kind: str | None = None, on: date | None = None
) -> list[ViolationType]:
    qs = ViolationType.objects.all()
    if on is not None:
        qs = in_force(qs, on)
    rows = list(qs.order_by("category", "name"))
    if election_kind:
        rows = [r for r in rows if not r.election_kinds or election_kind in r.election_kinds]
    return rows
