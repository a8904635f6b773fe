"""Laporan Komprehensif: requested on the page, built in the background (inline), PDF text and
XLSX sheets checked against the data, SHA-256 kept, downloads scoped and audited."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from netra.cases.tests.factories import CaseFactory
from netra.risk.models import ComprehensiveReport


@pytest.fixture
def serang(member, org_factory, election):
    office = org_factory("36.73")
    commissioner = member("commissioner", "36.73", org=office)
    for place in ("36.73.01", "36.73.05", "36.73.05"):
        CaseFactory(office=office, election=election, place_region_code=place)
    return office, commissioner


def test_report_generated_with_hashes_and_tables(client, serang, election,
                                                 django_capture_on_commit_callbacks):
    office, commissioner = serang
    client.force_login(commissioner)
    assert client.get(reverse("risk:report_list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("risk:report_list"),
                               {"organisation": office.pk, "election": election.pk})
    assert response.status_code == 302
    report = ComprehensiveReport.objects.get()
    assert report.status == "done"
    assert report.snapshot_at is not None
    pdf = client.get(reverse("risk:report_download", args=[report.pk, "pdf"]))
    data = b"".join(pdf.streaming_content)
    assert hashlib.sha256(data).hexdigest() == report.pdf_sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Laporan" in text or "Comprehensive" in text
    assert office.name in text
    xlsx = b"".join(client.get(reverse("risk:report_download",
                                       args=[report.pk, "xlsx"])).streaming_content)
    assert hashlib.sha256(xlsx).hexdigest() == report.xlsx_sha256
    workbook = load_workbook(io.BytesIO(xlsx))
    first = workbook.worksheets[0]
    rows = list(first.iter_rows(values_only=True))
    total = next(r for r in rows if r[0] in ("Total", "Jumlah"))
    assert total[1:] == (3, 0, 3)  # three findings, no report


def test_report_scoped(client, serang, member, election):
    office, commissioner = serang
    from netra.risk.reports import build_report, request_report

    report = build_report(request_report(actor=commissioner, organisation=office,
                                         election=election).pk)
    client.force_login(member("commissioner", "36.04"))
    assert client.get(reverse("risk:report_download", args=[report.pk, "pdf"])).status_code \
        == 404
    client.force_login(member("prevention_staff", "36.73"))
    response = client.post(reverse("risk:report_list"),
                           {"organisation": office.pk, "election": election.pk})
    assert response.status_code == 404


def test_command_prints_hashes(serang, election, capsys):
    office, commissioner = serang
    call_command("make_comprehensive_report", office=office.pk, election=election.pk,
                 actor=commissioner.username)
    out = capsys.readouterr().out
    report = ComprehensiveReport.objects.get()
    assert report.pdf_sha256 in out
    assert report.xlsx_sha256 in out


def _pdf_text(report) -> str:
    with report.pdf.open("rb") as handle:
        data = handle.read()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_public_edition_positions_never_names(serang, election):
    """A registered case with named reported persons: the public edition shows their positions
    and agencies only; the internal edition of the handling office's commissioner names them."""
    from netra.cases.tests.factories import ReportedPersonFactory
    from netra.risk.reports import build_report, request_report

    office, commissioner = serang
    case = CaseFactory(office=office, election=election, place_region_code="36.73.01",
                       registration_number="001/Reg/TM/PL/Kota/1.01/I/2024")
    names = ["Sutrisno Wibowo", "Ratna Kusumawati"]
    ReportedPersonFactory(case=case, name=names[0], position="Camat", agency="Kecamatan Serang")
    ReportedPersonFactory(case=case, name=names[1], position="Lurah", agency="Kelurahan Cipare")
    public = build_report(request_report(actor=commissioner, organisation=office,
                                         election=election, public=True).pk)
    assert public.status == "done", public.failure
    text = " ".join(_pdf_text(public).split())
    assert "001/Reg/TM/PL/Kota/1.01/I/2024" in text.replace("/ ", "/")
    assert "Camat, Kecamatan Serang" in text
    assert "Lurah, Kelurahan Cipare" in text
    for name in names:
        assert name not in text
        for part in name.split():
            assert part not in text
    internal = build_report(request_report(actor=commissioner, organisation=office,
                                           election=election).pk)
    assert names[0] in " ".join(_pdf_text(internal).split())


def test_form_asks_for_the_public_edition(client, serang, election,
                                          django_capture_on_commit_callbacks):
    office, commissioner = serang
    client.force_login(commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("risk:report_list"), {
            "organisation": office.pk, "election": election.pk, "public": "on"})
    assert response.status_code == 302
    assert ComprehensiveReport.objects.get().public is True


def test_long_case_list_summarised_in_pdf_listed_in_xlsx(serang, election, settings):
    """Past NETRA_RISK_REPORT_PDF_CASE_LIMIT registered cases the PDF prints them by category
    and points to the XLSX, which still lists every case (issue #20: 1,000 cases in < 10 s)."""
    from netra.risk.reports import build_report, request_report

    settings.NETRA_RISK_REPORT_PDF_CASE_LIMIT = 2
    office, commissioner = serang
    type(commissioner).objects.filter(pk=commissioner.pk).update(language="en")
    numbers = [f"00{n}/Reg/TM/PL/Kota/1.01/I/2024" for n in (1, 2, 3)]
    for number in numbers:
        CaseFactory(office=office, election=election, place_region_code="36.73.01",
                    kind="finding", registration_number=number)
    report = build_report(request_report(actor=commissioner, organisation=office,
                                         election=election, public=True).pk)
    assert report.status == "done", report.failure
    text = " ".join(_pdf_text(report).split()).replace("/ ", "/")
    assert "The 3 registered cases are summarised by category here" in text
    assert "is in the XLSX file of this report" in text
    for number in numbers:
        assert number not in text
    with report.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("Registered cases"))
    listed = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(number in listed for number in numbers)
    # At the limit the PDF lists the cases one by one again.
    settings.NETRA_RISK_REPORT_PDF_CASE_LIMIT = 3
    report = build_report(request_report(actor=commissioner, organisation=office,
                                         election=election, public=True).pk)
    text = " ".join(_pdf_text(report).split()).replace("/ ", "/")
    assert "summarised by category" not in text
    assert all(number in text for number in numbers)


def test_pdf_charts_drawn_once_and_single_bars_left_out():
    """The PDF draws each chart once; a one-bar chart (a regency's own row) is left out, except
    the index ranking that stands in for the map."""
    from netra.core.charts import BarChart, Series
    from netra.risk.reports import Section, render_charts

    def section(key, labels):
        return Section(key, key, ["a"], chart=BarChart(
            key=key, title=key, labels=tuple(labels),
            series=(Series("n", tuple(range(1, len(labels) + 1))),)))

    sections = [section("region", ["Kota Serang"]), section("category", ["A", "B"]),
                section("map", ["1. Kota Serang"])]
    render_charts(sections)
    assert [bool(s.chart_png) for s in sections] == [False, True, True]
    drawn = sections[1].chart_png
    render_charts(sections)
    assert sections[1].chart_png is drawn
