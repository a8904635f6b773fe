"""Index arithmetic against hand-computed examples, weights, versions, indicator values."""

from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from netra.cases.tests.factories import CaseFactory
from netra.risk import services
from netra.risk.choices import Category, Direction, Normalisation, RegionLevel, SourceKind
from netra.risk.models import IndexMethod, IndexScore, Indicator, IndicatorValue

NAN = np.nan


def scores(raw, weights, norms=None, directions=None):
    raw = np.array(raw, dtype=float)
    m = raw.shape[1]
    return services.score_matrix(raw, weights, norms or ["minmax"] * m,
                                 directions or ["higher"] * m, [str(i) for i in range(len(raw))],
                                 [str(j) for j in range(m)])


def test_min_max_weighted_sum_by_hand():
    # x1 normalised 0, .5, 1; x2 normalised 0, 1, missing. C renormalises to x1 alone.
    result = scores([[0, 10], [5, 30], [10, NAN]], [60, 40])
    assert result.scores.tolist() == pytest.approx([0.0, 70.0, 100.0])
    assert result.effective_weights[2].tolist() == pytest.approx([100.0, 0.0])
    assert result.points[1].tolist() == pytest.approx([30.0, 40.0])


def test_lower_is_riskier_flips_the_indicator():
    result = scores([[0, 10], [5, 30]], [60, 40], directions=["higher", "lower"])
    # A: 60*0 + 40*1 = 40; B: 60*1 + 40*0 = 60
    assert result.scores.tolist() == pytest.approx([40.0, 60.0])


def test_rank_and_z_score_normalisation_by_hand():
    rank = services.normalise(np.array([3.0, 1.0, 2.0, NAN]), Normalisation.RANK)
    assert rank[:3].tolist() == pytest.approx([1.0, 0.0, 0.5])
    assert np.isnan(rank[3])
    z = services.normalise(np.array([1.0, 2.0, 3.0]), Normalisation.Z_SCORE)
    # z = ±1.2247 (population sd of 1, 2, 3 is 0.8165); Φ(1.2247) = 0.8897
    assert z.tolist() == pytest.approx([0.1103, 0.5, 0.8897], abs=1e-4)
    flat = services.normalise(np.array([4.0, 4.0]), Normalisation.MIN_MAX)
    assert flat.tolist() == [0.5, 0.5]


def test_region_without_any_value_gets_no_score():
    result = scores([[1, NAN], [NAN, NAN], [3, 2]], [50, 50])
    assert np.isnan(result.scores[1])


@pytest.mark.parametrize(("weights", "ok"), [
    ([60, 40], True), ([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], True),
    ([60, 30], False), ([70, 40], False),
])
def test_weights_must_sum_to_100(weights, ok):
    if ok:
        services.validate_weights(weights)
    else:
        with pytest.raises(ValidationError) as exc:
            services.validate_weights(weights)
        assert "100" in exc.value.messages[0]


def test_create_method_refuses_bad_weights_and_saves_nothing(analyst_banten, regions):
    with pytest.raises(ValidationError):
        services.create_method(
            actor=analyst_banten, key="x", name="X", region_code="36", level=3,
            indicators=[services.IndicatorSpec("a", "A", Decimal("50")),
                        services.IndicatorSpec("b", "B", Decimal("40"))])
    assert not IndexMethod.objects.exists()
    assert not Indicator.objects.exists()


def test_method_outside_jurisdiction_refused(member, regions):
    from netra.core.exceptions import OutOfScope

    serang = member("analyst", "36.73")
    with pytest.raises(OutOfScope):
        services.create_method(actor=serang, key="x", name="X", region_code="36", level=3,
                               indicators=[services.IndicatorSpec("a", "A", Decimal("100"))])


def _value(method, election, key, code, value):
    return services.record_indicator_value(actor=None, method=method, election=election,
                                           region_code=code, indicator_key=key,
                                           raw_value=value)


