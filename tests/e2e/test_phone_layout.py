"""On a 375 px phone the main pages fit the screen and the menu works.

Full-page screenshots land in ``test-results/screens/phone-*.png`` for a look by eye.
"""

import re

import pytest
from playwright.sync_api import expect

from netra.orgs.models import Organisation

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(new_context):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    return context.new_page()


def fits(page, width: int = PHONE["width"]) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen"


def test_pages_fit_a_phone_and_the_menu_works(
    demo, phone, log_in, htmx_idle, screenshot, check_page
):
    page = phone

    def look(name: str) -> None:
        fits(page)
        check_page(page)
        screenshot(page, name)

    serang = Organisation.objects.get(name="Bawaslu Kota Serang")
    log_in(page, "admin.serang")
    look("phone-dashboard")

    # The menu opens over the page, closes with Escape, and its links work by touch.
    menu_button = page.get_by_role("button", name="Menu")
    modules = page.get_by_role("navigation", name="Modules")
    expect(modules).to_be_hidden()
    menu_button.tap()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(modules).to_be_visible()
    look("phone-menu-open")
    page.keyboard.press("Escape")
    expect(modules).to_be_hidden()
    menu_button.tap()
    modules.get_by_role("link", name="Organisations").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    look("phone-organisations")

    page.goto(f"/organisations/{serang.pk}/")
    look("phone-organisation")

    page.get_by_role("link", name="Add subordinate organisation").tap()
    picker = page.get_by_role("group", name="Jurisdiction region")
    picker.get_by_label("District").select_option(label="Cipocok Jaya")
    htmx_idle(page)
    expect(picker.get_by_label("Village")).to_be_visible()
    picker.get_by_label("Search a region by name or code").fill("Cipocok")
    expect(picker.get_by_role("button", name=re.compile("Cipocok Jaya")).first).to_be_visible()
    look("phone-organisation-form")
    page.get_by_role("button", name="Save").tap()  # empty name: errors must fit too
    expect(page.get_by_role("alert")).to_be_visible()
    look("phone-organisation-form-errors")

    page.get_by_role("button", name="Menu").tap()
    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Staff").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    look("phone-staff")
