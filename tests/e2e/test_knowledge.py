"""A citizen on a 375 px phone asks "Boleh atau tidak?" in their own words and reads the answer,
without an account, then reads it again in Indonesian."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def catalogue(transactional_db):
    from netra.knowledge.services import ensure_catalogue

    ensure_catalogue()  # a transactional test's flush may have removed the migrated catalogue


@pytest.fixture
def phone(new_context):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    return context.new_page()


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 375px screen"


def test_citizen_asks_the_checker_on_a_phone(catalogue, phone, check_page, screenshot):
    page = phone
    page.goto("/knowledge/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Allowed or not?")
    fits(page)
    check_page(page)

    page.get_by_label("Or type your question").fill("bolehkah ASN menyumbang dana untuk partai?")
    page.get_by_label("Election type").select_option("pemilu")
    page.get_by_role("button", name="Check").tap()

    answer = page.get_by_role("article", name="General election (Pemilu)")
    expect(answer).to_contain_text("Forbidden")
    expect(answer).to_contain_text("PP 94/2021")
    expect(answer).to_contain_text("Heavy disciplinary sanction")
    expect(page.get_by_text("We understood:")).to_contain_text("Civil servant (PNS)")
    fits(page)
    check_page(page)
    screenshot(page, "phone-knowledge-answer")

    # The same question about a BPD member, with no election named: both answers side by side.
    page.get_by_label("Or type your question").fill("anggota BPD datang ke kampanye, boleh?")
    page.get_by_label("Election type").select_option("")
    page.get_by_role("button", name="Check").tap()
    expect(page.get_by_role("article", name="General election (Pemilu)")).to_contain_text(
        "Forbidden"
    )
    expect(page.get_by_role("article", name="Regional head election (Pilkada)")).to_contain_text(
        "Allowed"
    )

    # Indonesian through the language switch; the answer stays on screen.
    page.get_by_label("Language").select_option("id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boleh atau tidak?")
    expect(page.get_by_role("article", name="Pemilihan umum (Pemilu)")).to_contain_text("Dilarang")
    fits(page)

    # A question the catalogue cannot answer gets "not sure", never a guessed verdict.
    page.get_by_label("Atau ketik pertanyaan Anda").fill("kapan jadwal pemilu berikutnya?")
    page.get_by_role("button", name="Periksa").tap()
    expect(page.get_by_text("Tidak yakin apa yang Anda tanyakan.")).to_be_visible()
    expect(page.locator(".kb-answer")).to_have_count(0)
