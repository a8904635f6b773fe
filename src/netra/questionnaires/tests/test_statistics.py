"""Statistics checked against published textbook values."""

import pytest
from django.utils import translation

from netra.questionnaires import statistics as st


@pytest.mark.parametrize(
    ("count", "total", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(count, total, low, high):
    got_low, got_high = st.wilson_interval(count, total)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError, match="between"):
        st.wilson_interval(3, 2)
    with pytest.raises(ValueError, match="positive"):
        st.wilson_interval(0, 0)


def test_mcnemar_agresti_presidential_approval():
    # Agresti, An Introduction to Categorical Data Analysis, table 10.1: approval of the
    # president's performance in two surveys, 1600 people; 150 approve→disapprove, 86
    # disapprove→approve. With continuity correction (|150-86|-1)² / 236 = 16.82, p ≈ 4.1e-5.
    result = st.mcnemar(150, 86, n=1600)
    assert result.method == "chi2"
    assert result.statistic == pytest.approx(16.82, abs=0.005)
    assert result.p_value == pytest.approx(4.11e-5, rel=0.01)
    assert result.odds_ratio == pytest.approx(150 / 86)
    assert result.cohens_g == pytest.approx(150 / 236 - 0.5)


def test_mcnemar_small_samples_use_the_exact_binomial_test():
    # b + c = 10 < 25: two-sided exact p = 2 · (C(10,0) + C(10,1)) / 2¹⁰ = 22/1024.
    result = st.mcnemar(9, 1, n=30)
    assert result.method == "exact"
    assert result.p_value == pytest.approx(22 / 1024)
    # With 25 discordant pairs the chi-square approximation takes over.
    assert st.mcnemar(20, 5).method == "chi2"


def test_mcnemar_without_discordant_pairs():
    result = st.mcnemar(0, 0, n=12)
    assert result.p_value == 1.0
    assert result.odds_ratio is None


def test_wilcoxon_hollander_wolfe_depression_scale():
    # Hollander & Wolfe (1973), p. 29, as in R's wilcox.test documentation: V = 40,
    # one-sided p = 0.01953, so two-sided p = 0.0390625. (Here "before" is y, "after" is x.)
    x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    result = st.wilcoxon_paired(before=y, after=x)
    assert result.w_plus == 40
    assert result.w_minus == 5
    assert result.p_value == pytest.approx(0.0390625)
    assert result.rank_biserial == pytest.approx(35 / 45)


def test_wilcoxon_drops_ties_and_handles_no_change():
    result = st.wilcoxon_paired(before=[3, 3, 3], after=[3, 3, 3])
    assert result.n == 3
    assert result.n_nonzero == 0
    assert result.p_value == 1.0


def test_two_proportions_matches_the_chi_square_without_correction():
    from scipy.stats import chi2_contingency

    result = st.two_proportions(40, 50, 12, 50)
    chi2, p, _dof, _exp = chi2_contingency([[40, 10], [12, 38]], correction=False)
    assert result.p_value == pytest.approx(p)
    assert result.z**2 == pytest.approx(chi2)
    # Cohen's h for 80 % → 24 %: 2·asin(√.24) − 2·asin(√.8) ≈ −1.190 (a large effect).
    assert result.cohens_h == pytest.approx(-1.1904, abs=1e-3)
    with translation.override("en"):
        assert st.effect_label(result.cohens_h, st.H_THRESHOLDS) == "large"


def test_plain_wording_in_both_languages():
    result = st.mcnemar(150, 86, n=1600)
    with translation.override("en"):
        assert "statistically significant" in result.plain()
        assert "150 changed from yes to no" in result.plain()
    with translation.override("id"):
        text = result.plain()
        assert "signifikan" in text
        assert "150" in text
