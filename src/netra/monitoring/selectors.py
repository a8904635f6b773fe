"""Reads of the monitoring app; every one takes the user and goes through ``visible_to``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from netra.core.scoping import subtree_q
from netra.core.typing import AnyUser

from .choices import HitStatus
from .models import ClassifierModel, Hit, LexiconEntry, MonitoredAccount
from .permissions import MonitoringAction


@dataclass(frozen=True)
class HitFilters:
    status: str = HitStatus.NEW
    agency: str = ""
    region: str = ""
    week: dt.date | None = None  # the Monday of an ISO week


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=7)


def hit_list(*, user: AnyUser, filters: HitFilters | None = None,
             action: str = MonitoringAction.VIEW) -> QuerySet[Hit]:
    """Hits the user may see, highest score first, narrowed by status, agency, region, week."""
    filters = filters or HitFilters()
    qs = Hit.objects.visible_to(user, action).select_related("account", "post")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(Q(account__agency__icontains=filters.agency)
                       | Q(account__institution_name__icontains=filters.agency))
    if filters.region:
        qs = qs.filter(subtree_q(filters.region))
    if filters.week:
        start, end = week_bounds(filters.week)
        qs = qs.filter(occurred_at__gte=start, occurred_at__lt=end)
    return qs.order_by("-score", "-occurred_at", "pk")


def hit_get(*, user: AnyUser, pk: int, action: str = MonitoringAction.VIEW) -> Hit:
    return Hit.objects.visible_to(user, action).select_related("account", "post").get(pk=pk)


def account_list(*, user: AnyUser, query: str = "") -> QuerySet[MonitoredAccount]:
    qs = MonitoredAccount.objects.visible_to(user, MonitoringAction.VIEW)
    if query:
        qs = qs.filter(Q(handle__icontains=query) | Q(person_name__icontains=query)
                       | Q(agency__icontains=query) | Q(institution_name__icontains=query))
    return qs.annotate(hit_count=Count("hits")).order_by("platform", "handle")


def lexicon_list() -> QuerySet[LexiconEntry]:
    return LexiconEntry.objects.select_related("election").order_by("kind", "term")


def classifier_versions() -> QuerySet[ClassifierModel]:
    return ClassifierModel.objects.order_by("-version")


@dataclass(frozen=True)
class CountRow:
    label: str
    hits: int
    confirmed: int


def _counts(qs: QuerySet[Hit], field: str, limit: int = 15) -> list[CountRow]:
    rows = (
        qs.values(field)
        .annotate(hits=Count("pk"), confirmed=Count("pk", filter=Q(status=HitStatus.CONFIRMED)))
        .order_by("-hits", field)[:limit]
    )
    return [CountRow(str(r[field] or "—"), r["hits"], r["confirmed"]) for r in rows]


def dashboard_counts(*, user: AnyUser) -> dict[str, list[CountRow]]:
    """Hits and confirmed hits per agency, region (regency level) and week."""
    qs = Hit.objects.visible_to(user, MonitoringAction.VIEW)
    weeks = (
        qs.exclude(occurred_at=None)
        .annotate(week=TruncWeek("occurred_at"))
        .values("week")
        .annotate(hits=Count("pk"), confirmed=Count("pk", filter=Q(status=HitStatus.CONFIRMED)))
        .order_by("week")
    )
    week_rows = [
        CountRow(timezone.localtime(r["week"]).strftime("%G-W%V") if isinstance(
            r["week"], dt.datetime) else str(r["week"]), r["hits"], r["confirmed"])
        for r in weeks
    ][-12:]
    regions: dict[str, CountRow] = {}
    for row in _counts(qs, "region_code", limit=200):
        key = ".".join(row.label.split(".")[:2])
        current = regions.get(key, CountRow(key, 0, 0))
        regions[key] = CountRow(key, current.hits + row.hits, current.confirmed + row.confirmed)
    return {
        "agency": _counts(qs, "account__agency"),
        "region": sorted(regions.values(), key=lambda r: -r.hits)[:15],
        "week": week_rows,
    }


def hits_per_region(region_codes: list[str], *, start: dt.date | None = None,
                    end: dt.date | None = None) -> dict[str, float]:
    """Hits not dismissed per region (all codes of one level; a hit counts for the region its
    account's code lies in), optionally between two days. Aggregate counts for the
    vulnerability index: no names, every region present (0 where none)."""
    from django.db.models.functions import Substr

    if not region_codes:
        return {}
    length = len(region_codes[0])
    counts = dict.fromkeys(region_codes, 0.0)
    qs = Hit.objects.exclude(status=HitStatus.DISMISSED)
    if start is not None:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(
            start, dt.time.min, tzinfo=timezone.get_current_timezone()))
    if end is not None:
        qs = qs.filter(occurred_at__lt=dt.datetime.combine(
            end + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()))
    rows = (qs.order_by().annotate(area=Substr("region_code", 1, length))
            .filter(area__in=region_codes).values("area").annotate(n=Count("pk")))
    for row in rows:
        counts[row["area"]] = float(row["n"])
    return counts
