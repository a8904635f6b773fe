"""Before/after statistics for questionnaire waves, with SciPy (statistik pra/pasca).

Pure functions on plain numbers (no database): the selectors gather the answers, these compute.

* :func:`wilson_interval`: a proportion's confidence interval (Wilson score), well behaved near
  0 % and 100 % where the textbook normal interval is not.
* :func:`mcnemar`: paired yes/no answers (the same respondent before and after). Only the
  discordant pairs carry information: ``b`` = yes before, no after; ``c`` = no before, yes after.
  Exact binomial test when ``b + c < 25``, else chi-square with continuity correction. Effect
  sizes: odds ratio of the discordant pairs ``b / c`` and Cohen's g ``|b / (b + c) - 0.5|``.
* :func:`wilcoxon_paired`: paired Likert answers, Wilcoxon signed-rank (zero differences
  dropped), with the matched-pairs rank-biserial correlation as effect size r.
* :func:`two_proportions`: unpaired waves, two-proportion z test (the same p-value as a 2 × 2
  chi-square without continuity correction), with Cohen's h.

Each result has a ``plain()`` wording for a non-statistician in the active language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from scipy import stats

ALPHA = 0.05
EXACT_BELOW = 25  # McNemar: exact binomial test when fewer discordant pairs


@dataclass(frozen=True)
class Proportion:
    """``count`` of ``total`` with a 95 % Wilson interval (percentages 0-100)."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.count / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float] | None:
        if not self.total:
            return None
        low, high = wilson_interval(self.count, self.total)
        return 100.0 * low, 100.0 * high


