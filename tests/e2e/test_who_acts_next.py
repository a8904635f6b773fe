"""A field supervisor on a 375 px phone records a finding from their home page in one click,
sees it with its next step and due date, and the menu shows each role only what it can use;
the header's notification badge loads without inline script (CSP)."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(new_context):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    return context.new_page()


def menu_links(page) -> list[str]:
    return page.locator("#menu-panel a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def test_field_supervisor_records_a_finding_from_home(demo, phone, log_in, check_page,
                                                      screenshot):
    page = phone
    log_in(page, "panwascam.cipocok")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    check_page(page)
    assert "/cases/inbox/" not in menu_links(page)
    assert "/prevention/" in menu_links(page)
    page.get_by_role("link", name="Record a finding").tap()
    expect(page.get_by_label("Kind")).to_have_value("finding")
    # The notification link is in the header; its badge came through htmx (no unread yet).
    expect(page.locator("a.notifications-link")).to_have_attribute("href", "/notifications/")
    screenshot(page, "phone-record-finding-from-home")


def test_recipient_officer_menu(demo, phone, log_in):
    page = phone
    log_in(page, "bkn.officer")
    links = menu_links(page)
    assert "/cases/inbox/" in links
    assert "/prevention/" not in links
    assert "/cases/" not in links
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
