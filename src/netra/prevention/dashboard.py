"""The prevention dashboard (dasbor pencegahan) per office and election: activities by type and
target group, villages covered, cadres active, budget realization; charts and XLSX export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from netra.core.charts import BarChart, Series
from netra.core.scoping import may

from .cadres import active_since, with_activity
from .choices import ActivityType, Distribution, TargetGroup
from .models import Activity, BannerPlacement, BudgetLine, Cadre, Letter
from .permissions import PreventionAction

VIEW = PreventionAction.VIEW


@dataclass
class Dashboard:
    activities_by_type: list[tuple[str, int, int]]  # label, activities, participants
    activities_by_group: list[tuple[str, int]]
    activity_total: int
    participant_total: int
    villages_with_banners: int
    villages_reached: int
    letters_total: int
    letters_delivered: int
    cadres_total: int
    cadres_active: int
    allocation: int
    realization: int

    @property
    def realization_percent(self) -> float | None:
        return round(self.realization * 100 / self.allocation, 1) if self.allocation else None


def _filter(qs, office_id, election_id, *, office_field="office_id",
            election_field="election_id"):
    if office_id:
        qs = qs.filter(**{office_field: office_id})
    if election_id:
        qs = qs.filter(**{election_field: election_id})
    return qs


def build(*, user, office_id: int | None = None, election_id: int | None = None) -> Dashboard:
    """Figures over what ``user`` may see, narrowed to an office and/or an election."""
    activities = _filter(Activity.objects.visible_to(user, VIEW), office_id, election_id)
    by_type = {
        row["activity_type"]: (row["n"], row["people"] or 0)
        for row in activities.order_by().values("activity_type")
        .annotate(n=Count("pk"), people=Sum("participants_count"))
    }
    groups: Counter[str] = Counter()
    villages: set[str] = set()
    for target_groups, area_codes in activities.values_list("target_groups", "area_codes"):
        groups.update(target_groups or [])
        villages.update(c for c in (area_codes or []) if c.count(".") == 3)
    banners = _filter(BannerPlacement.objects.visible_to(user, VIEW), office_id, election_id)
    banner_villages = set(banners.values_list("region_code", flat=True))
    letters = _filter(Letter.objects.visible_to(user, VIEW), office_id, election_id,
                      office_field="run__office_id", election_field="run__election_id")
    letter_counts = letters.aggregate(
        total=Count("pk"),
        delivered=Count("pk", filter=Q(status__in=[Distribution.DELIVERED,
                                                   Distribution.ACKNOWLEDGED])))
    cadres = _filter(Cadre.objects.visible_to(user, VIEW), office_id, election_id)
    since = active_since()
    cadre_rows = list(with_activity(cadres, since).values_list("is_active", "trained_on"))
    budget = _filter(BudgetLine.objects.visible_to(user, VIEW), office_id, election_id)
    sums = budget.aggregate(allocation=Sum("allocation"), realization=Sum("realization"))
    return Dashboard(
        activities_by_type=[(str(label), *by_type.get(value, (0, 0)))
                            for value, label in ActivityType.choices],
        activities_by_group=[(str(label), groups.get(value, 0))
                             for value, label in TargetGroup.choices],
        activity_total=sum(n for n, _p in by_type.values()),
        participant_total=sum(p for _n, p in by_type.values()),
        villages_with_banners=len(banner_villages),
        villages_reached=len(villages | banner_villages | set(
            cadres.values_list("region_code", flat=True))),
        letters_total=letter_counts["total"],
        letters_delivered=letter_counts["delivered"],
        cadres_total=len(cadre_rows),
        cadres_active=sum(1 for active, trained in cadre_rows if active or trained >= since),
        allocation=sums["allocation"] or 0,
        realization=sums["realization"] or 0,
    )


def type_chart(data: Dashboard, key: str = "prevention-by-type") -> BarChart:
    return BarChart(
        key=key, title=_("Prevention activities by type"),
        labels=tuple(label for label, _n, _p in data.activities_by_type),
        series=(Series(_("Activities"), tuple(n for _l, n, _p in data.activities_by_type)),),
        horizontal=True, unit=_("Activities"), label_title=_("Type"),
    )


def group_chart(data: Dashboard) -> BarChart:
    return BarChart(
        key="prevention-by-group", title=_("Activities by target group"),
        labels=tuple(label for label, _n in data.activities_by_group),
        series=(Series(_("Activities"), tuple(n for _l, n in data.activities_by_group)),),
        horizontal=True, unit=_("Activities"), label_title=_("Target group"),
    )


def budget_chart(data: Dashboard) -> BarChart:
    return BarChart(
        key="prevention-budget", title=_("Budget allocation and realization (Rp)"),
        labels=(_("Budget"),),
        series=(Series(_("Allocation"), (data.allocation,)),
                Series(_("Realization"), (data.realization,))),
        unit=_("Amount (Rp)"), label_title=_("Budget"),
    )


def charts(data: Dashboard) -> dict[str, BarChart]:
    specs = [type_chart(data), group_chart(data), budget_chart(data)]
    return {spec.key: spec for spec in specs}


def home_chart(user) -> BarChart | None:
    """The home dashboard's prevention chart (for users who see prevention work)."""
    if not may(user, VIEW):
        return None
    data = build(user=user)
    if not data.activity_total:
        return None
    return type_chart(data, key="prevention-home")


def export_rows(data: Dashboard) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = []
    for label, n, people in data.activities_by_type:
        rows.append((_("Activities by type"), label, n))
        rows.append((_("Participants by type"), label, people))
    for label, n in data.activities_by_group:
        rows.append((_("Activities by target group"), label, n))
    summary = _("Summary")
    rows += [
        (summary, _("Villages with a banner"), data.villages_with_banners),
        (summary, _("Villages reached"), data.villages_reached),
        (summary, _("Appeal letters"), data.letters_total),
        (summary, _("Appeal letters delivered"), data.letters_delivered),
        (summary, _("KPP cadres"), data.cadres_total),
        (summary, _("Active KPP cadres"), data.cadres_active),
        (summary, _("Budget allocation (Rp)"), data.allocation),
        (summary, _("Budget realization (Rp)"), data.realization),
    ]
    return rows
