"""Vulnerability index benchmark: the index of ~7,200 districts recomputed (issue #20: < 2 s).

Seeds 7,200 district regions (synthetic codes, 38 provinces × 20 regencies × 10 districts, cut
to 7,200), one national method at district level with five indicators (four imported, values for
every district with about 3 % missing; one computed from cases, ``cases.count``, over the case
table, empty here: its own aggregation is measured in ``bench_cases``) and an election.

Section "Index", rows:

* baseline: the raw aggregation alone: the district list and every indicator value of the
  election, read into Python (what any computation must at least do);
* the arithmetic alone (NumPy, on the matrix already in memory);
* ``compute_index`` end to end: read, normalise, weight, rank, explanation JSON per region, and
  the upsert of 7,200 scores in one transaction (as the "Compute" button runs it).

Section "Laporan Komprehensif" (issue #20: a regency's report with 1,000 cases as PDF in < 10 s):
the real Banten region tree, Bawaslu Kota Serang with 1,000 findings and reports of one election
(40 % registered, with two reported persons each, recommendations to KASN in every status and
sanctions), a year of prevention work (activities and budget lines). Rows:

* baseline: the raw aggregation queries alone (cases by category × kind and by region × office
  kind, and the registered cases' rows with their persons and recommendations, as plain values);
* every section of the report through the modules' selectors (no rendering);
* ``build_report`` end to end: sections, the charts as PNG (matplotlib), the PDF (WeasyPrint), the
  XLSX, both files stored with their SHA-256 (what the background task does).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
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

TITLE = ("Vulnerability index: ~7,200 districts recomputed; a regency's Laporan Komprehensif "
         "with 1,000 cases as PDF; each beside its raw aggregation")
ITERATIONS = 7
WARMUP = 1
DISTRICTS = 7_200
REPORT_CASES = 1_000
REPORT_ITERATIONS = 3


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

    run_report(report, election)


def _seed_report_world(election) -> tuple:
    """Bawaslu Kota Serang, a commissioner, 1,000 cases of ``election`` and prevention data."""
    import random
    from datetime import date, timedelta

    from django.utils import timezone

    from netra.accounts.models import Membership
    from netra.cases.choices import CaseKind, RecommendationStatus, SanctionType, Source
    from netra.cases.models import Case, Recommendation, ReportedPerson, Sanction
    from netra.cases.workflow import Status
    from netra.orgs.models import Organisation
    from netra.prevention import services as prevention
    from netra.regions.services import import_regions
    from netra.rules.choices import Category, EmploymentType

    Region.objects.filter(code__startswith="36").delete()
    import_regions(province="36")
    province = Organisation.objects.create(kind="bawaslu_province", region_code="36",
                                           name="Bawaslu Provinsi Banten")
    office = Organisation.objects.create(kind="bawaslu_regency", region_code="36.73",
                                         name="Bawaslu Kota Serang", parent=province)
    kasn = Organisation.objects.create(kind="kasn", region_code="", name="KASN")
    user = get_user_model().objects.create_user(username="bench-komisioner",
                                                password="bench-risk-password-1")
    Membership.objects.create(user=user, organisation=office, role="commissioner")
    villages = list(Region.objects.filter(code__startswith="36.73.", level=4)
                    .values_list("code", flat=True))
    rng = random.Random(20)
    categories = [c for c, _label in Category.choices]
    now = timezone.now()
    cases = []
    for n in range(REPORT_CASES):
        registered = n % 5 < 2
        cases.append(Case(
            election=election, office=office, region_code="36.73",
            kind=CaseKind.FINDING if n % 4 else CaseKind.REPORT, source=Source.FIELD_SUPERVISION,
            status=Status.REGISTERED if registered else Status.RECEIVED,
            intake_number=f"{n + 1:04d}/PL/36.73/2024",
            registration_number=f"{n + 1:03d}/Reg/TM/PL/Kota/1.01/I/2024" if registered else None,
            received_at=now - timedelta(days=n % 300), known_date=date(2024, 1, 1),
            place_region_code=rng.choice(villages), title=f"Dugaan pelanggaran netralitas {n}",
            category=rng.choice(categories)))
    Case.objects.bulk_create(cases, batch_size=500)
    registered_cases = list(Case.objects.filter(office=office, registration_number__isnull=False))
    persons = [ReportedPerson(case=c, name=f"Nama Terlapor {c.pk}-{i}",
                              employment_type=EmploymentType.PNS,
                              position="Camat" if i else "Lurah", agency="Pemerintah Kota Serang")
               for c in registered_cases for i in range(2)]
    ReportedPerson.objects.bulk_create(persons, batch_size=500)
    statuses = [s for s, _label in RecommendationStatus.choices]
    recommendations = [Recommendation(case=c, recipient=kasn, sent_on=date(2024, 2, 1),
                                      due_on=date(2024, 3, 1), status=statuses[i % len(statuses)])
                       for i, c in enumerate(registered_cases)]
    Recommendation.objects.bulk_create(recommendations, batch_size=500)
    first_person = {p.case_id: p for p in ReportedPerson.objects.filter(case__office=office)}
    sanction_type = [s for s, _label in SanctionType.choices][0]
    Sanction.objects.bulk_create([
        Sanction(recommendation=r, reported_person=first_person[r.case_id],
                 sanction_type=sanction_type, decree_number=f"800/{r.pk}/BKPSDM",
                 decree_date=date(2024, 4, 1))
        for r in Recommendation.objects.filter(case__office=office,
                                               status=RecommendationStatus.SANCTIONED)])
    for i in range(24):
        prevention.save_activity(
            actor=None, office=office, election=election,
            activity_type=["socialization", "bimtek", "coordination", "cadre_training"][i % 4],
            title=f"Kegiatan pencegahan {i + 1}",
            starts_on=date(2023, 6, 1) + timedelta(days=9 * i),
            target_groups=[["asn"], ["village_heads", "public"], ["youth"]][i % 3],
            participants_count=20 + i)
    for i in range(6):
        prevention.save_budget_line(actor=None, office=office, election=election,
                                    fiscal_year=2024, programme="Pencegahan",
                                    sub_line=f"Sub kegiatan {i + 1}", allocation=100_000_000 + i,
                                    realization=60_000_000 + i)
    return office, user, len(registered_cases)


def run_report(report: Report, election) -> None:
    from django.db.models import Count

    from netra.cases.models import Case
    from netra.risk.models import ComprehensiveReport
    from netra.risk.reports import build_report, report_sections

    reps = {"iterations": min(report.iterations, REPORT_ITERATIONS),
            "warmup": min(report.warmup, 1)}
    report.progress("seeding the regency report (1,000 cases) ...")
    office, user, registered = _seed_report_world(election)
    report.section(f"Laporan Komprehensif of a regency with {REPORT_CASES:,} cases")
    report.note(f"Bawaslu Kota Serang: {REPORT_CASES:,} findings and reports, {registered} "
                "registered (two reported persons and a recommendation each), 24 prevention "
                "activities, 6 budget lines; the PDF summarises the registered cases by "
                "category past NETRA_RISK_REPORT_PDF_CASE_LIMIT (100), the XLSX lists them all.")

    def raw_aggregation():
        cases = Case.objects.filter(office=office, election=election)
        by_category = list(cases.order_by().values("category", "kind").annotate(n=Count("pk")))
        by_region = list(cases.order_by().values("region_code", "office__kind")
                         .annotate(n=Count("pk")))
        rows = list(cases.filter(registration_number__isnull=False).values_list(
            "registration_number", "kind", "category", "status", "reported_persons__position",
            "reported_persons__agency", "recommendations__recipient__name",
            "recommendations__status"))
        return len(by_category) + len(by_region) + len(rows)

    report.progress("report: raw aggregation ...")
    report.timing("report_raw", time_calls(raw_aggregation, **reps),
                  label="baseline: the raw aggregation queries alone")

    def sections():
        report_sections(user=user, organisation=office, election=election)

    report.progress("report: sections ...")
    report.timing("report_sections", time_calls(sections, **reps),
                  label="every section through the modules' selectors", baseline="report_raw")

    sizes = []
    cpu: list[float] = []  # CPU seconds of this process per build: what the load does not change

    def build():
        row = ComprehensiveReport.objects.create(organisation=office, election=election,
                                                 requested_by=user, region_code="36.73")
        started = time.process_time()
        built = build_report(row.pk)
        cpu.append(time.process_time() - started)
        assert built.status == "done", built.failure
        sizes.append(built.pdf.size)

    report.progress("report: PDF ...")
    report.timing("report_pdf", time_calls(build, **reps),
                  label="build_report: sections, charts (PNG), PDF, XLSX, stored with SHA-256",
                  baseline="report_raw", goal=Goal("median_ms", 10_000))
    report.value("report_pdf_kib", round(sizes[-1] / 1024), unit="KiB",
                 label="PDF size")
    report.value("report_pdf_cpu_ms", round(statistics.median(cpu) * 1000), unit="ms",
                 label="build_report, CPU time of the process (median)")
    cpu.clear()

    from django.test import override_settings

    def build_full_list():
        with override_settings(NETRA_RISK_REPORT_PDF_CASE_LIMIT=10**6):
            build()

    report.progress("report: PDF listing every registered case ...")
    report.timing("report_pdf_full_list", time_calls(build_full_list, **reps),
                  label="the same, the PDF listing all 400 registered cases (before)",
                  baseline="report_raw")
    report.value("report_pdf_full_list_kib", round(sizes[-1] / 1024), unit="KiB",
                 label="PDF size, every case listed")
    report.value("report_pdf_full_list_cpu_ms", round(statistics.median(cpu) * 1000), unit="ms",
                 label="the same, every case listed, CPU time (median)",
                 baseline="report_pdf_cpu_ms")
    if os.environ.get("NETRA_BENCH_RISK_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(build)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(30)
