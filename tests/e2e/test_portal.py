"""A citizen on a 375 px phone files a report with a photo through the public portal, gets the
receipt, reads the status and answers the handler's question; the handler of Bawaslu Kota Serang
sees the report in the office inbox and asks for more."""

import io
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def election(demo):
    from netra.elections.models import Election

    return Election.objects.create(name="Pilkada Kota Serang 2030", kind="pilkada",
                                   level="regency", region_code="36.73",
                                   voting_day=date(2030, 11, 27), is_active=True)


@pytest.fixture
def phone(new_context):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    return context.new_page()


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 375px screen"


def photo() -> dict:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buf, "JPEG")
    return {"name": "kampanye.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def pick(page, htmx_idle, depth: int, value: str | None = None) -> None:
    select = page.locator(f"#picker-place_region_code-l{depth}")
    if value:
        select.select_option(value)
    else:
        select.select_option(index=1)
    htmx_idle(page)


def test_citizen_reports_and_answers_the_handler(election, phone, new_context, log_in,
                                                  htmx_idle, check_page, screenshot):
    page = phone
    page.goto("/portal/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a violation")
    fits(page)
    check_page(page)
    from django.utils import timezone

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    page.get_by_label("Election").select_option(label=election.name)
    page.get_by_label("Your full name").fill("Siti Warga")
    page.get_by_label("Your NIK (16 digits)").fill("3673014508900003")
    page.get_by_label("Your address").fill("Jl. Cipare 3, Serang")
    page.get_by_label("Your phone number").fill("081234567890")
    page.get_by_label("Name of the reported person").fill("Pak Camat")
    page.locator("#id_person_position").fill("Camat")
    page.get_by_label("Agency or office").fill("Kecamatan Serang")
    page.get_by_label("What happened, in one line").fill("Camat at a campaign rally")
    page.get_by_label("Describe what happened").fill("He spoke on stage for candidate 2.")
    page.get_by_label("When did it happen?").fill(yesterday)
    page.get_by_label("When did you learn about it?").fill(yesterday)
    pick(page, htmx_idle, 1, "36")
    pick(page, htmx_idle, 2, "36.73")
    pick(page, htmx_idle, 3, "36.73.01")
    pick(page, htmx_idle, 4)
    page.get_by_label("Evidence (photos, PDF, video)").set_input_files(photo())
    fits(page)
    page.get_by_role("button", name="Send report").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your report was received")
    code = page.locator("[data-receipt-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    expect(page.get_by_text("recorded as a formal report")).to_be_visible()
    fits(page)
    check_page(page)
    screenshot(page, "phone-portal-receipt")

    # The handling office sees it in its inbox and asks for more.
    staff = new_context().new_page()
    log_in(staff, "penanganan.serang")
    staff.goto("/portal/inbox/")
    staff.locator("main table tbody a").first.click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Portal report")
    expect(staff.get_by_role("link", name="Open the case")).to_be_visible()
    staff.get_by_label("Message to the reporter").fill("Do you have a video of the speech?")
    staff.get_by_label("Ask for more information").check()
    staff.get_by_role("button", name="Send to the reporter").click()
    expect(staff.get_by_text("Your message was sent to the reporter.")).to_be_visible()

    # Later, on the phone: open the status with the receipt code and answer.
    fresh = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    fresh.goto("/portal/status/")
    fresh.get_by_label("Receipt code").fill(code.lower())
    fresh.get_by_role("button", name="Open").tap()
    expect(fresh.get_by_role("heading", level=1)).to_have_text("Status of your report")
    expect(fresh.get_by_text("Do you have a video of the speech?")).to_be_visible()
    expect(fresh.get_by_text("The office asks for more information")).to_be_visible()
    fits(fresh)
    check_page(fresh)
    fresh.get_by_label("Your message").fill("Yes, my neighbour filmed it; I will bring it.")
    fresh.get_by_role("button", name="Send message").tap()
    expect(fresh.get_by_text("Your message was sent to the handling office.")).to_be_visible()
    screenshot(fresh, "phone-portal-status")

    staff.reload()
    expect(staff.get_by_text("my neighbour filmed it")).to_be_visible()
