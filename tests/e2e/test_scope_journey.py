"""A Panwascam field supervisor sees only their own jurisdiction: elsewhere is a 404."""

from playwright.sync_api import expect

from netra.orgs.models import Organisation


def test_field_supervisor_cannot_see_another_regency(demo, page, log_in):
    elsewhere = Organisation.objects.get(name="Bawaslu Kabupaten Serang")
    log_in(page, "panwascam.cipocok")

    response = page.goto(f"/organisations/{elsewhere.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Bawaslu Kabupaten Serang")).to_have_count(0)
    expect(page.get_by_role("banner")).to_contain_text("Panwaslu Kecamatan Cipocok Jaya")
    page.get_by_role("link", name="Go to the dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Yusuf Maulana")

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Organisations").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Panwaslu Kecamatan Cipocok Jaya")).to_be_visible()
    expect(table.get_by_role("link", name="Bawaslu Kabupaten Serang")).to_have_count(0)
    expect(table.get_by_role("link", name="Bawaslu Kota Serang")).to_have_count(0)

    page.get_by_role("textbox", name="Search").fill("Kabupaten Serang")
    page.get_by_role("button", name="Filter").click()
    expect(
        page.get_by_role("cell", name="No organisation in your jurisdiction matches.")
    ).to_be_visible()
