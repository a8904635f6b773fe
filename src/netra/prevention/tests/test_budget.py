"""Budget (point 6): rupiah amounts, the Serang-like XLSX import, manual entry, alerts."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from netra.prevention.models import BudgetLine
from netra.prevention.services import budget_alert, parse_rupiah

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "amount"), [
    ("Rp 1.633.859.000", 1_633_859_000),
    ("Rp1.633.859.000,-", 1_633_859_000),
    ("954.166.592,00", 954_166_592),
    ("954166592", 954_166_592),
    ("954166592.0", 954_166_592),
    ("1,633,859,000", 1_633_859_000),
    ("0", 0),
    (15_000_000, 15_000_000),
])
def test_rupiah_amounts_are_parsed(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["-5.000", "Rp 1.500,50", "lima juta", "", "1.23.456",
                                  "12,5", 2.5])
def test_bad_rupiah_amounts_are_refused(text):
    with pytest.raises(ValidationError):
        parse_rupiah(text)


SERANG = [
    ("Program", "Sub Kegiatan", "Pagu", "Realisasi"),
    ("Pencegahan pelanggaran", "Sosialisasi netralitas ASN", "Rp 412.500.000", "Rp 301.250.000"),
    ("Pencegahan pelanggaran", "Rapat koordinasi", "Rp 285.000.000", "Rp 198.420.000"),
    ("Pengawasan partisipatif", "Pelatihan kader KPP", "Rp 520.359.000", "Rp 254.496.592"),
    ("Pengawasan partisipatif", "Kampung pengawasan", "Rp 416.000.000", "Rp 200.000.000"),
    ("Publikasi", "Baliho", "Rp -3.000", "Rp 0"),
    ("Jumlah", "", "Rp 1.633.859.000", "Rp 954.166.592"),
]


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("anggaran.xlsx", out.getvalue(),
                             content_type="application/octet-stream")


def test_the_serang_table_imports_with_a_report_of_the_bad_line(client, staff, kota):
    client.force_login(staff)
    response = client.post(reverse("prevention:budget_import"),
                           {"upload": _xlsx(SERANG), "office": kota.pk, "fiscal_year": 2024})
    assert response.status_code == 302
    lines = BudgetLine.objects.filter(office=kota, fiscal_year=2024)
    assert lines.count() == 4
    assert sum(line.allocation for line in lines) == 1_633_859_000
    assert sum(line.realization for line in lines) == 954_166_592
    assert "tidak boleh negatif" in client.get(response["Location"]).content.decode()
    # A corrected table updates the lines instead of adding them again.
    fixed = [*SERANG[:1], ("Publikasi", "Baliho", "Rp 3.000.000", "Rp 1.000.000"), *SERANG[1:5]]
    client.post(reverse("prevention:budget_import"),
                {"upload": _xlsx(fixed), "office": kota.pk, "fiscal_year": 2024})
    assert BudgetLine.objects.filter(office=kota).count() == 5
    page = client.get(reverse("prevention:budget_list")).content.decode()
    assert "1.636.859.000" in page


def test_manual_entry_validates_rupiah_in_indonesian(client, staff, kota):
    client.force_login(staff)
    url = reverse("prevention:budget_create")
    data = {"office": kota.pk, "fiscal_year": 2024, "programme": "Sosialisasi",
            "allocation": "Rp 1.500,50", "realization": "0"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "tanpa sen" in response.content.decode()
    data["allocation"] = "Rp 10.000.000"
    data["realization"] = "Rp 2.000.000"
    assert client.post(url, data).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.allocation, line.realization) == (10_000_000, 2_000_000)
    assert budget_alert(line) == "under"
    page = client.get(reverse("prevention:budget_list")).content.decode()
    assert "Realisasi rendah" in page


def test_alerts_follow_the_thresholds(settings, kota):
    settings.NETRA_PREVENTION_BUDGET_LOW_PERCENT = 40
    settings.NETRA_PREVENTION_BUDGET_HIGH_PERCENT = 100
    line = BudgetLine(office=kota, fiscal_year=2024, programme="x", allocation=100,
                      realization=50)
    assert budget_alert(line) == ""
    line.realization = 101
    assert budget_alert(line) == "over"
    line.realization = 39
    assert budget_alert(line) == "under"


def test_other_offices_budget_is_out_of_scope(client, staff, member, kota, kabupaten):
    theirs = BudgetLine.objects.create(office=kabupaten, region_code="36.04", fiscal_year=2024,
                                       programme="Rahasia Kabupaten", allocation=5, realization=1)
    client.force_login(staff)
    assert "Rahasia Kabupaten" not in client.get(reverse("prevention:budget_list")).content.decode()
    assert client.get(reverse("prevention:budget_update", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("prevention:budget_import"),
                           {"upload": _xlsx(SERANG), "office": kabupaten.pk, "fiscal_year": 2024})
    assert response.status_code == 400
    assert BudgetLine.objects.count() == 1
