"""The comprehensive supervision report (Laporan Komprehensif, issue #20.4).

:func:`request_report` records the request and queues :func:`build_report` (a Celery task,
inline in the embedded default). The report is built from the other modules' selectors, counted
as the requesting person may see it:

* cases (``netra.cases.statistics`` and ``selectors``): findings and reports by category (the
  Serang 2024 table), cases by regency/city (the Banten table), the registered cases with their
  recommendation and follow-up, and the follow-up per recipient body;
* prevention (``netra.prevention.selectors``): activities by type and by target group, villages
  covered by banners, neutrality declarations, cadres (trained / active in the last N months)
  and the budget, allocation against realization;
* questionnaires (``netra.questionnaires.selectors``): before/after results per activity;
* this app: the vulnerability index with its map (a choropleth drawn server-side from the
  imported boundaries, otherwise the ranked bar chart and a note) and the programme evaluation.

Charts are the same specs the pages draw (``netra.core.charts``), rendered to PNG with matplotlib
for the PDF. The **public edition** names reported persons by position and agency only; the
internal edition adds their names only on cases whose identity the requester may see (the
cases app's identity rule). PDF (WeasyPrint through ``netra.documents``) and XLSX (one sheet per
section) are stored privately with their SHA-256 and the snapshot time.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netra.core.audit import system_actor
from netra.core.charts import BarChart, Chart, Series, render_png
from netra.core.exceptions import OutOfScope
from netra.core.scoping import may_in_region
from netra.files.storage import save_private_file

from .models import ComprehensiveReport, IndexScore, ReportStatus
from .permissions import RiskAction

logger = logging.getLogger(__name__)


def request_report(*, actor, organisation, election, public: bool = False
                   ) -> ComprehensiveReport:
    """Queue the report of ``organisation`` for ``election`` (needs ``risk.report`` there);
    ``public`` asks for the public edition (positions, never names)."""
    if not may_in_region(actor, RiskAction.REPORT, organisation.region_code):
        raise OutOfScope
    with transaction.atomic():
        report = ComprehensiveReport.objects.create(
            organisation=organisation, election=election, requested_by=actor,
            region_code=organisation.region_code, public=public,
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(pk: int) -> None:
    from .tasks import build_comprehensive_report

    build_comprehensive_report.delay(pk)


# --- Sections ----------------------------------------------------------------------------------


@dataclass
class Section:
    """One table of the report (``StatTable``-like) with its optional chart and note."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    note: str = ""
    chart: Chart | None = None
    chart_png: str = ""  # base64, filled in when the PDF is drawn
    as_list: bool = False  # long sections print as one paragraph per row (see entries())
    pdf_table: bool = True  # False: the PDF shows the chart only (the table is the XLSX's)
    # Printed in the PDF instead of the rows (which stay in the XLSX): see pdf_case_limit().
    pdf_summary: Section | None = None

    def all_rows(self) -> list[list]:
        return self.rows + ([self.total] if self.total else [])

    def entries(self) -> list[tuple[Any, list[tuple[str, Any]]]]:
        """Rows as (first cell, [(header, cell), …]) for the PDF's list layout: WeasyPrint lays
        out a table of hundreds of rows about 5× slower than the same text as paragraphs
        (bench/bench_risk.py), so a long section prints as paragraphs; the XLSX keeps the
        table."""
        return [(row[0], list(zip(self.headers[1:], row[1:], strict=True)))
                for row in self.rows]


def _section(table: Any, chart: Chart | None = None) -> Section:
    return Section(table.key, str(table.title), [str(h) for h in table.headers],
                   list(table.rows), table.total, getattr(table, "note", ""), chart)


