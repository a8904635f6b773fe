"""Bar charts of case handling on the home dashboard (issue #15 point 5).

Registered with ``netra.core.charts.register_dashboard_chart`` from ``CasesConfig.ready``; the
home page draws them with ``{% dashboard_charts %}`` and answers their PNG/SVG downloads. Each
chart counts what ``cases.statistics`` counts (findings and reports the user may see, through
``Case.objects.visible_to``), so a regency office sees its subtree, a province its province, the
national body everything and a recipient body what was recommended to it. A chart with nothing
to show is left out, so a user without cases sees no empty frames.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from netra.core.charts import BarChart, Chart, Series

from . import statistics as stats
from .choices import CaseKind

MONTHS = 12  # monthly intake: this month and the eleven before it


def _shown(spec: Chart) -> Chart | None:
    return None if spec.is_empty else spec


def status_chart(user) -> Chart | None:
    """Findings and reports by workflow status."""
    table = stats.status_table(user=user)
    return _shown(BarChart.from_table(table, columns=(1, 2), key="cases-status", stacked=True,
                                      horizontal=True, unit=_("Cases")))


def category_chart(user) -> Chart | None:
    """Findings and reports by category."""
    table = stats.category_table(user=user)
    return _shown(BarChart.from_table(table, columns=(1, 2), key="cases-category",
                                      stacked=True, horizontal=True, unit=_("Cases")))


def _month_starts(today: date, count: int = MONTHS) -> list[date]:
    year, month = today.year, today.month
    starts = []
    for _i in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_intake_chart(user, *, today: date | None = None) -> Chart | None:
    """Findings and reports received per month over the last twelve months (Jakarta time)."""
    today = today or timezone.localdate()
    months = _month_starts(today)
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        stats.counted_cases(user=user)
        .filter(received_at__date__gte=months[0])
        .annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .order_by().values("month", "kind").annotate(n=Count("pk"))
    )
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        counts[month.replace(day=1)][row["kind"]] += row["n"]
    return _shown(BarChart(
        key="cases-monthly", title=_("Cases received per month"),
        labels=tuple(formats.date_format(m, "M Y") for m in months),
        series=(
            _series(_("Findings (temuan)"), [counts[m][CaseKind.FINDING] for m in months]),
            _series(_("Reports (laporan)"), [counts[m][CaseKind.REPORT] for m in months]),
        ),
        stacked=True, unit=_("Cases"), label_title=_("Month"),
    ))


def follow_up_chart(user) -> Chart | None:
    """Recommendations per recipient body: sanctioned, refused, not answered yet."""
    table = stats.follow_up_table(user=user)
    if not table.rows:
        return None
    # columns: recipient, sent, answered, sanctioned, refused, unanswered, overdue, …
    return _shown(BarChart.from_table(
        table, columns=(3, 4, 5), key="cases-follow-up",
        title=_("Follow-up of recommendations by recipient body"),
        stacked=True, horizontal=True, unit=_("Recommendations"),
    ))


def _series(name: str, values: list[int]) -> Series:
    return Series(name, tuple(values))


# key → (builder, order on the dashboard)
DASHBOARD_CHARTS: dict[str, tuple[Callable[[Any], Chart | None], int]] = {
    "cases-status": (status_chart, 30),
    "cases-category": (category_chart, 31),
    "cases-monthly": (monthly_intake_chart, 32),
    "cases-follow-up": (follow_up_chart, 33),
}


def register_dashboard_charts() -> None:
    from netra.core.charts import register_dashboard_chart

    for key, (build, order) in DASHBOARD_CHARTS.items():
        register_dashboard_chart(key, build, order=order)
