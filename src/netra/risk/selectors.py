"""Every read of the risk app a person sees; each takes the user and goes through ``visible_to``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, QuerySet
from django.utils.translation import gettext as _

from netra.core.charts import BarChart, Series

from .choices import Category, level_of
from .indicators import indicator_source
from .models import (
    Boundary,
    Evaluation,
    EvaluationAction,
    EvaluationDimension,
    EvaluationScore,
    IndexMethod,
    IndexScore,
    Indicator,
)
from .permissions import RiskAction

if TYPE_CHECKING:
    from netra.core.typing import AnyUser
    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation

CATEGORY_COLOURS = {Category.LOW: "#1e7b34", Category.MEDIUM: "#b34d00", Category.HIGH: "#b3261e"}


def method_list(*, user: AnyUser, action: str = RiskAction.VIEW) -> QuerySet[IndexMethod]:
    return IndexMethod.objects.visible_to(user, action).prefetch_related("indicators")


def method_get(*, user: AnyUser, pk: int, action: str = RiskAction.VIEW) -> IndexMethod:
    """Raises ``IndexMethod.DoesNotExist`` outside the user's scope (views answer 404)."""
    return method_list(user=user, action=action).get(pk=pk)


def method_indicators(method: IndexMethod) -> list[Indicator]:
    return list(method.indicators.all())


def score_list(*, user: AnyUser, method: IndexMethod, election: Election, level: int | None = None,
               category: str = "", within: str = "") -> QuerySet[IndexScore]:
    """Scores of ``method`` for ``election`` the user may see, ranked."""
    qs = IndexScore.objects.visible_to(user, RiskAction.VIEW).filter(method=method,
                                                                     election=election)
    if level:
        qs = qs.filter(level=level)
    if category:
        qs = qs.filter(category=category)
    if within:
        qs = qs.filter(region_code__subtree=within)
    return qs.order_by("rank")


def score_get(*, user: AnyUser, pk: int) -> IndexScore:
    return IndexScore.objects.visible_to(user, RiskAction.VIEW).select_related(
        "method", "election").get(pk=pk)


@dataclass(frozen=True)
class ExplainedIndicator:
    key: str
    label: str
    raw: float | None
    normalised: float | None
    weight: float
    effective_weight: float | None
    points: float | None
    share: float | None  # percent of the score this indicator contributes
    driver: bool


def explain(score: IndexScore) -> list[ExplainedIndicator]:
    """The score's indicators, strongest contribution first, then the missing ones; an indicator
    is a *driver* when its normalised value is above the middle (0.5) and it adds points."""
    c = score.contributions or {}

    def cell(name: str, j: int) -> Any:
        values = c.get(name) or []
        return values[j] if j < len(values) else None  # a score stored without explanation

    rows = []
    for j, indicator in enumerate(score.method.indicators.all()):
        raw = cell("raw", j)
        points = cell("points", j)
        normalised = cell("normalised", j)
        known = raw is not None and points is not None and normalised is not None
        rows.append(ExplainedIndicator(
            key=indicator.key, label=indicator.label, raw=raw, normalised=normalised,
            weight=float(indicator.weight), effective_weight=cell("effective_weight", j),
            points=points,
            share=(100.0 * points / score.score) if known and score.score else None,
            driver=known and normalised > 0.5 and points > 0,
        ))
    rows.sort(key=lambda r: (r.raw is None, -(r.points or 0.0)))
    return rows


def main_driver(score: IndexScore, labels: list[str]) -> str:
    """Label of the indicator adding the most points to ``score`` ("" when none adds any)."""
    points = [p or 0.0 for p in score.contributions.get("points", [])]
    if not points or max(points) <= 0:
        return ""
    return labels[points.index(max(points))]


def ranked_chart(scores: list[IndexScore], *, key: str = "index-ranking", limit: int = 30
                 ) -> BarChart:
    """The ranked index as a horizontal bar chart (the view without boundaries)."""
    top = scores[:limit]
    return BarChart(
        key=key, title=_("Vulnerability index, highest first"),
        labels=tuple(f"{s.rank}. {s.region_name}" for s in top),
        series=(Series(_("Score (0–100)"), tuple(s.score for s in top)),),
        horizontal=True, unit=_("Score (0–100)"), label_title=_("Region"),
    )


def case_count_chart(counts: dict[str, float], names: dict[str, str], *, limit: int = 30
                     ) -> BarChart:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return BarChart(
        key="case-ranking", title=_("Findings and reports per region"),
        labels=tuple(names.get(code, code) for code, _n in ordered),
        series=(Series(_("Cases"), tuple(n for _c, n in ordered)),),
        horizontal=True, unit=_("Cases"), label_title=_("Region"),
    )


def case_counts(*, user: AnyUser, region_codes: list[str], election: Election) -> dict[str, float]:
    """Findings and reports per region that the user may see (the case layer of the map)."""
    source = indicator_source("cases.count")
    return source.values(region_codes, election, user=user) if source else {}


def boundaries(*, user: AnyUser, level: int, region_codes: Iterable[str] | None = None
               ) -> QuerySet[Boundary]:
    qs = Boundary.objects.visible_to(user, RiskAction.VIEW).filter(level=level)
    if region_codes is not None:
        qs = qs.filter(region_code__in=list(region_codes))
    return qs