def _percent(part: float | int | None, whole: float | int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(part * 100 / whole, 1)


@dataclass(frozen=True)
class ReportContext:
    user: Any
    organisation: Any
    election: Any
    public: bool = False


def case_sections(ctx: ReportContext) -> list[Section]:
    """Cases by category, by regency/city, the registered cases, follow-up per recipient."""
    from netra.cases.statistics import (
        StatisticsFilters,
        category_table,
        follow_up_table,
        region_table,
        statistics_charts,
    )

    filters = StatisticsFilters(election_id=ctx.election.pk, office_id=ctx.organisation.pk,
                                include_sub_offices=True)
    # By category: the cases the office handled itself (the Serang 2024 table's 11 + 2 are the
    # city office's, the Banten table's regency level); the district offices below it count in
    # the regency/city table's second column.
    own = StatisticsFilters(election_id=ctx.election.pk, office_id=ctx.organisation.pk)
    by_category = category_table(user=ctx.user, filters=own)
    by_category.note = _("Cases handled by the office itself; those of the district offices "
                         "below it are counted in the next table.")
    tables = [by_category, region_table(user=ctx.user, filters=filters)]
    follow_up = follow_up_table(user=ctx.user, filters=filters)
    charts = {c.key: c for c in statistics_charts([*tables, follow_up])}
    return [_section(tables[0], charts.get("category")),
                _section(tables[1], charts.get("region")),
                registered_cases_section(ctx),
                _section(follow_up, charts.get("sanction-rate") if follow_up.rows else None)]


def registered_cases_section(ctx: ReportContext) -> Section:
    """Every registered finding and report of the office (and the offices below it) with its
    recommendations and the follow-up; reported persons by position and agency (names only in the
    internal edition and only where the requester may see the case's identity)."""
    from netra.cases.choices import RecommendationStatus, SanctionType
    from netra.cases.identity import identity_cases
    from netra.cases.selectors import CaseFilters, case_list

    office = ctx.organisation
    qs = case_list(user=ctx.user, filters=CaseFilters(election_id=ctx.election.pk))
    if office.region_code:
        qs = qs.filter(Q(office_id=office.pk) | Q(region_code__subtree=office.region_code))
    else:
        qs = qs.filter(office_id=office.pk)
    unregistered = Q(registration_number="") | Q(registration_number__isnull=True)
    qs = qs.exclude(unregistered)
    # Plain values, four queries for any number of cases: model instances with prefetched
    # relations cost ~3 ms per related-manager clone under load (bench/bench_risk.py).
    labels = {name: dict(_choices(qs.model, name)) for name in ("kind", "category", "status")}
    cases = list(qs.order_by("received_at", "pk").values_list(
        "pk", "registration_number", "kind", "category", "status"))
    ids = [row[0] for row in cases]
    named: set[int] = set()
    if not ctx.public and ids:
        named = set(identity_cases(ctx.user, qs).values_list("pk", flat=True))
    persons: dict[int, list[str]] = defaultdict(list)
    for case_id, name, position, agency in (
            qs.filter(reported_persons__isnull=False).order_by("pk", "reported_persons__pk")
            .values_list("pk", "reported_persons__name", "reported_persons__position",
                         "reported_persons__agency")):
        text = f"{position}, {agency}"
        if case_id in named and name:
            text = f"{name} ({text})"
        persons[case_id].append(text)
    rec_labels = dict(RecommendationStatus.choices)
    sanction_labels = dict(SanctionType.choices)
    sanctions: dict[int, list[str]] = defaultdict(list)
    for rec_id, kind in (qs.filter(recommendations__sanctions__isnull=False)
                         .order_by("recommendations__sanctions__pk")
                         .values_list("recommendations__pk",
                                      "recommendations__sanctions__sanction_type")):
        sanctions[rec_id].append(str(sanction_labels.get(kind, kind)))
    answered_text = _("answered, no sanction")
    recommendations: dict[int, list[str]] = defaultdict(list)
    follow_up: dict[int, list[str]] = defaultdict(list)
    for case_id, rec_id, recipient, status, answered_at in (
            qs.filter(recommendations__isnull=False).order_by("pk", "recommendations__pk")
            .values_list("pk", "recommendations__pk", "recommendations__recipient__name",
                         "recommendations__status", "recommendations__answered_at")):
        recommendations[case_id].append(f"{recipient}: {rec_labels.get(status, status)}")
        if sanctions.get(rec_id):
            follow_up[case_id].append(f"{recipient}: {', '.join(sanctions[rec_id])}")
        elif answered_at:
            follow_up[case_id].append(f"{recipient}: {answered_text}")
    rows = [[number, str(labels["kind"].get(kind, kind)),
             str(labels["category"].get(category, category)) if category else "—",
             "; ".join(persons[pk]) or "—", "; ".join(recommendations[pk]) or "—",
             "; ".join(follow_up[pk]) or "—", str(labels["status"].get(status, status))]
            for pk, number, kind, category, status in cases]
    note = (_("Public edition: reported persons by position and agency, never by name.")
            if ctx.public else
            _("Internal edition: names appear only on cases whose identity you may see."))
    section = Section("registered", _("Registered cases, recommendations and follow-up"),
                      [_("Registration number"), _("Kind"), _("Category"),
                       _("Reported persons"), _("Recommended to"), _("Follow-up"), _("Status")],
                      rows, note=note, as_list=True)
    if len(cases) > pdf_case_limit():
        section.pdf_summary = _registered_summary(
            section, [(kind, category, bool(recommendations[pk]), bool(follow_up[pk]))
                      for pk, _number, kind, category, _status in cases], labels)
    return section


def _choices(model: Any, name: str) -> list[tuple[Any, Any]]:
    field = model._meta.get_field(name)
    return list(getattr(field, "flatchoices", None) or [])


def pdf_case_limit() -> int:
    """How many registered cases the PDF lists one by one (``NETRA_RISK_REPORT_PDF_CASE_LIMIT``,
    default 100). Past it the PDF prints them summarised by category and points to the XLSX,
    which always lists every case: WeasyPrint needs ~5 ms of CPU per listed case (400 cases
    took ~2.5 s of the 1,000-case report's ~4.5 s, bench/bench_risk.py)."""
    return int(getattr(settings, "NETRA_RISK_REPORT_PDF_CASE_LIMIT", 100))


def _registered_summary(section: Section, cases: list[tuple[str, str, bool, bool]],
                        labels: dict[str, dict]) -> Section:
    """The registered cases by category (findings, reports, with a recommendation, with a
    follow-up), for the PDF when the list is too long to print."""
    from netra.cases.choices import CaseKind

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for kind, category, recommended, followed in cases:
        row = counts[category or ""]
        if kind in (CaseKind.FINDING, CaseKind.REPORT):
            row[0 if kind == CaseKind.FINDING else 1] += 1
        row[2] += recommended
        row[3] += followed
        row[4] += 1
    order = list(labels["category"]) + [""]
    rows: list[list[Any]] = [
        [str(labels["category"].get(category, category)) if category else "—", *counts[category]]
        for category in sorted(counts, key=lambda c: order.index(c) if c in order else len(order))]
    total = [_("Total"), *(sum(counts[c][i] for c in counts) for i in range(5))]
    sheet = _sheet_title(section.title, set())
    note = _("The %(count)s registered cases are summarised by category here; the full list, "
             "with reported persons, recommendations and follow-up, is in the XLSX file of this "
             "report (sheet “%(sheet)s”).") % {"count": len(cases), "sheet": sheet}
    return Section("registered-summary", section.title,
                   [_("Category"), _("Findings"), _("Reports"), _("With a recommendation"),
                    _("With a follow-up"), _("Total")], rows, total, note=note)


def prevention_sections(ctx: ReportContext) -> list[Section]:
    """Activities by type and target group, banners, declarations, cadres, budget."""
    from netra.prevention.cadres import active_since
    from netra.prevention.choices import ActivityType, TargetGroup
    from netra.prevention.selectors import (
        banner_coverage,
        report_activities,
        report_budget,
        report_cadres,
        report_declarations,
    )

    office, election, user = ctx.organisation, ctx.election, ctx.user
    activities = list(report_activities(user=user, office_id=office.pk, election_id=election.pk)
                      .values("activity_type", "target_groups", "participants_count"))
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for activity in activities:
        by_type[activity["activity_type"]][0] += 1
        by_type[activity["activity_type"]][1] += activity["participants_count"]
        for group in activity["target_groups"] or []:
            by_group[group][0] += 1
            by_group[group][1] += activity["participants_count"]
    type_rows = [[str(label), *by_type[value]] for value, label in ActivityType.choices
                 if value in by_type]
    group_rows = [[str(label), *by_group[value]] for value, label in TargetGroup.choices
                  if value in by_group]
    headers = [_("Activities"), _("Participants")]

    def total(rows):
        return [_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows)] if rows else None

    types = Section("activities", _("Prevention activities by type"), [_("Type"), *headers],
                    type_rows, total(type_rows))
    types.chart = BarChart.from_rows(type_rows, key="prevention-activities",
                                     title=types.title, columns={1: _("Activities")},
                                     horizontal=True, unit=_("Activities"),
                                     label_title=_("Type")) if type_rows else None
    groups = Section("target_groups", _("Prevention activities by target group"),
                     [_("Target group"), *headers], group_rows,
                     note=_("An activity aimed at several groups counts under each of them."))
    groups.chart = BarChart.from_rows(group_rows, key="prevention-target-groups",
                                      title=groups.title, columns={1: _("Activities")},
                                      horizontal=True, unit=_("Activities"),
                                      label_title=_("Target group")) if group_rows else None

    banner_rows: list[list[Any]] = []
    if office.region_code:
        for area in banner_coverage(user=user, within=office.region_code, level=3):
            banner_rows.append([area.name, area.code, area.villages, area.covered,
                                area.percent])
    villages = sum(r[2] for r in banner_rows)
    covered = sum(r[3] for r in banner_rows)
    banners = Section(
        "banners", _("Villages covered by banners"),
        [_("District"), _("Region code"), _("Villages"), _("Villages with a banner"),
         _("Coverage (%)")], banner_rows,
        [_("Total"), "", villages, covered, _percent(covered, villages)] if banner_rows else None)

    declaration_rows = [[d["agency"], d["neutrality"], d["integrity"], d["total"]]
                        for d in report_declarations(user=user, office_id=office.pk,
                                                     election_id=election.pk)]
    declarations = Section(
        "declarations", _("Neutrality declarations and integrity pacts"),
        [_("Agency"), _("Neutrality declarations"), _("Integrity pacts"), _("Total")],
        declaration_rows,
        [_("Total"), *(sum(r[i] for r in declaration_rows) for i in (1, 2, 3))]
        if declaration_rows else None,
        note=_("Counted per agency; the signers' names are not part of the report."))

    months = settings.NETRA_PREVENTION_CADRE_ACTIVE_MONTHS
    since = active_since(months=months)
    cadre = report_cadres(user=user, office_id=office.pk, election_id=election.pk, since=since)
    cadres = Section(
        "cadres", _("Participatory supervision cadres (KPP)"), [_("Figure"), _("Value")],
        [[_("Cadres trained"), cadre["trained"]],
         [_("Active in the last %(months)s months") % {"months": months}, cadre["active"]],
         [_("Active, share of the trained (%)"), _percent(cadre["active"], cadre["trained"])],
         [_("Villages with a cadre"), cadre["villages"]]],
        note=_("Active: something recorded since %(date)s, or trained since then.")
        % {"date": since.isoformat()})

    lines = list(report_budget(user=user, office_id=office.pk, election_id=election.pk)
                 .order_by("programme", "sub_line"))
    budget_rows = [[line.programme, line.sub_line or "—", line.allocation, line.realization,
                    _percent(line.realization, line.allocation)] for line in lines]
    allocation = sum(line.allocation for line in lines)
    realization = sum(line.realization for line in lines)
    budget = Section(
        "budget", _("Budget: allocation and realization (Rp)"),
        [_("Programme"), _("Sub-line"), _("Allocation (Rp)"), _("Realization (Rp)"),
         _("Realization (%)")], budget_rows,
        [_("Total"), "", allocation, realization, _percent(realization, allocation)]
        if lines else None)
    if lines:
        budget.chart = BarChart.from_rows(
            budget_rows, key="budget", title=budget.title, label=1,
            columns={2: _("Allocation (Rp)"), 3: _("Realization (Rp)")}, horizontal=True,
            unit="Rp", label_title=_("Sub-line"))
    return [types, groups, banners, declarations, cadres, budget]


