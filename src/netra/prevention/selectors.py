"""Reads of prevention records, always narrowed to the requesting user."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.db.models import Count, Model, Q, QuerySet

from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import organisation_list
from netra.regions.selectors import region_children, region_get

from .choices import Distribution, RecipientType
from .models import (
    Activity,
    Agreement,
    BannerPlacement,
    BudgetLine,
    Cadre,
    Declaration,
    Letter,
    LetterRun,
    RecipientList,
)
from .permissions import PreventionAction

if TYPE_CHECKING:
    from netra.core.scoping import ScopedManager
    from netra.core.typing import AnyUser
    from netra.orgs.selectors import Organisation

VIEW = PreventionAction.VIEW
CHANGE = PreventionAction.CHANGE

_M = TypeVar("_M", bound=Model)


class RegionInfo(Protocol):
    """What prevention reads of a region (``netra.regions.selectors`` returns the rows)."""

    code: str
    name: str
    level: int


def offices_for(user: AnyUser, action: str = CHANGE) -> QuerySet[Organisation]:
    """Supervisory offices in which ``user`` may do ``action`` (the organiser choices)."""
    return organisation_list(user=user, action=action).filter(kind__in=SUPERVISORY_KINDS)


def regions_below(code: str, level: int) -> list[RegionInfo]:
    """Regions at ``level`` (3 district, 4 village) inside ``code``, walking down the tree."""
    found = [region_get(code)] if code else region_children("")
    current = [r for r in found if r is not None]
    while current and current[0].level < level:
        current = [child for r in current for child in region_children(r.code)]
    return [r for r in current if r.level == level]


def scoped(model: type[_M], user: AnyUser, action: str = VIEW) -> QuerySet[_M]:
    """``model``'s rows ``user`` may ``action`` (every prevention model has a scoped manager)."""
    manager = cast("ScopedManager[_M]", model._default_manager)
    return manager.visible_to(user, action)


def activity_list(*, user: AnyUser, office_id: int | None = None, election_id: int | None = None,
                  activity_type: str = "", month: date | None = None) -> QuerySet[Activity]:
    qs = scoped(Activity, user).select_related("office", "election")
    if office_id:
        qs = qs.filter(office_id=office_id)
    if election_id:
        qs = qs.filter(election_id=election_id)
    if activity_type:
        qs = qs.filter(activity_type=activity_type)
    if month is not None:
        first = month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        qs = qs.filter(starts_on__lte=last, ends_on__gte=first)
    return qs.annotate(attendee_count=Count("attendees"))


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    activities: list[Activity] = field(default_factory=list)