def test_compute_index_end_to_end(method, election, analyst_banten):
    for code, a, b in (("36.73.01", "0", "10"), ("36.73.05", "5", "30"), ("36.04.01", "10", "")):
        _value(method, election, "a", code, a)
        if b:
            _value(method, election, "b", code, b)
    summary = services.compute_index(actor=analyst_banten, method=method, election=election)
    assert (summary.scored, summary.without_data) == (3, 0)
    ranked = list(IndexScore.objects.filter(method=method).order_by("rank")
                  .values_list("region_code", "score", "rank", "category"))
    assert ranked == [("36.04.01", 100.0, 1, Category.HIGH), ("36.73.05", 70.0, 2, Category.HIGH),
                      ("36.73.01", 0.0, 3, Category.LOW)]
    cinangka = IndexScore.objects.get(region_code="36.04.01")
    assert cinangka.contributions == {"raw": [10.0, None], "normalised": [1.0, None],
                                      "effective_weight": [100.0, None], "points": [100.0, None]}
    serang = IndexScore.objects.get(region_code="36.73.05")
    assert serang.contributions["points"] == [30.0, 40.0]
    method.refresh_from_db()
    assert method.is_frozen


def test_frozen_method_refuses_changes_and_new_version_copies(method, election, analyst_banten):
    _value(method, election, "a", "36.73.01", "1")
    services.compute_index(actor=analyst_banten, method=method, election=election)
    method.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.update_method(actor=analyst_banten, method=method, name="Y", low_below=30,
                               high_from=70, weights={"a": Decimal("50"), "b": Decimal("50")})
    assert "new version" in exc.value.messages[0]
    new = services.new_method_version(actor=analyst_banten, method=method)
    assert new.version == 2
    assert not new.is_frozen
    assert IndicatorValue.objects.filter(indicator__method=new).count() == 1
    services.update_method(actor=analyst_banten, method=new, name="Y", low_below=30,
                           high_from=70, weights={"a": Decimal("50"), "b": Decimal("50")})
    # past scores still refer to version 1, with its weights
    assert IndexScore.objects.get().method_id == method.pk
    assert Indicator.objects.get(method=method, key="a").weight == Decimal("60")


@pytest.mark.parametrize(("code", "key", "value", "message"), [
    ("99.99.99", "a", "1", "Unknown region code"),
    ("36.73", "a", "1", "not a district"),
    ("32.76", "a", "1", "not a district"),
    ("36.73.01", "zzz", "1", "Unknown indicator"),
    ("36.73.01", "a", "", "No value"),
    ("36.73.01", "a", "banyak", "not a number"),
])
def test_bad_indicator_rows_are_refused(method, election, code, key, value, message):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _value(method, election, key, code, value)
    with translation.override("en"):
        text = " ".join(exc.value.messages)
    assert message.lower() in text.lower()
    assert not IndicatorValue.objects.exists()


def test_values_parse_indonesian_numbers_and_reimport_is_idempotent(method, election):
    assert _value(method, election, "a", "36.73.01", "1.234,5") == "created"
    assert IndicatorValue.objects.get().value == 1234.5
    assert _value(method, election, "a", "36.73.01", "1234.5") == "duplicate"
    assert _value(method, election, "a", "36.73.01", "7") == "updated"


def test_computed_source_counts_cases_per_district(analyst_banten, election, org_factory):
    serang = org_factory("36.73")
    for place in ("36.73.01.1002", "36.73.01", "36.73.05.1001"):
        CaseFactory(office=serang, election=election, place_region_code=place)
    CaseFactory(office=serang, election=election, place_region_code="")  # falls back to 36.73
    method = services.create_method(
        actor=analyst_banten, key="c", name="C", region_code="36.73",
        level=RegionLevel.DISTRICT,
        indicators=[services.IndicatorSpec("kasus", "Kasus", Decimal("100"),
                                           SourceKind.COMPUTED, "cases.count",
                                           Direction.HIGHER_RISKIER)])
    services.compute_index(actor=analyst_banten, method=method, election=election)
    raw = {s.region_code: s.contributions["raw"][0]
           for s in IndexScore.objects.filter(method=method)}
    assert raw == {"36.73.01": 2.0, "36.73.05": 1.0}
    assert dict(IndexScore.objects.filter(method=method).values_list("region_code", "score")) \
        == {"36.73.01": 100.0, "36.73.05": 0.0}


def test_recompute_replaces_scores(method, election, analyst_banten):
    _value(method, election, "a", "36.73.01", "1")
    _value(method, election, "a", "36.73.05", "2")
    services.compute_index(actor=analyst_banten, method=method, election=election)
    IndicatorValue.objects.filter(region_code="36.73.05").delete()
    services.compute_index(actor=analyst_banten, method=method, election=election)
    assert list(IndexScore.objects.values_list("region_code", "score")) == [("36.73.01", 50.0)]