def questionnaire_section(ctx: ReportContext) -> Section:
    """Before/after results per activity: for every questionnaire of the office (of this
    election or of none), the latest pre and post wave of each activity, per question."""
    from netra.questionnaires.selectors import pair_results, questionnaire_list, wave_list

    rows, chart_rows = [], []
    questionnaires = (questionnaire_list(user=ctx.user)
                      .filter(office_id=ctx.organisation.pk)
                      .filter(Q(election_id=ctx.election.pk) | Q(election__isnull=True))
                      .order_by("pk"))
    for questionnaire in questionnaires:
        by_activity: dict[str, dict[str, Any]] = defaultdict(dict)
        for wave in wave_list(questionnaire=questionnaire):
            activity = wave.activity_title or questionnaire.title
            by_activity[activity][wave.phase] = wave  # later waves replace earlier ones
        for activity, waves in by_activity.items():
            if "pre" not in waves or "post" not in waves:
                continue
            results = pair_results(pre=waves["pre"], post=waves["post"])
            for result in results.questions:
                if result.before is None or result.after is None:
                    continue
                before = _round(result.before.percent)
                after = _round(result.after.percent)
                change = None if before is None or after is None else round(after - before, 1)
                rows.append([activity, result.question.text, before, after, change,
                             results.pre_count, results.post_count])
                chart_rows.append([_short(result.question.text), before, after])
    section = Section(
        "questionnaires", _("Questionnaire results before and after (share answering yes or "
                            "agreeing, %)"),
        [_("Activity"), _("Question"), _("Before (%)"), _("After (%)"),
         _("Change (points)"), _("Responses before"), _("Responses after")], rows)
    if chart_rows:
        section.chart = BarChart.from_rows(
            chart_rows[:20], key="questionnaire-before-after", title=section.title,
            columns={1: _("Before"), 2: _("After")}, percent=True, horizontal=True,
            label_title=_("Question"))
    return section


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def index_section(ctx: ReportContext) -> tuple[Section, Any]:
    """The office's vulnerability index (the latest method with scores for the election that
    the requester may see in the office's area) and what the map needs."""
    from netra.core.scoping import subtree_q

    visible = IndexScore.objects.visible_to(ctx.user, RiskAction.VIEW).filter(
        election=ctx.election)
    own = visible.filter(subtree_q(ctx.organisation.region_code)) \
        if ctx.organisation.region_code else visible
    first = own.select_related("method").order_by("-method__frozen_at", "-method__version",
                                                  "rank").first()
    scores = list(visible.filter(method_id=first.method_id).order_by("rank")) if first else []
    rows = [[s.rank, s.region_name, s.region_code, s.score, s.get_category_display()]
            for s in scores[:50]]
    section = Section(
        "index", _("Vulnerability index"),
        [_("Rank"), _("Region"), _("Region code"), _("Score (0–100)"), _("Category")], rows,
        note=str(first.method) if first else "")
    return section, (first.method if first else None, scores)