def boundary_count(*, user: AnyUser) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for level in Boundary.objects.visible_to(user, RiskAction.VIEW).values_list("level",
                                                                                flat=True):
        counts[level] += 1
    return dict(counts)


def geojson(*, user: AnyUser, features: list[tuple[str, str, float | None, str]], level: int
            ) -> dict[str, Any]:
    """A FeatureCollection of the user's boundaries at ``level`` with one value per region:
    ``features`` are ``(code, name, value, category)``."""
    by_code = {code: (name, value, category) for code, name, value, category in features}
    out = []
    for boundary in boundaries(user=user, level=level, region_codes=list(by_code)):
        name, value, category = by_code[boundary.region_code]
        out.append({
            "type": "Feature",
            "geometry": boundary.geometry,
            "properties": {"code": boundary.region_code, "name": name, "value": value,
                           "category": category},
        })
    return {"type": "FeatureCollection", "features": out}


# --- Programme evaluation --------------------------------------------------------------------


def evaluation_list(*, user: AnyUser, action: str = RiskAction.VIEW) -> QuerySet[Evaluation]:
    return Evaluation.objects.visible_to(user, action).select_related("organisation", "election")


def evaluation_get(*, user: AnyUser, pk: int, action: str = RiskAction.VIEW) -> Evaluation:
    return evaluation_list(user=user, action=action).get(pk=pk)


def evaluation_form_rows(evaluation: Evaluation
                         ) -> list[tuple[EvaluationDimension, list[EvaluationScore]]]:
    """The evaluation's scores grouped by dimension, in the reference order."""
    grouped: dict[int, list[EvaluationScore]] = defaultdict(list)
    for row in evaluation.scores.select_related("indicator", "indicator__dimension"):
        grouped[row.indicator.dimension_id].append(row)
    return [(d, grouped[d.pk]) for d in EvaluationDimension.objects.all() if grouped[d.pk]]


def evaluation_actions(evaluation: Evaluation) -> QuerySet[EvaluationAction]:
    return evaluation.actions.all()


def dimension_averages(evaluations: Iterable[int] | QuerySet[Evaluation]
                       ) -> dict[int, dict[str, float | None]]:
    """Average score per dimension of each evaluation: ``{evaluation_id: {dimension: avg}}``."""
    result: dict[int, dict[str, float | None]] = defaultdict(dict)
    rows = (
        EvaluationScore.objects
        .filter(evaluation__in=evaluations, score__isnull=False)
        .values("evaluation_id", "indicator__dimension__key")
        .annotate(avg=Avg("score"))
    )
    for row in rows:
        result[row["evaluation_id"]][row["indicator__dimension__key"]] = round(row["avg"], 2)
    return result


def evaluation_comparison(*, user: AnyUser, election_id: int | None = None
                          ) -> tuple[list[EvaluationDimension],
                                     list[tuple[Evaluation, list[float | None], float | None]],
                                     BarChart]:
    """Evaluations the user may see side by side: one row per evaluation, one column per
    dimension (average score 1–5) and the overall average; and the same as a chart."""
    evaluations = list(evaluation_list(user=user).order_by("election__voting_day",
                                                           "organisation__name"))
    if election_id:
        evaluations = [e for e in evaluations if e.election_id == election_id]
    dimensions = list(EvaluationDimension.objects.all())
    averages = dimension_averages([e.pk for e in evaluations])
    rows = []
    for evaluation in evaluations:
        values = [averages.get(evaluation.pk, {}).get(d.key) for d in dimensions]
        present = [v for v in values if v is not None]
        overall = round(sum(present) / len(present), 2) if present else None
        rows.append((evaluation, values, overall))
    chart = BarChart(
        key="evaluation-comparison", title=_("Average score per dimension (1–5)"),
        labels=tuple(d.name for d in dimensions),
        series=tuple(Series(f"{e.organisation.name} · {e.election.name}", tuple(values))
                     for e, values, _o in rows[:8]),
        unit=_("Average score"), label_title=_("Dimension"),
    )
    return dimensions, rows, chart


def evaluation_prefill(*, user: AnyUser, organisation: Organisation, election: Election
                       ) -> dict[str, str]:
    """Evidence text pre-filled from Netra figures, keyed by ``prefill_key``: the follow-up of
    recommendations from the office's cases now; budget realization and ASN-targeted activities
    when the prevention module registers those sources."""
    from netra.cases.statistics import StatisticsFilters, sanction_share

    out: dict[str, str] = {}
    share = sanction_share(user=user, filters=StatisticsFilters(
        election_id=election.pk, office_id=organisation.pk, include_sub_offices=True))
    if share.sent:
        out["cases.follow_up_rate"] = _(
            "Netra: %(sent)s recommendations sent, %(answered)s answered, %(sanctioned)s ended "
            "in a sanction, %(open)s without an answer yet."
        ) % {"sent": share.sent, "answered": share.answered, "sanctioned": share.sanctioned,
             "open": share.unanswered}
    else:
        out["cases.follow_up_rate"] = _("Netra: no recommendation sent for this election yet.")
    region = [organisation.region_code] if organisation.region_code else []
    for key in ("prevention.budget_realization", "prevention.asn_activities"):
        source = indicator_source(key)
        if source is not None and region and level_of(region[0]) <= 3:
            value = source.values(region, election, user=user).get(region[0])
            if value is not None:
                out[key] = _("Netra figure: %(label)s = %(value)s") % {"label": source.label,
                                                               "value": value}
    return out
