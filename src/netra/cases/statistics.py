"""Case statistics per office and election (statistik penanganan pelanggaran).

Plain functions that take the user; every count starts from
``Case.objects.visible_to(user, action)``, so a regency office sees only its subtree and a
recipient body only what was recommended to it. Only findings (temuan) and reports (laporan)
are counted: initial information is not a case yet.

Each table is a :class:`StatTable` (headers, rows, optional total row) so the page and the CSV/XLSX
exports print exactly the same figures. The tables reproduce the shapes of the comprehensive
reports (Laporan Komprehensif): temuan/laporan by category (Serang City 2024), cases per
regency/city at regency level and handled at district level (Banten 2024), by violation form and by
status, the share of recommendations that ended in a sanction, and median durations.
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core.charts import BarChart, Chart
from netra.orgs.choices import OrgKind
from netra.orgs.selectors import organisation_list
from netra.regions.selectors import region_get
from netra.rules.choices import Category
from netra.rules.selectors import violation_type_list

from .choices import CaseKind, RecommendationStatus
from .models import Case, Recommendation
from .workflow import Status

COUNTED_KINDS = (CaseKind.FINDING, CaseKind.REPORT)
REGENCY_OFFICES = frozenset({OrgKind.BAWASLU_REGENCY})
DISTRICT_OFFICES = frozenset({OrgKind.PANWASCAM, OrgKind.PKD})
OPEN_RECOMMENDATION = (RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class StatisticsFilters:
    """``office_id`` counts the cases handled by that office; with ``include_sub_offices`` also
    those of the offices below it (Panwascam, PKD)."""

    election_id: int | None = None
    office_id: int | None = None
    include_sub_offices: bool = False


@dataclass
class StatTable:
    """One table of figures: ``rows`` are lists of cells matching ``headers``; ``total`` is the
    optional totals row. Cells are numbers, text or ``None`` (no value, e.g. a share of zero)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    note: str = ""

    def all_rows(self) -> list[list]:
        """Rows then the total row: what an export writes."""
        return self.rows + ([self.total] if self.total else [])

    def labelled_rows(self) -> list[list[tuple[str, object]]]:
        return [list(zip(self.headers, row, strict=True)) for row in self.rows]

    def labelled_total(self) -> list[tuple[str, object]]:
        return list(zip(self.headers, self.total, strict=True)) if self.total else []

    def column(self, index: int) -> dict[str, object]:
        """First cell → cell ``index`` for every row (handy in tests and callers)."""
        return {str(row[0]): row[index] for row in self.rows}


# --- The counted cases ----------------------------------------------------------------------


def counted_cases(*, user, filters: StatisticsFilters | None = None,
                  action: str = CaseAction.VIEW) -> QuerySet[Case]:
    """Findings and reports the user may see (or export), narrowed by the filters."""
    f = filters or StatisticsFilters()
    qs = Case.objects.visible_to(user, action).filter(kind__in=COUNTED_KINDS)
    if f.election_id:
        qs = qs.filter(election_id=f.election_id)
    if f.office_id:
        office = organisation_list(user=user).filter(pk=f.office_id).first()
        if office is None:
            return qs.none()
        if f.include_sub_offices:
            qs = qs.filter(Q(office=office) | Q(region_code__subtree=office.region_code)
                           if office.region_code else Q())
        else:
            qs = qs.filter(office=office)
    return qs