def month_grid(month: date, activities: Iterable[Activity]) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with the activities running on it."""
    first = month.replace(day=1)
    start = first - timedelta(days=first.weekday())
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    end = last + timedelta(days=6 - last.weekday())
    days: list[CalendarDay] = []
    current = start
    running = list(activities)
    while current <= end:
        days.append(CalendarDay(current, current.month == first.month,
                                [a for a in running if a.starts_on <= current <= a.ends_on]))
        current += timedelta(days=1)
    return [days[i:i + 7] for i in range(0, len(days), 7)]


# --- Letters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    label: str
    total: int
    sent: int
    delivered: int
    acknowledged: int

    @property
    def delivered_percent(self) -> int:
        return round(self.delivered * 100 / self.total) if self.total else 0


def letter_coverage(letters: QuerySet[Letter], by: str) -> list[CoverageRow]:
    """Letters per recipient type (``by="type"``) or per district (``by="district"``): how many
    were sent, delivered (or acknowledged) and acknowledged."""
    key = "recipient__recipient_type" if by == "type" else "recipient__district"
    delivered = [Distribution.DELIVERED, Distribution.ACKNOWLEDGED]
    rows = (
        letters.order_by().values(key).annotate(
            total=Count("pk"),
            sent=Count("pk", filter=~Q(status=Distribution.GENERATED)),
            delivered=Count("pk", filter=Q(status__in=delivered)),
            acknowledged=Count("pk", filter=Q(status=Distribution.ACKNOWLEDGED)),
        ).order_by(key)
    )
    labels = dict(RecipientType.choices)
    return [
        CoverageRow(str(labels.get(r[key], r[key])) if by == "type" else (r[key] or "—"),
                    r["total"], r["sent"], r["delivered"], r["acknowledged"])
        for r in rows
    ]


def run_list(*, user: AnyUser) -> QuerySet[LetterRun]:
    return scoped(LetterRun, user).select_related("office", "recipient_list")


def recipient_list_list(*, user: AnyUser) -> QuerySet[RecipientList]:
    return (scoped(RecipientList, user).select_related("office")
            .annotate(recipient_count=Count("recipients")))


# --- Banners ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaCoverage:
    code: str
    name: str
    villages: int
    covered: int

    @property
    def percent(self) -> int:
        return round(self.covered * 100 / self.villages) if self.villages else 0


def banner_coverage(*, user: AnyUser, within: str, level: int) -> list[AreaCoverage]:
    """For each region at ``level`` (3 district, 2 regency) under ``within``: how many of its
    villages have at least one banner the user can see ("61 of 61 villages")."""
    from netra.regions.selectors import regions_at_level

    areas = regions_at_level(level, within=within)

    def covered(prefix: str) -> Iterable[str]:
        qs = scoped(BannerPlacement, user).filter(region_code__startswith=prefix)
        return qs.order_by().values_list("region_code", flat=True).distinct()

    counts = _village_counts([code for code, _name in areas], covered)
    return [AreaCoverage(code, name, *counts[code]) for code, name in areas]


def banner_coverage_ranked(rows: list[AreaCoverage]) -> list[AreaCoverage]:
    """Areas from the best covered to the least (share of villages, then villages covered,
    then name): the order of the coverage chart."""
    return sorted(rows, key=lambda r: (-(r.covered / r.villages if r.villages else 0),
                                       -r.covered, r.name))


def banner_list(*, user: AnyUser) -> QuerySet[BannerPlacement]:
    return scoped(BannerPlacement, user).select_related("office")


# --- Declarations, MoUs, cadres, budget ------------------------------------------------------


def declaration_coverage(*, user: AnyUser) -> list[dict[str, Any]]:
    """Per agency: neutrality declarations and integrity pacts signed."""
    rows = (
        scoped(Declaration, user).order_by().values("agency")
        .annotate(neutrality=Count("pk", filter=Q(kind="neutrality")),
                  integrity=Count("pk", filter=Q(kind="integrity_pact")),
                  total=Count("pk"))
        .order_by("agency")
    )
    return list(rows)


def agreement_list(*, user: AnyUser) -> QuerySet[Agreement]:
    return scoped(Agreement, user).select_related("office").prefetch_related("follow_ups")


def cadre_list(*, user: AnyUser) -> QuerySet[Cadre]:
    return scoped(Cadre, user).select_related("office", "training")


def budget_list(*, user: AnyUser, office_id: int | None = None, fiscal_year: int | None = None
                ) -> QuerySet[BudgetLine]:
    qs = scoped(BudgetLine, user).select_related("office")
    if office_id:
        qs = qs.filter(office_id=office_id)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs


# --- Figures for the comprehensive report (netra.risk, issue #20.4) ----------------------------


def report_activities(*, user: AnyUser, office_id: int, election_id: int) -> QuerySet[Activity]:
    """The office's activities of one election the user may see (read-only)."""
    return scoped(Activity, user).filter(office_id=office_id, election_id=election_id)


def report_budget(*, user: AnyUser, office_id: int, election_id: int) -> QuerySet[BudgetLine]:
    """The office's budget lines of one election the user may see, in programme order."""
    return scoped(BudgetLine, user).filter(office_id=office_id, election_id=election_id)


def report_declarations(
    *, user: AnyUser, office_id: int, election_id: int
) -> list[dict[str, Any]]:
    """Per agency: neutrality declarations and integrity pacts signed with the office in one
    election (counts only, no signer names)."""
    return list(
        scoped(Declaration, user).filter(office_id=office_id, election_id=election_id)
        .order_by().values("agency")
        .annotate(neutrality=Count("pk", filter=Q(kind="neutrality")),
                  integrity=Count("pk", filter=Q(kind="integrity_pact")),
                  total=Count("pk"))
        .order_by("agency")
    )