def map_section(ctx: ReportContext, method, scores) -> Section:
    """The map: the choropleth of the index from the imported boundaries, otherwise the ranked
    bar chart with a note saying which file to import. Never invented geography."""
    from .selectors import CATEGORY_COLOURS, boundaries, ranked_chart

    section = Section("map", _("Map of the vulnerability index"),
                      [_("Region"), _("Region code"), _("Score (0–100)"), _("Category")],
                      [[s.region_name, s.region_code, s.score, s.get_category_display()]
                       for s in scores[:50]], pdf_table=False)
    if not scores:
        section.note = _("No index has been computed for this election yet.")
        return section
    shapes = list(boundaries(user=ctx.user, level=method.level,
                             region_codes=[s.region_code for s in scores]))
    if shapes:
        by_code = {s.region_code: s for s in scores}
        section.chart_png = _choropleth_png(
            [(b.geometry, CATEGORY_COLOURS.get(by_code[b.region_code].category, "#cccccc"))
             for b in shapes],
            title=_("Vulnerability index by region"),
            legend=[(CATEGORY_COLOURS[value], str(label)) for value, label in
                    _category_choices()])
        section.note = _("Choropleth from %(count)s imported boundaries; %(missing)s regions "
                         "have no boundary.") % {"count": len(shapes),
                                                  "missing": len(scores) - len(shapes)}
    else:
        section.chart = ranked_chart(scores)
        section.note = _("No boundaries are imported for this level, so the ranking is shown as a "
                         "bar chart. Import the regions' GeoJSON file on the Boundaries page to "
                         "draw the map.")
    return section


