"""Vulnerability index benchmark: the index of ~7,200 districts recomputed (issue #20: < 2 s).

Seeds 7,200 district regions (synthetic codes, 38 provinces × 20 regencies × 10 districts, cut
to 7,200), one national method at district level with five indicators (four imported, values for
every district with about 3 % missing; one computed from cases, ``cases.count``, over the case
table, empty here: its own aggregation is measured in ``bench_cases``) and an election.

Rows:

* baseline: the raw aggregation alone: the district list and every indicator value of the
  election, read into Python (what any computation must at least do);
* the arithmetic alone (NumPy, on the matrix already in memory);
* ``compute_index`` end to end: read, normalise, weight, rank, explanation JSON per region, and
  the upsert of 7,200 scores in one transaction (as the "Compute" button runs it).
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal

import numpy as np
from benchlib import Goal, Report, time_calls
from django.contrib.auth import get_user_model

from netra.elections.models import Election, ElectionKind, ElectionLevel
from netra.regions.models import Region
from netra.regions.selectors import regions_at_level
from netra.risk import services
from netra.risk.choices import Direction, Normalisation, RegionLevel, SourceKind
from netra.risk.models import IndexScore, IndicatorValue

TITLE = "Vulnerability index: ~7,200 districts recomputed, beside the raw aggregation alone"
ITERATIONS = 7
WARMUP = 1
DISTRICTS = 7_200


def _seed_regions() -> list[str]:
    rows, codes = [], []
    for p in range(38):
        province = f"{11 + p:02d}"
        rows.append(Region(code=province, name=f"Provinsi {province}", level=1, kind="provinsi",
                           parent_code="", path=province, search_name=province))
        for r in range(20):
            regency = f"{province}.{r + 1:02d}"
            rows.append(Region(code=regency, name=f"Kabupaten {regency}", level=2,
                               kind="kabupaten", parent_code=province, path=regency,
                               search_name=regency))
            for d in range(10):
                if len(codes) >= DISTRICTS:
                    break
                code = f"{regency}.{d + 1:02d}"
                codes.append(code)
                rows.append(Region(code=code, name=f"Kecamatan {code}", level=3,
                                   kind="kecamatan", parent_code=regency, path=code,
                                   search_name=code))
    Region.objects.bulk_create(rows, batch_size=2000)
    return codes


def run(report: Report) -> None:
    reps = {"iterations": min(report.iterations, ITERATIONS), "warmup": min(report.warmup, WARMUP)}
    report.progress("seeding regions, method and values ...")
    codes = _seed_regions()
    actor = get_user_model().objects.create_superuser(username="bench-risk",
                                                      password="bench-risk-password-1")
    election = Election.objects.create(name="Pemilu bench", kind=ElectionKind.PEMILU,
                                       level=ElectionLevel.NATIONAL, region_code="",
                                       voting_day="2024-02-14")
    specs = [
        services.IndicatorSpec("kasus", "Kasus", Decimal("25"), SourceKind.COMPUTED,
                               "cases.count"),
        services.IndicatorSpec("petahana", "Petahana", Decimal("20")),
        services.IndicatorSpec("cakupan", "Cakupan", Decimal("20"),
                               direction=Direction.LOWER_RISKIER),
        services.IndicatorSpec("kebingungan", "Kebingungan", Decimal("20"),
                               normalisation=Normalisation.Z_SCORE),
        services.IndicatorSpec("kader", "Kader", Decimal("15"),
                               direction=Direction.LOWER_RISKIER,
                               normalisation=Normalisation.RANK),
    ]
    method = services.create_method(actor=actor, key="bench", name="Bench", region_code="",
                                    level=RegionLevel.DISTRICT, indicators=specs)
    rng = np.random.default_rng(20)
    values = []
    for indicator in method.indicators.exclude(source_kind=SourceKind.COMPUTED):
        drawn = rng.uniform(0, 100, len(codes))
        missing = rng.random(len(codes)) < 0.03
        values.extend(IndicatorValue(indicator=indicator, election=election, region_code=code,
                                     value=float(v))
                      for code, v, gone in zip(codes, drawn, missing, strict=True) if not gone)
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    report.note(f"{len(codes):,} districts, {len(values):,} imported values, 5 indicators "
                "(one computed from the case table).")

    report.section(f"Index of {len(codes):,} districts")
    imported = list(method.indicators.exclude(source_kind=SourceKind.COMPUTED))

    def raw_aggregation():
        regions = regions_at_level(RegionLevel.DISTRICT)
        rows = list(IndicatorValue.objects.filter(indicator__in=imported, election=election)
                    .values_list("indicator_id", "region_code", "value"))
        return len(regions), len(rows)

    report.progress("raw aggregation ...")
    report.timing("raw_aggregation", time_calls(raw_aggregation, **reps),
                  label="baseline: district list + every indicator value, read into Python")

    indicators = list(method.indicators.all())
    raw = np.where(rng.random((len(codes), 5)) < 0.03, np.nan,
                   rng.uniform(0, 100, (len(codes), 5)))

    def arithmetic():
        services.score_matrix(raw, [float(i.weight) for i in indicators],
                              [i.normalisation for i in indicators],
                              [i.direction for i in indicators], codes, [i.key for i in indicators])

    report.progress("arithmetic ...")
    report.timing("arithmetic", time_calls(arithmetic, **reps),
                  label="NumPy arithmetic alone (matrix in memory)", baseline="raw_aggregation")

    def compute():
        summary = services.compute_index(actor=actor, method=method, election=election)
        assert summary.scored == len(codes), summary

    report.progress("compute_index ...")
    report.timing("compute_index", time_calls(compute, **reps),
                  label="compute_index: read, compute, explain, upsert 7,200 scores",
                  baseline="raw_aggregation", goal=Goal("median_ms", 2000))
    report.value("scores", IndexScore.objects.filter(method=method).count(),
                 label="scores stored")
    if os.environ.get("NETRA_BENCH_RISK_PROFILE"):  # where the time goes, on stderr
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(compute)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
