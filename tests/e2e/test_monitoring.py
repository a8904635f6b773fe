"""Monitoring journey (issue #17): a handling officer opens the triage queue, reads why the top
hit was flagged, confirms it as a finding with a screenshot, and the hit leaves the queue with its
intake number; the case was recorded through the case-intake port."""

import re

import pytest
from playwright.sync_api import expect

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def monitoring_demo(demo, settings, tmp_path):
    from netra.cases.tests.factories import PilkadaFactory
    from netra.monitoring import demo as monitoring_demo

    settings.MEDIA_ROOT = tmp_path / "private"
    PilkadaFactory(name="Pilkada Kota Serang 2024", region_code="36.73")
    monitoring_demo.load()


def test_triage_confirm_journey(monitoring_demo, page, log_in, check_page):
    from netra.cases import selectors as case_selectors
    from netra.monitoring.models import Hit

    log_in(page, "penanganan.serang")
    page.goto("/monitoring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage queue")
    check_page(page)
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("@")
    before = rows.count()
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Why this was flagged")).to_be_visible()
    expect(page.get_by_text("Lexicon terms:")).to_be_visible()
    check_page(page)

    page.get_by_label("Election").select_option(label="Pilkada Kota Serang 2024")
    page.get_by_label("Record as").select_option(label="Finding")
    page.get_by_label("Screenshot").set_input_files(
        {"name": "bukti.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_label("Note").fill("Seen during the weekly sweep.")
    page.get_by_role("button", name="Confirm and record the case").click()
    expect(page.get_by_text(re.compile(r"Hit confirmed: recorded as .+"))).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Confirmed")

    hit = Hit.objects.get(status="confirmed")
    summary = case_selectors.source_case_summary(hit)
    assert summary is not None
    assert summary.intake_number == hit.intake_number
    page.goto("/monitoring/")
    expect(page.locator("table tbody tr")).to_have_count(before - 1)