def _category_choices():
    from .choices import Category

    return Category.choices


def _choropleth_png(shapes: list[tuple[dict, str]], *, title: str,
                    legend: list[tuple[str, str]]) -> str:
    """A PNG (base64) of the given GeoJSON geometries filled with their colours."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, PathPatch
    from matplotlib.path import Path as MplPath

    from netra.core.charts import _render_lock

    def rings(geometry: dict):
        polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                    else geometry["coordinates"])
        for polygon in polygons:
            vertices, codes = [], []
            for ring in polygon:
                vertices.extend(ring)
                codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2)
                             + [MplPath.CLOSEPOLY])
            yield MplPath(vertices, codes)

    with _render_lock:
        fig = Figure(figsize=(8, 6), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        for geometry, colour in shapes:
            for path in rings(geometry):
                ax.add_patch(PathPatch(path, facecolor=colour, edgecolor="white",
                                       linewidth=0.6))
        ax.autoscale_view()
        ax.set_aspect("equal")
        ax.set_axis_off()
        fig.suptitle(title, x=0.02, ha="left", fontsize=12, fontweight="bold")
        fig.legend(handles=[Patch(facecolor=c, label=label) for c, label in legend],
                   loc="outside lower center", ncols=len(legend), frameon=False)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=120, facecolor="white",
                    metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def evaluation_section(ctx: ReportContext) -> Section:
    from .models import EvaluationDimension
    from .selectors import dimension_averages, evaluation_list

    evaluation = evaluation_list(user=ctx.user).filter(organisation=ctx.organisation,
                                                       election=ctx.election).first()
    averages = dimension_averages([evaluation.pk]).get(evaluation.pk, {}) if evaluation else {}
    averaged = [(d.name, averages.get(d.key)) for d in EvaluationDimension.objects.all()]
    rows: list[list[Any]] = [[name, value] for name, value in averaged]
    section = Section("evaluation", _("Programme evaluation (average score 1–5)"),
                      [_("Dimension"), _("Average score")], rows,
                      note="" if evaluation else _("No evaluation has been opened yet."))
    if any(v is not None for _d, v in rows):
        section.chart = BarChart(
            key="evaluation", title=section.title, labels=tuple(name for name, _v in averaged),
            series=(Series(_("Average score"), tuple(v for _n, v in averaged)),), horizontal=True,
            unit=_("Average score"), label_title=_("Dimension"))
    return section


def report_sections(*, user, organisation, election, public: bool = False) -> list[Section]:
    """Every section of the report, in print order."""
    ctx = ReportContext(user, organisation, election, public)
    sections = case_sections(ctx)
    sections.extend(prevention_sections(ctx))
    sections.append(questionnaire_section(ctx))
    index, (method, scores) = index_section(ctx)
    sections.append(index)
    sections.append(map_section(ctx, method, scores))
    sections.append(evaluation_section(ctx))
    return sections


def report_tables(*, user, organisation, election) -> list[Section]:
    """The report's tables (kept for callers of the first version)."""
    return report_sections(user=user, organisation=organisation, election=election)