def _kind_counts(qs: QuerySet[Case], group: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in qs.order_by().values(group, "kind").annotate(n=Count("pk")):
        counts[row[group] or ""][row["kind"]] += row["n"]
    return counts


def _kind_row(label, counts: dict[str, int]) -> list:
    findings = counts.get(CaseKind.FINDING, 0)
    reports = counts.get(CaseKind.REPORT, 0)
    return [label, findings, reports, findings + reports]


def _kind_headers(first: str) -> list[str]:
    return [first, _("Findings (temuan)"), _("Reports (laporan)"), _("Total")]


def _sum_rows(label, rows: list[list], start: int = 1) -> list | None:
    """The totals row, or None when there is no row to add up (no case yet)."""
    if not rows:
        return None
    return [label] + [sum(row[i] for row in rows) for i in range(start, len(rows[0]))]


# --- Tables ---------------------------------------------------------------------------------


def category_table(*, user, filters: StatisticsFilters | None = None,
                   action: str = CaseAction.VIEW) -> StatTable:
    """Temuan and laporan by category, every category listed (Serang City 2024 shape)."""
    counts = _kind_counts(counted_cases(user=user, filters=filters, action=action), "category")
    rows = [_kind_row(str(label), counts.get(value, {})) for value, label in Category.choices]
    if counts.get(""):
        rows.append(_kind_row(_("Not yet classified"), counts[""]))
    return StatTable(
        key="category", title=_("Findings and reports by category"),
        headers=_kind_headers(_("Category")), rows=rows, total=_sum_rows(_("Total"), rows),
    )


def public_category_counts(case_ids: Iterable[int]) -> dict[str, int]:
    """How many of ``case_ids`` fall in each violation category ("" = not yet classified).

    For public, name-free transparency pages: aggregates of the caller's own records (the
    portal's reports), nothing else is read, no user scope; the caller suppresses small counts.
    """
    ids = [pk for pk in case_ids if pk]
    if not ids:
        return {}
    rows = (Case.objects.filter(pk__in=ids).order_by().values("category")
            .annotate(n=Count("pk")).values_list("category", "n"))
    return {category: n for category, n in rows}


def _regency_of(code: str) -> str:
    parts = code.split(".") if code else []
    return ".".join(parts[:2]) if len(parts) >= 2 else ""


def region_table(*, user, filters: StatisticsFilters | None = None,
                 action: str = CaseAction.VIEW) -> StatTable:
    """Cases per regency/city: handled by the regency/city office, handled at district level
    (Panwascam and village supervisors) — the Banten 2024 table. Every regency/city office the user
    can see is listed, with zeros, so the table keeps its shape."""
    f = filters or StatisticsFilters()
    qs = counted_cases(user=user, filters=f, action=action)
    regency: dict[str, int] = defaultdict(int)
    district: dict[str, int] = defaultdict(int)
    above = 0
    for row in qs.order_by().values("region_code", "office__kind").annotate(n=Count("pk")):
        code = _regency_of(row["region_code"])
        if not code:
            above += row["n"]
        elif row["office__kind"] in DISTRICT_OFFICES:
            district[code] += row["n"]
        else:
            regency[code] += row["n"]
    offices = organisation_list(user=user).filter(kind__in=REGENCY_OFFICES)
    if f.office_id:
        office = organisation_list(user=user).filter(pk=f.office_id).first()
        offices = offices.filter(pk=office.pk) if office else offices.none()
    if f.election_id:
        from netra.elections.selectors import election_list

        election = election_list(user=user).filter(pk=f.election_id).first()
        if election is not None and election.region_code:
            offices = offices.filter(region_code__subtree=election.region_code)
    codes = sorted(set(offices.values_list("region_code", flat=True)) | set(regency)
                   | set(district))
    rows = []
    for code in codes:
        region = region_get(code)
        label = region.name if region else code
        rows.append([label, code, regency.get(code, 0), district.get(code, 0),
                     regency.get(code, 0) + district.get(code, 0)])
    if above:
        rows.append([_("Provincial and national offices"), "", above, 0, above])
    total: list[object] = [_("Total"), "", *(sum(cast(int, r[i]) for r in rows) for i in (2, 3, 4))]
    return StatTable(
        key="region", title=_("Cases by regency/city"),
        headers=[_("Regency/city"), _("Region code"), _("Handled at regency/city level"),
                 _("Handled at district level"), _("Total")],
        rows=rows, total=total,
    )


def violation_form_table(*, user, filters: StatisticsFilters | None = None,
                         action: str = CaseAction.VIEW) -> StatTable:
    """Cases per violation form from the rules catalogue (a case with several forms counts under
    each of them)."""
    qs = counted_cases(user=user, filters=filters, action=action)
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows_qs = (
        qs.filter(violation_types__isnull=False).order_by()
        .values("violation_types", "violation_types__category", "kind")
        .annotate(n=Count("pk", distinct=True))
    )
    labels = dict(Category.choices)
    names = {v.pk: v.name for v in violation_type_list()}  # in the active language
    for row in rows_qs:
        key = (names.get(row["violation_types"], ""), row["violation_types__category"])
        counts[key][row["kind"]] += row["n"]
    rows = []
    for (name, category), by_kind in counts.items():
        findings = by_kind.get(CaseKind.FINDING, 0)
        reports = by_kind.get(CaseKind.REPORT, 0)
        rows.append([name, str(labels.get(category, category)), findings, reports,
                     findings + reports])
    rows.sort(key=lambda r: (-r[4], r[0]))
    return StatTable(
        key="violation_form", title=_("Cases by violation form"),
        headers=[_("Violation form"), _("Category"), _("Findings (temuan)"),
                 _("Reports (laporan)"), _("Total")],
        rows=rows,
        note=_("A case with several violation forms counts once under each of them; cases not "
               "yet classified are not listed."),
    )


def status_table(*, user, filters: StatisticsFilters | None = None,
                 action: str = CaseAction.VIEW) -> StatTable:
    """Cases by workflow status, in workflow order; statuses with no case are left out."""
    counts = _kind_counts(counted_cases(user=user, filters=filters, action=action), "status")
    rows = [_kind_row(str(label), counts[value]) for value, label in Status.choices
            if value in counts]
    return StatTable(
        key="status", title=_("Cases by status"), headers=_kind_headers(_("Status")),
        rows=rows, total=_sum_rows(_("Total"), rows),
    )


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class SanctionShare:
    """Recommendations sent, answered, sanctioned; the share ending in a sanction (percent)."""

    sent: int
    answered: int
    sanctioned: int
    refused: int
    unanswered: int
    overdue: int

    @property
    def of_answered(self) -> float | None:
        return _share(self.sanctioned, self.answered)

    @property
    def of_sent(self) -> float | None:
        return _share(self.sanctioned, self.sent)


def _recommendations(user, filters, action) -> QuerySet[Recommendation]:
    cases = counted_cases(user=user, filters=filters, action=action)
    return Recommendation.objects.filter(case__in=cases.values("pk"))


def _share_aggregates(today: date) -> dict:
    return {
        "sent": Count("pk"),
        "sanctioned": Count("pk", filter=Q(status=RecommendationStatus.SANCTIONED)),
        "refused": Count("pk", filter=Q(status=RecommendationStatus.REFUSED)),
        "unanswered": Count("pk", filter=Q(status__in=OPEN_RECOMMENDATION)),
        "overdue": Count("pk", filter=Q(status__in=OPEN_RECOMMENDATION, due_on__lt=today)),
    }


def _share_from(row: dict) -> SanctionShare:
    return SanctionShare(
        sent=row["sent"], answered=row["sanctioned"] + row["refused"],
        sanctioned=row["sanctioned"], refused=row["refused"], unanswered=row["unanswered"],
        overdue=row["overdue"],
    )


def sanction_share(*, user, filters: StatisticsFilters | None = None,
                   action: str = CaseAction.VIEW, today: date | None = None) -> SanctionShare:
    """How many recommendations ended in a sanction: of those answered and of all sent."""
    today = today or timezone.localdate()
    row = _recommendations(user, filters, action).aggregate(**_share_aggregates(today))
    return _share_from(row)


def follow_up_table(*, user, filters: StatisticsFilters | None = None,
                    action: str = CaseAction.VIEW, today: date | None = None) -> StatTable:
    """Follow-up of recommendations per recipient body, with the sanction share."""
    today = today or timezone.localdate()
    grouped = (
        _recommendations(user, filters, action).order_by()
        .values("recipient__name").annotate(**_share_aggregates(today))
        .order_by("recipient__name")
    )

    def cells(label, share: SanctionShare) -> list:
        return [label, share.sent, share.answered, share.sanctioned, share.refused,
                share.unanswered, share.overdue, share.of_answered, share.of_sent]

    rows = [cells(row["recipient__name"], _share_from(row)) for row in grouped]
    total = cells(_("Total"), sanction_share(user=user, filters=filters, action=action,
                                             today=today))
    return StatTable(
        key="follow_up", title=_("Follow-up of recommendations"),
        headers=[_("Recipient"), _("Sent"), _("Answered"), _("Sanction imposed"), _("Refused"),
                 _("No answer yet"), _("Overdue"),
                 # xgettext:no-python-format
                 _("Sanctioned, % of answered"),
                 # xgettext:no-python-format
                 _("Sanctioned, % of sent")],
        rows=rows, total=total,
    )


@dataclass(frozen=True)
class Duration:
    cases: int
    median_days: float | None


def _median(values: list[int]) -> float | None:
    return float(pystats.median(values)) if values else None


def days_to_decision(*, user, filters: StatisticsFilters | None = None,
                     action: str = CaseAction.VIEW) -> Duration:
    """Median days from registration to the plenary decision (``decided_on - registered_on``)."""
    pairs = counted_cases(user=user, filters=filters, action=action).filter(
        registered_on__isnull=False, decided_on__isnull=False
    ).values_list("registered_on", "decided_on")
    values = [(decided - registered).days for registered, decided in pairs
              if registered is not None and decided is not None]  # (filtered above already)
    return Duration(len(values), _median(values))


def days_to_sanction(*, user, filters: StatisticsFilters | None = None,
                     action: str = CaseAction.VIEW) -> Duration:
    """Median days from registration to the first sanction decree of the case."""
    pairs = (
        counted_cases(user=user, filters=filters, action=action)
        .filter(registered_on__isnull=False)
        .annotate(first_decree=Min("recommendations__sanctions__decree_date"))
        .filter(first_decree__isnull=False)
        .values_list("registered_on", "first_decree")
    )
    values = [(decree - registered).days for registered, decree in pairs]
    return Duration(len(values), _median(values))


def duration_table(*, user, filters: StatisticsFilters | None = None,
                   action: str = CaseAction.VIEW) -> StatTable:
    decision = days_to_decision(user=user, filters=filters, action=action)
    sanction = days_to_sanction(user=user, filters=filters, action=action)
    return StatTable(
        key="duration", title=_("Time taken"),
        headers=[_("Measure"), _("Cases counted"), _("Median days")],
        rows=[
            [_("Registration to plenary decision"), decision.cases, decision.median_days],
            [_("Registration to first sanction decree"), sanction.cases, sanction.median_days],
        ],
        note=_("Calendar days. Only cases with both dates are counted."),
    )


TABLES: dict[str, Callable[..., StatTable]] = {
    "category": category_table,
    "region": region_table,
    "violation_form": violation_form_table,
    "status": status_table,
    "follow_up": follow_up_table,
    "duration": duration_table,
}


def statistics_tables(*, user, filters: StatisticsFilters | None = None,
                      action: str = CaseAction.VIEW) -> list[StatTable]:
    """Every table, in page order."""
    return [build(user=user, filters=filters, action=action) for build in TABLES.values()]


# --- Charts (netra.core.charts) -------------------------------------------------------------
# Each chart is drawn from the table of the same figures, so the page computes every figure
# once and a chart always matches its table.


def _category_chart(table: StatTable) -> Chart:
    return BarChart.from_table(table, columns=(1, 2), key="category", stacked=True,
                               horizontal=True, unit=_("Cases"))


def _region_chart(table: StatTable) -> Chart:
    return BarChart.from_table(table, columns=(2, 3), key="region", stacked=True,
                               horizontal=True, unit=_("Cases"))


def _violation_form_chart(table: StatTable) -> Chart:
    return BarChart.from_table(table, columns=(2, 3), key="violation-form", stacked=True,
                               horizontal=True, unit=_("Cases"), note=table.note)


def _status_chart(table: StatTable) -> Chart:
    return BarChart.from_table(table, columns=(1, 2), key="status", stacked=True,
                               horizontal=True, unit=_("Cases"))


def _sanction_rate_chart(table: StatTable) -> Chart:
    """Per recipient body and overall: the share of recommendations that ended in a sanction."""
    return BarChart.from_table(
        table, columns=(7, 8), key="sanction-rate",
        title=_("Recommendations ending in a sanction"),
        extra_rows=[table.total] if table.rows and table.total else (),
        horizontal=True, percent=True, unit=_("Percent"),
    )


# chart key → (key of the table it is drawn from, builder); in page order.
CHARTS: dict[str, tuple[str, Callable[[StatTable], Chart]]] = {
    "category": ("category", _category_chart),
    "region": ("region", _region_chart),
    "violation-form": ("violation_form", _violation_form_chart),
    "status": ("status", _status_chart),
    "sanction-rate": ("follow_up", _sanction_rate_chart),
}


def statistics_charts(tables: list[StatTable]) -> list[Chart]:
    """The page's charts, drawn from tables already computed (no further query)."""
    by_key = {table.key: table for table in tables}
    return [build(by_key[table_key]) for table_key, build in CHARTS.values()
            if table_key in by_key]


def statistics_chart(key: str, *, user, filters: StatisticsFilters | None = None,
                     action: str | None = None) -> Chart | None:
    """One chart by key (for a PNG/SVG download), or None for an unknown key. ``action``
    defaults to the tables' own (viewing)."""
    if key not in CHARTS:
        return None
    table_key, build = CHARTS[key]
    scope = {"action": action} if action else {}
    return build(TABLES[table_key](user=user, filters=filters, **scope))
