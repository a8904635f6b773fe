"""The Laporan Komprehensif of Bawaslu Kota Serang from the demo data, checked against the
published tables of the Serang City study.

The published figures are read from the shared field-study tables (``shared/domain/tables`` beside
the repository, or ``NETRA_SHARED_DIR``), never copied into the repository; without them the
comparison tests are skipped. The demo loaders build the cases, prevention, questionnaire and
index data through their own services; the report is then generated as a commissioner of the
city office would, and its XLSX sheets and the text extracted from its PDF are checked.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from netra.accounts.models import User
from netra.core.demo import load_demo_data
from netra.elections.models import Election
from netra.orgs.models import Organisation
from netra.regions.services import import_regions
from netra.risk.reports import build_report, request_report

pytestmark = pytest.mark.django_db

SHARED = Path(os.environ.get("NETRA_SHARED_DIR")
              or Path(__file__).resolve().parents[5] / "shared")
TABLES = SHARED / "domain" / "tables"
needs_tables = pytest.mark.skipif(not TABLES.is_dir(),
                                  reason=f"published tables not found in {TABLES}")

# Category labels of the study → the rules catalogue's English labels.
CATEGORY_EN = {
    "Pengawasan Non Tahapan (Pengawasan ASN)": "Non-stage supervision (ASN neutrality)",
    "Tindak Pidana": "Election crime",
    "Hukum lainnya": "Other laws",
}


def _csv(name: str) -> list[dict]:
    with (TABLES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int(text: str) -> int:
    return int(text) if text.strip() else 0


@pytest.fixture(scope="module")
def serang_report(django_db_setup, django_db_blocker):
    """One demo world and both editions of Serang's report, built once for the module (inside a
    transaction rolled back at the end)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from netra.risk.tests.conftest import seed_evaluation_reference

            seed_evaluation_reference()
            import_regions(province="36")
            load_demo_data(only=["accounts", "cases", "prevention", "questionnaires", "risk"])
            commissioner = User.objects.get(username="komisioner.serang")
            office = Organisation.objects.get(name="Bawaslu Kota Serang")
            election = Election.objects.get(name="Pemilu 2024")
            User.objects.filter(pk=commissioner.pk).update(language="en")
            with translation.override("en"):
                internal = build_report(request_report(
                    actor=commissioner, organisation=office, election=election).pk)
                public = build_report(request_report(
                    actor=commissioner, organisation=office, election=election, public=True).pk)
            files = {}
            for edition, report in (("internal", internal), ("public", public)):
                assert report.status == "done", report.failure
                with report.pdf.open("rb") as handle:
                    pdf = handle.read()
                with report.xlsx.open("rb") as handle:
                    xlsx = handle.read()
                files[edition] = {
                    "text": " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages),
                    "sheets": {ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                               for ws in load_workbook(io.BytesIO(xlsx)).worksheets},
                    "pages": len(PdfReader(io.BytesIO(pdf)).pages),
                }
            yield files
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _sheet(files, edition: str, prefix: str) -> list[list]:
    for title, rows in files[edition]["sheets"].items():
        if title.startswith(prefix):
            return rows
    raise AssertionError(f"no sheet starting with {prefix!r}: {list(files[edition]['sheets'])}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@needs_tables
def test_category_table_reproduces_the_serang_2024_table(serang_report):
    published = _csv("serang_2024_findings_reports_by_category.csv")
    rows = {r[0]: r[1:] for r in _sheet(serang_report, "internal", "Findings and reports by")}
    for row in published:
        findings, reports = _int(row["findings_temuan"]), _int(row["reports_laporan"])
        assert rows[CATEGORY_EN[row["category"]]] == [findings, reports, findings + reports]
    total_findings = sum(_int(r["findings_temuan"]) for r in published)
    total_reports = sum(_int(r["reports_laporan"]) for r in published)
    assert rows["Total"] == [total_findings, total_reports, total_findings + total_reports]
    # The same figures in the PDF text.
    text = _squash(serang_report["internal"]["text"])
    for row in published:
        findings, reports = _int(row["findings_temuan"]), _int(row["reports_laporan"])
        assert f"{CATEGORY_EN[row['category']]} {findings} {reports} {findings + reports}" \
            in text
    assert f"Total {total_findings} {total_reports} {total_findings + total_reports}" in text


@needs_tables
def test_region_table_matches_the_banten_row_of_kota_serang(serang_report):
    """The demo holds Kota Serang's cases only: its regency-level count is Banten's 13."""
    banten = {r["kemendagri_code"]: r for r in _csv("banten_2024_asn_neutrality_by_regency.csv")}
    rows = {r[1]: r[2:] for r in _sheet(serang_report, "internal", "Cases by regency")
            if r[1]}
    assert rows["36.73"][0] == _int(banten["36.73"]["regency_level_violations"])


@needs_tables
def test_registered_findings_of_tabel_6_listed_with_recipient(serang_report):
    published = _csv("serang_2024_registered_findings.csv")
    rows = {r[0]: r for r in _sheet(serang_report, "public", "Registered cases")}
    for row in published:
        number = row["registration_number"]
        assert number in rows, number
        assert "KASN" in rows[number][4] or "Komisi Aparatur" in rows[number][4]
    text = _squash(serang_report["public"]["text"])
    assert "Camat Cipocok Jaya" in text or "Camat, " in text


@needs_tables
def test_budget_allocation_and_realization(serang_report):
    total = next(r for r in _csv("serang_2024_budget_realization.csv")
                 if r["row_type"] == "total")
    rows = _sheet(serang_report, "internal", "Budget")
    assert rows[-1][:4] == ["Total", None, int(total["allocation_idr"]),
                            int(total["realization_idr"])] or \
        rows[-1][2:4] == [int(total["allocation_idr"]), int(total["realization_idr"])]
    text = _squash(serang_report["internal"]["text"])
    assert f"{int(total['allocation_idr'])}" in text.replace(",", "").replace(".", "")


def test_every_section_has_its_sheet_and_heading(serang_report):
    sheets = serang_report["internal"]["sheets"]
    for prefix in ("Findings and reports by", "Cases by regency", "Registered cases",
                   "Follow-up of", "Prevention activities by ty", "Prevention activities by ta",
                   "Villages covered", "Neutrality declarations", "Participatory",
                   "Budget", "Questionnaire results", "Vulnerability index", "Map of",
                   "Programme evaluation"):
        assert any(title.startswith(prefix) for title in sheets), (prefix, list(sheets))
    text = _squash(serang_report["internal"]["text"])
    for heading in ("Prevention activities by type", "Villages covered by banners",
                    "Participatory supervision cadres", "Questionnaire results before and after",
                    "Map of the vulnerability index", "Programme evaluation"):
        assert heading in text
    # 12 cadre trainings and one ASN socialization in the demo; 12 cadres of whom a third faded.
    types = {r[0]: r[1:] for r in _sheet(serang_report, "internal", "Prevention activities by ty")}
    assert types["Cadre training"][0] == 12
    cadres = {r[0]: r[1] for r in _sheet(serang_report, "internal", "Participatory")}
    assert cadres["Cadres trained"] == 12
    assert cadres["Active in the last 6 months"] == 8
    questions = _sheet(serang_report, "internal", "Questionnaire results")
    assert len(questions) > 1
    assert all(r[2] is not None and r[3] is not None
                                      for r in questions[1:] if r[0])
    # Without boundaries the map section is the ranked bar chart and says which file to import.
    assert "GeoJSON" in text


def test_public_edition_says_so(serang_report):
    assert "Public edition" in _squash(serang_report["public"]["text"])
    assert "Public edition" not in _squash(serang_report["internal"]["text"])
