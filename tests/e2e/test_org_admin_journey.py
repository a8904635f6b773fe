"""An office administrator adds a Panwascam under their Bawaslu with the region picker."""

import re

from playwright.sync_api import expect


def test_admin_adds_a_subordinate_panwascam_with_the_region_picker(
    demo, page, log_in, htmx_idle, check_page
):
    log_in(page, "admin.serang")

    # The dashboard and the header say who is signed in, for which office and jurisdiction.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Siti Nurhaliza")
    header = page.get_by_role("banner")
    expect(header).to_contain_text("Bawaslu Kota Serang")
    expect(header).to_contain_text("Kota Serang, Banten")

    # Menu → Organisations → Bawaslu Kota Serang → Add subordinate organisation.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    page.get_by_role("link", name="Bawaslu Kota Serang", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bawaslu Kota Serang")
    page.get_by_role("link", name="Add subordinate organisation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bawaslu Kota Serang")

    page.get_by_role("textbox", name="Name", exact=True).fill("Panwaslu Kecamatan Taktakan 2029")
    page.get_by_role("combobox", name="Kind", exact=True).select_option("panwascam")

    picker = page.get_by_role("group", name="Jurisdiction region")
    chosen = picker.locator(".chosen")
    region_code = page.locator("input[type=hidden][name=region_code]")
    expect(region_code).to_have_value("36.73")  # starts at the parent's region

    # Cascade: clear the province, then province → regency/city → district.
    picker.get_by_label("Province").select_option("")
    htmx_idle(page)
    expect(region_code).to_have_value("")
    expect(chosen).to_have_text("No region chosen yet.")
    expect(picker.get_by_label("Regency/city")).to_have_count(0)
    for level, name in [
        ("Province", "Banten"),
        ("Regency/city", "Kota Serang"),
        ("District", "Curug"),
    ]:
        # No waiting for htmx between choices: a quick user's next choice must not be lost.
        select = picker.get_by_label(level)
        select.focus()  # as a keyboard user would be
        select.select_option(label=name)
        expect(chosen).to_contain_text(name)
        expect(picker.get_by_label(level)).to_be_focused()  # focus survives the swap
    expect(region_code).to_have_value("36.73.04")
    expect(chosen).to_contain_text("Curug")
    expect(picker.get_by_label("Village")).to_be_visible()

    # Search instead: Enter must not submit the whole form, and a result picks the region.
    search = picker.get_by_label("Search a region by name or code")
    search.fill("Taktakan")
    search.press("Enter")
    result = picker.get_by_role(
        "button", name=re.compile(r"^Taktakan, Kota Serang, Banten 36\.73\.06$")
    )
    result.click()
    htmx_idle(page)
    expect(region_code).to_have_value("36.73.06")
    expect(chosen).to_contain_text("Taktakan, Kota Serang, Banten")
    expect(picker.get_by_label("District")).to_have_value("36.73.06")
    check_page(page)

    page.get_by_label("Registration label").fill("Kec-Taktakan")
    page.get_by_role("button", name="Save").click()

    # The new organisation's page, with its creation in the change history.
    expect(page.get_by_role("heading", level=1)).to_have_text("Panwaslu Kecamatan Taktakan 2029")
    expect(page.get_by_role("status")).to_contain_text("Organisation created.")
    expect(page.locator("dl.facts")).to_contain_text("Taktakan, Kota Serang, Banten")
    expect(page.locator("dl.facts")).to_contain_text("Bawaslu Kota Serang")
    history = page.get_by_role("region", name="Change history")
    entry = history.get_by_role("listitem").first
    expect(entry).to_contain_text("Siti Nurhaliza")
    expect(entry).to_contain_text(re.compile("create", re.IGNORECASE))