def wilson_interval(count: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``count`` successes of ``total`` (as fractions 0-1)."""
    if total <= 0:
        raise ValueError("total must be positive")
    if not 0 <= count <= total:
        raise ValueError("count must lie between 0 and total")
    interval = stats.binomtest(count, total).proportion_ci(confidence, method="wilson")
    return max(0.0, float(interval.low)), min(1.0, float(interval.high))


def _significance(p: float | None) -> str:
    if p is None:
        return _("There is not enough data to test the change.")
    if p < ALPHA:
        return _(
            "The change is statistically significant (p = %(p)s): it is unlikely to be chance "
            "alone."
        ) % {"p": format_p(p)}
    return _(
        "The change is not statistically significant (p = %(p)s): it could be chance, so do "
        "not draw conclusions from it alone."
    ) % {"p": format_p(p)}


def format_p(p: float | None) -> str:
    if p is None:
        return "—"
    if p < 0.001:
        return "< 0.001"
    return f"{p:.3f}"


@dataclass(frozen=True)
class McNemarResult:
    """Paired yes/no: ``b`` yes→no and ``c`` no→yes (discordant pairs), ``n`` pairs."""

    n: int
    b: int
    c: int
    method: str  # "exact" or "chi2"
    statistic: float | None
    p_value: float | None
    odds_ratio: float | None
    cohens_g: float | None

    def plain(self) -> str:
        if not self.n:
            return _("No respondent answered both waves, so no paired comparison is possible.")
        changed = _(
            "Of %(n)s respondents who answered both times, %(b)s changed from yes to no and "
            "%(c)s from no to yes; the others gave the same answer twice."
        ) % {"n": self.n, "b": self.b, "c": self.c}
        return f"{changed} {_significance(self.p_value)}"


def mcnemar(b: int, c: int, n: int | None = None) -> McNemarResult:
    """McNemar's test on the discordant pairs ``b`` and ``c`` (``n`` = all pairs)."""
    if b < 0 or c < 0:
        raise ValueError("counts cannot be negative")
    n = b + c if n is None else n
    discordant = b + c
    if discordant == 0:
        return McNemarResult(n, b, c, "exact", None, None if n == 0 else 1.0, None, None)
    if discordant < EXACT_BELOW:
        method = "exact"
        statistic = float(min(b, c))
        p_value = float(stats.binomtest(min(b, c), discordant, 0.5).pvalue)
    else:
        method = "chi2"
        statistic = (abs(b - c) - 1) ** 2 / discordant
        p_value = float(stats.chi2.sf(statistic, 1))
    odds_ratio = b / c if c else None
    cohens_g = abs(b / discordant - 0.5)
    return McNemarResult(n, b, c, method, statistic, min(p_value, 1.0), odds_ratio, cohens_g)


@dataclass(frozen=True)
class WilcoxonResult:
    """Paired scores: ``n`` pairs, ``n_nonzero`` with a difference; ``w_plus``/``w_minus`` the
    rank sums of positive/negative differences (after − before)."""

    n: int
    n_nonzero: int
    w_plus: float
    w_minus: float
    statistic: float | None
    p_value: float | None
    rank_biserial: float | None
    median_before: float | None
    median_after: float | None

    def plain(self) -> str:
        if not self.n:
            return _("No respondent answered both waves, so no paired comparison is possible.")
        if self.w_plus < self.w_minus:
            direction = _("Scores mostly went down after the activity.")
        elif self.w_plus > self.w_minus:
            direction = _("Scores mostly went up after the activity.")
        else:
            direction = _("Scores did not move in one direction.")
        return f"{direction} {_significance(self.p_value)}"


def wilcoxon_paired(before: list[float], after: list[float]) -> WilcoxonResult:
    """Wilcoxon signed-rank test of ``after - before`` (zero differences dropped, Pratt not
    used), two-sided; effect size r is the matched-pairs rank-biserial correlation
    ``(W+ - W-) / (W+ + W-)``."""
    if len(before) != len(after):
        raise ValueError("paired samples must have the same length")
    n = len(before)
    median_before = float(_median(before)) if n else None
    median_after = float(_median(after)) if n else None
    diffs = [a - b for a, b in zip(after, before, strict=True) if a != b]
    if not diffs:
        return WilcoxonResult(n, 0, 0.0, 0.0, None, 1.0 if n else None, None, median_before,
                              median_after)
    ranks = stats.rankdata([abs(d) for d in diffs])
    w_plus = float(sum(r for r, d in zip(ranks, diffs, strict=True) if d > 0))
    w_minus = float(sum(r for r, d in zip(ranks, diffs, strict=True) if d < 0))
    result = stats.wilcoxon(diffs, zero_method="wilcox", alternative="two-sided")
    total = w_plus + w_minus
    return WilcoxonResult(
        n, len(diffs), w_plus, w_minus, float(result.statistic), float(result.pvalue),
        (w_plus - w_minus) / total if total else None, median_before, median_after,
    )


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class TwoProportionResult:
    """Unpaired waves: ``before`` and ``after`` proportions, z test and Cohen's h."""

    before: Proportion
    after: Proportion
    z: float | None
    p_value: float | None
    cohens_h: float | None

    def plain(self) -> str:
        if not self.before.total or not self.after.total:
            return _("One of the waves has no answers yet.")
        figures = _(
            "Comparing all answers of both waves (respondents need not be the same): "
            "%(before)s before and %(after)s after."
        ) % {"before": f"{self.before.percent:.1f}%", "after": f"{self.after.percent:.1f}%"}
        return f"{figures} {_significance(self.p_value)}"


def two_proportions(count1: int, total1: int, count2: int, total2: int) -> TwoProportionResult:
    """Two-proportion z test with the pooled standard error, two-sided; Cohen's h =
    ``2·asin(√p2) − 2·asin(√p1)``."""
    before, after = Proportion(count1, total1), Proportion(count2, total2)
    if not total1 or not total2:
        return TwoProportionResult(before, after, None, None, None)
    p1, p2 = count1 / total1, count2 / total2
    pooled = (count1 + count2) / (total1 + total2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / total1 + 1 / total2))
    h = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))
    if se == 0:
        return TwoProportionResult(before, after, None, 1.0, h)
    z = (p2 - p1) / se
    p_value = float(2 * stats.norm.sf(abs(z)))
    return TwoProportionResult(before, after, z, p_value, h)


def effect_label(value: float | None, thresholds: tuple[float, float, float]) -> str:
    """Conventional words for an effect size's magnitude (Cohen): negligible/small/medium/large."""
    if value is None:
        return "—"
    size = abs(value)
    small, medium, large = thresholds
    if size < small:
        return _("negligible")
    if size < medium:
        return _("small")
    if size < large:
        return _("medium")
    return _("large")


# Cohen's thresholds: h 0.2/0.5/0.8; g 0.05/0.15/0.25; r 0.1/0.3/0.5.
H_THRESHOLDS = (0.2, 0.5, 0.8)
G_THRESHOLDS = (0.05, 0.15, 0.25)
R_THRESHOLDS = (0.1, 0.3, 0.5)
