"""A refused form shows the error next to its field, linked to it, and keeps what was typed."""

import re

from playwright.sync_api import expect

from netra.accounts.models import User
from netra.orgs.models import Organisation


def test_taken_username_is_reported_on_the_field(demo, page, log_in, check_page):
    org = Organisation.objects.get(name="Bawaslu Kota Serang")
    log_in(page, "admin.serang")
    page.goto(f"/organisations/{org.pk}/")
    page.get_by_role("link", name="Add staff member").click()
    form = page.get_by_role("main")  # the header has a "Language" select of its own

    form.get_by_label("Full name").fill("Rudi Hartono")
    form.get_by_label("Username").fill("penanganan.serang")  # a demo user already has it
    form.get_by_label("E-mail").fill("rudi.hartono@example.id")
    form.get_by_label("Role").select_option("handling_staff")
    form.get_by_label("Language").select_option("en")
    form.get_by_label("Initial password").fill("Awas-Netral-2029")
    with page.expect_response(re.compile(r"/accounts/staff/new/")) as response:
        page.get_by_role("button", name="Save").click()
    assert response.value.status == 400
    check_page(page)

    username = form.get_by_label("Username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(re.compile("This username is already taken."))
    error = page.locator(f"#{username.get_attribute('aria-describedby').split()[-1]}")
    expect(error).to_have_text("This username is already taken.")
    expect(error).to_have_class(re.compile("field-error"))
    # The summary at the top announces the problem and links to the field.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("This username is already taken.")
    summary.get_by_role("link", name="Username").click()
    expect(page).to_have_url(re.compile("#id_username$"))

    # Everything else is kept (except the password, which is never sent back).
    expect(form.get_by_label("Full name")).to_have_value("Rudi Hartono")
    expect(username).to_have_value("penanganan.serang")
    expect(form.get_by_label("E-mail")).to_have_value("rudi.hartono@example.id")
    expect(form.get_by_label("Role")).to_have_value("handling_staff")
    expect(form.get_by_label("Language")).to_have_value("en")
    expect(form.get_by_label("Full name")).not_to_have_attribute("aria-invalid", "true")
    assert not User.objects.filter(full_name="Rudi Hartono").exists()

    # Correcting the username is enough.
    username.fill("rudi.hartono")
    form.get_by_label("Initial password").fill("Awas-Netral-2029")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bawaslu Kota Serang")
    expect(page.get_by_role("region", name="Staff")).to_contain_text("Rudi Hartono")