def report_cadres(
    *, user: AnyUser, office_id: int, election_id: int, since: date
) -> dict[str, int]:
    """The office's cadres of one election: trained, active (something recorded since
    ``since``, or trained since then), villages with a cadre. Counts only, no names."""
    from .cadres import with_activity

    trained = active = 0
    villages: set[str] = set()
    qs = scoped(Cadre, user).filter(office_id=office_id, election_id=election_id)
    for cadre in with_activity(qs, since).order_by():
        trained += 1
        active += 1 if (cadre.is_active or cadre.trained_on >= since) else 0
        villages.add(cadre.region_code)
    return {"trained": trained, "active": active, "villages": len(villages)}


def _common_prefix(region_codes: list[str]) -> str:
    """The longest code prefix (whole segments) shared by ``region_codes``."""
    common: list[str] = []
    for segment in zip(*(code.split(".") for code in region_codes), strict=False):
        if len(set(segment)) != 1:
            break
        common.append(segment[0])
    return ".".join(common)


def _village_counts(region_codes: list[str], covered_villages: Callable[[str], Iterable[str]]
                    ) -> dict[str, tuple[int, int]]:
    """For each region (all codes of one level): ``(villages, covered)``, its villages in the
    region table and how many of those ``covered_villages(prefix)`` names (``prefix``: the code
    segments the regions share, to narrow that query)."""
    from netra.regions.selectors import regions_at_level

    if not region_codes:
        return {}
    length = len(region_codes[0])
    wanted = set(region_codes)
    within = _common_prefix(region_codes)
    known = {code for code, _name in regions_at_level(4, within=within)
             if code[:length] in wanted}
    villages: dict[str, int] = dict.fromkeys(region_codes, 0)
    for code in known:
        villages[code[:length]] += 1
    covered: dict[str, int] = dict.fromkeys(region_codes, 0)
    for code in set(covered_villages(within)) & known:  # villages of the table only
        covered[code[:length]] += 1
    return {code: (villages[code], covered[code]) for code in region_codes}


def _village_share(region_codes: list[str], covered_villages: Callable[[str], Iterable[str]]
                   ) -> dict[str, float]:
    """For each region: the share (%) of its villages among those ``covered_villages`` names;
    no value for a region with no village in the region table."""
    return {code: round(100.0 * covered / total, 4)
            for code, (total, covered) in _village_counts(region_codes, covered_villages).items()
            if total}


def _of_election(election_id: int | None) -> Q:
    """Records of the election, or of no particular election (prevention between elections)."""
    return Q(election_id=election_id) | Q(election__isnull=True) if election_id else Q()


def banner_village_share(region_codes: list[str], *, election_id: int | None = None
                         ) -> dict[str, float]:
    """For each region (all codes of one level): the share (%) of its villages with at least one
    banner placement of the election (or of no particular election). Aggregate figures for the
    vulnerability index; a region with no village in the region table has no value."""
    def covered(within: str) -> Iterable[str]:
        qs = BannerPlacement.objects.filter(_of_election(election_id),
                                            region_code__startswith=within)
        return qs.order_by().values_list("region_code", flat=True).distinct()

    return _village_share(region_codes, covered)


def active_cadre_village_share(region_codes: list[str], *, election_id: int | None = None,
                               since: date) -> dict[str, float]:
    """For each region: the share (%) of its villages with a participatory-supervision cadre
    (KPP) of the election who is active (an activity or report recorded since ``since``, or
    trained since then). Aggregate figures for the vulnerability index."""
    from .cadres import with_activity

    def covered(within: str) -> Iterable[str]:
        qs = Cadre.objects.filter(_of_election(election_id), region_code__startswith=within)
        return [c.region_code for c in with_activity(qs, since).order_by()
                if c.is_active or c.trained_on >= since]

    return _village_share(region_codes, covered)
