"""Prevention journey (issue #18): prevention staff create a socialization event, import its
attendance list, generate appeal letters for 50 schools and mark them delivered, and see the
dashboard change."""

import re

import pytest
from playwright.sync_api import expect

ATTENDANCE = ("Nama Lengkap;Jabatan;Instansi\nAhmad Fauzi;Camat;Kecamatan Serang\n"
              "Siti Aminah;Lurah;Kelurahan Cipare\nBudi Santoso;Guru;SD Negeri 1 Serang\n")
SCHOOLS = "Nama,Jenis,Kepada,Kecamatan\n" + "".join(
    f"SD Negeri {i} Kota Serang,Sekolah,Kepala Sekolah,{'Serang' if i % 2 else 'Cipocok Jaya'}\n"
    for i in range(1, 51))


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def _csv(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def _stat(page, name: str):
    return page.locator(f'[data-stat="{name}"]')


def test_prevention_journey(demo, private_media, page, log_in, check_page):
    log_in(page, "pencegahan.serang")
    page.goto("/prevention/")
    expect(_stat(page, "activities")).to_have_text("0")
    expect(_stat(page, "letters")).to_have_text("0 / 0")

    # 1. A socialization event.
    page.get_by_role("link", name="Activities", exact=True).first.click()
    page.get_by_role("link", name="New activity").click()
    check_page(page)
    page.get_by_label("Organiser office").select_option(label="Bawaslu Kota Serang")
    page.get_by_label("Type").select_option(label="Socialization")
    page.get_by_label("Title").fill("Sosialisasi netralitas ASN Kota Serang")
    page.get_by_label("Starts on").fill("2024-01-15")
    page.get_by_label("Venue").fill("Aula Bawaslu Kota Serang")
    page.get_by_label("Civil servants (ASN)").check()
    page.get_by_label("Village heads").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sosialisasi netralitas ASN Kota Serang")

    # 2. Its attendance list.
    activity_url = page.url
    page.get_by_label("CSV or XLSX file").set_input_files(_csv("hadir.csv", ATTENDANCE))
    page.get_by_role("button", name="Import attendance list").click()
    expect(page.locator("#import-status")).to_contain_text("Done")
    page.goto(activity_url)
    expect(page.get_by_role("heading", name="Attendance list (3)")).to_be_visible()
    expect(page.locator("#participants-count")).to_have_text("3")

    # 3. Appeal letters for 50 schools.
    page.goto("/prevention/letters/")
    page.get_by_role("link", name="New recipient list").click()
    page.get_by_label("Organiser office").select_option(label="Bawaslu Kota Serang")
    page.get_by_label("Name of the list").fill("Sekolah dasar Kota Serang")
    page.get_by_role("button", name="Save").click()
    list_url = page.url
    page.get_by_label("CSV or XLSX file").set_input_files(_csv("sekolah.csv", SCHOOLS))
    page.get_by_role("button", name="Import recipients").click()
    expect(page.locator("#import-status")).to_contain_text("Done")
    page.goto(list_url)
    expect(page.get_by_text("50 recipients")).to_be_visible()
    page.get_by_role("link", name="Generate appeal letters").click()
    page.get_by_label("Text of the appeal").fill(
        "Dengan hormat,\n\nKami mengimbau seluruh guru berstatus ASN menjaga netralitas.")
    # Inline (no Celery worker), the 50 PDFs are made before the response comes back.
    page.set_default_timeout(300_000)
    with page.expect_navigation(url=re.compile(r"/prevention/letters/runs/\d+/$")):
        page.get_by_role("button", name="Save").click()
    page.set_default_timeout(5_000)
    expect(page.locator("#run-progress")).to_contain_text("50 of 50 letters generated",
                                                          timeout=300_000)
    page.reload()
    check_page(page)

    # 4. All delivered.
    page.get_by_label("Select all letters").check()
    page.get_by_label("Mark as").select_option(label="Delivered")
    page.get_by_role("button", name="Save distribution").click()
    expect(page.get_by_text("50 letters updated.")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("100%")

    # 5. The dashboard changed.
    page.goto("/prevention/")
    expect(_stat(page, "activities")).to_have_text("1")
    expect(_stat(page, "participants")).to_have_text("3")
    expect(_stat(page, "letters")).to_have_text("50 / 50")