def render_charts(sections: list[Section]) -> None:
    """The sections' charts as PNG, once each. A chart of a single bar (a regency's own row in
    the regency/city table) says nothing its table does not and is left out of the PDF:
    matplotlib needs ~150 ms of CPU per chart, half of the 1,000-case report's build once the
    case list is summarised (bench/bench_risk.py)."""
    for section in sections:
        if section.chart is not None and len(section.chart.labels) < 2 and section.key != "map":
            continue
        if section.chart is not None and not section.chart.is_empty and not section.chart_png:
            section.chart_png = base64.b64encode(
                render_png(section.chart, width=7.0, dpi=110)).decode("ascii")


# --- Files -------------------------------------------------------------------------------------


def _cell(value):
    return "—" if value is None else value


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[:31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _xlsx(sections, *, title: str, snapshot=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in sections:
        sheet = workbook.create_sheet(title=_sheet_title(section.title, used))
        sheet.append([str(h) for h in section.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in section.all_rows():
            sheet.append([_cell(v) if not isinstance(v, str) else v for v in row])
        if section.note:
            sheet.append([])
            sheet.append([str(section.note)])
    workbook.properties.title = title
    if snapshot is not None:
        workbook.properties.created = snapshot.replace(tzinfo=None)
        workbook.properties.modified = snapshot.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_report_pdf(sections, *, title: str, snapshot, office, election, public: bool,
                      language: str) -> bytes:
    from netra.documents.rendering import html_to_pdf, page_html

    body = render_to_string("risk/report_pdf.html", {
        "title": title, "sections": sections, "snapshot": snapshot, "office": office,
        "election": election, "public": public})
    return html_to_pdf(page_html(body=body, title=title, language=language))


def build_report(pk: int) -> ComprehensiveReport | None:
    """Generate the PDF and XLSX of report ``pk`` (the task body); failures are recorded on the
    row, never half-saved files."""
    report = ComprehensiveReport.objects.select_related(
        "organisation", "election", "requested_by").filter(pk=pk).first()
    if report is None or report.status == ReportStatus.DONE:
        return report
    user = report.requested_by
    language = getattr(user, "language", "") or "id"
    with system_actor("task:risk.build_comprehensive_report"), translation.override(language):
        ComprehensiveReport.objects.filter(pk=pk).update(status=ReportStatus.RUNNING, progress=10)
        try:
            snapshot = timezone.now()
            sections = report_sections(user=user, organisation=report.organisation,
                                       election=report.election, public=report.public)
            ComprehensiveReport.objects.filter(pk=pk).update(progress=40)
            render_charts(sections)
            ComprehensiveReport.objects.filter(pk=pk).update(progress=60)
            title = _("Comprehensive supervision report: %(office)s, %(election)s") % {
                "office": report.organisation.name, "election": report.election.name}
            if report.public:
                title = _("%(title)s (public edition)") % {"title": title}
            pdf = render_report_pdf(sections, title=title, snapshot=snapshot,
                                    office=report.organisation, election=report.election,
                                    public=report.public, language=language)
            ComprehensiveReport.objects.filter(pk=pk).update(progress=80)
            xlsx = _xlsx(sections, title=title, snapshot=snapshot)
        except Exception as exc:  # recorded on the row; the person sees it on the page
            logger.exception("comprehensive report %s failed", pk)
            ComprehensiveReport.objects.filter(pk=pk).update(
                status=ReportStatus.FAILED, failure=str(exc)[:2000])
            return ComprehensiveReport.objects.get(pk=pk)
        with transaction.atomic():
            report = ComprehensiveReport.objects.select_for_update().get(pk=pk)
            save_private_file(report.pdf, folder="risk/reports", extension="pdf", data=pdf)
            save_private_file(report.xlsx, folder="risk/reports", extension="xlsx", data=xlsx)
            report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            report.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
            report.snapshot_at = snapshot
            report.status = ReportStatus.DONE
            report.progress = 100
            report.save(update_fields=["pdf", "xlsx", "pdf_sha256", "xlsx_sha256", "snapshot_at",
                                       "status", "progress", "updated_at"])
    return report


__all__ = ["Section", "build_report", "report_sections", "request_report"]
