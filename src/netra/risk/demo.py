"""Demo data for the vulnerability index and programme evaluation (loader order 90).

The index method below is computed for Banten's eight regencies/cities for Pemilu 2024. Two
indicators come from the demo cases; the three imported ones carry CONSTRUCTED values (made up for
the demo, not published figures): whether the regional head runs again, the prevention coverage and
the confusion rate of pre-questionnaires. No boundaries ship: no openly licensed Kemendagri boundary
package exists in the registries, so the demo shows the bar chart and says which file to import.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from .choices import Direction, RegionLevel, SourceKind

logger = logging.getLogger(__name__)

METHOD_KEY = "ikp-netralitas-asn"
BANTEN = "36"
ELECTION = "Pemilu 2024"

INDICATORS = [
    # key, label (Indonesian, data), source, source key, direction, weight
    ("kasus", "Temuan dan laporan netralitas ASN", SourceKind.COMPUTED, "cases.count",
     Direction.HIGHER_RISKIER, 30),
    ("rekomendasi-tidak-ditindaklanjuti", "Rekomendasi tidak ditindaklanjuti PPK (%)",
     SourceKind.COMPUTED, "cases.unfollowed_recommendations", Direction.HIGHER_RISKIER, 15),
    ("petahana-maju", "Kepala daerah petahana mencalonkan diri (1 = ya)", SourceKind.IMPORTED,
     "", Direction.HIGHER_RISKIER, 20),
    ("cakupan-pencegahan", "Cakupan sosialisasi netralitas ASN (%)", SourceKind.IMPORTED, "",
     Direction.LOWER_RISKIER, 20),
    ("kebingungan-larangan", "ASN bingung soal larangan, kuesioner awal (%)",
     SourceKind.IMPORTED, "", Direction.HIGHER_RISKIER, 15),
]

# CONSTRUCTED demo values per regency/city: (incumbent runs, prevention coverage %, confusion %).
# Kabupaten Lebak has no questionnaire: its missing value shows the renormalised weights.
CONSTRUCTED = {
    "36.01": (1, 35.0, 82.0),   # Kab. Pandeglang
    "36.02": (0, 40.0, None),   # Kab. Lebak
    "36.03": (1, 55.0, 61.0),   # Kab. Tangerang
    "36.04": (1, 45.0, 74.0),   # Kab. Serang
    "36.71": (0, 70.0, 38.0),   # Kota Tangerang
    "36.72": (1, 50.0, 57.0),   # Kota Cilegon
    "36.73": (1, 30.0, 90.0),   # Kota Serang
    "36.74": (0, 75.0, 29.0),   # Kota Tangerang Selatan
}


def load_demo():
    from netra.elections.selectors import election_list
    from netra.regions.selectors import region_get

    from . import services
    from .models import IndexMethod, Indicator, IndicatorValue

    user = get_user_model().objects.filter(username="admin.ri").first()
    if user is None or region_get(BANTEN) is None:
        logger.info("risk demo skipped: no admin.ri user or no region tree")
        return []
    election = election_list(user=user).filter(name=ELECTION).first()
    if election is None:
        return []
    with transaction.atomic():
        method = IndexMethod.objects.filter(key=METHOD_KEY).order_by("version").first()
        if method is None:
            method = services.create_method(
                actor=user, key=METHOD_KEY, name="IKP netralitas ASN Banten",
                region_code=BANTEN, level=RegionLevel.REGENCY,
                description=("Contoh demo: tiga indikator impor berisi nilai BUATAN (bukan data "
                             "resmi); dua indikator dihitung dari kasus di Netra."),
                indicators=[services.IndicatorSpec(key, label, Decimal(weight), source, skey,
                                                   direction)
                            for key, label, source, skey, direction, weight in INDICATORS],
            )
        indicators = {i.key: i for i in Indicator.objects.filter(method=method)}
        for code, values in CONSTRUCTED.items():
            if region_get(code) is None:
                continue
            for key, value in zip(("petahana-maju", "cakupan-pencegahan",
                                   "kebingungan-larangan"), values, strict=True):
                if value is None:
                    continue
                IndicatorValue.objects.get_or_create(
                    indicator=indicators[key], election=election, region_code=code,
                    defaults={"value": float(value)},
                )
        services.compute_index(actor=user, method=method, election=election)
        _demo_evaluation(user, election)
    return []


def _demo_evaluation(user, election) -> None:
    """Bawaslu Kota Serang's evaluation, scored after the Serang study's findings (weak
    coordination, one ASN-targeted socialization, budget controlled by the province)."""
    from netra.orgs.choices import OrgKind
    from netra.orgs.selectors import organisation_list

    from . import services

    office = organisation_list(user=user).filter(kind=OrgKind.BAWASLU_REGENCY,
                                                 region_code="36.73").first()
    if office is None:
        return
    evaluation = services.open_evaluation(actor=user, organisation=office, election=election)
    if evaluation.scores.exclude(score=None).exists():
        return
    studied = {
        "kompetensi": (3, "Staf mengikuti bimtek penanganan pelanggaran."),
        "koordinasi-kolaborasi": (2, "Kajian Serang: koordinasi dengan pemerintah kota lemah."),
        "komunikasi-publik": (2, "Belum ada halaman informasi netralitas ASN."),
        "alokasi-realisasi-anggaran": (3, "Realisasi 954.166.592 dari 1.633.859.000 (58 %)."),
        "ketergantungan-provinsi": (2, "Anggaran dikendalikan Bawaslu Provinsi."),
    }
    scores: dict[int, tuple[int | None, str, str]] = {
        row.indicator_id: (studied[row.indicator.key][0], row.evidence + (
            "\n" if row.evidence else "") + studied[row.indicator.key][1], "")
              for row in evaluation.scores.select_related("indicator")
              if row.indicator.key in studied}
    services.save_evaluation_scores(actor=user, evaluation=evaluation, scores=scores)
    if not evaluation.actions.exists():
        from datetime import date

        services.add_evaluation_action(
            actor=user, evaluation=evaluation,
            description="Membuat halaman khusus netralitas ASN di situs Bawaslu Kota Serang.",
            owner="Koordinator Divisi Pencegahan", due_on=date(2025, 6, 30))
