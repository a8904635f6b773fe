"""Indonesian by default; a user switches to English and back, and the choice is theirs."""

from playwright.sync_api import expect

from netra.accounts.models import User


def test_language_follows_the_user_not_the_browser(demo, new_context, log_in, log_out):
    User.objects.filter(username="komisioner.serang").update(language="id")

    # The browser asks for English; the signed-in user's stored language (the default, id) wins.
    page = new_context().new_page()
    log_in(page, "komisioner.serang")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")

    # The header's language select (found by role: its label is translated) → English.
    language = page.get_by_role("banner").get_by_role("combobox")
    language.select_option("en")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Budi Santoso")
    assert User.objects.get(username="komisioner.serang").language == "en"

    # Still English after logging out and in again, in a fresh browser with no cookies.
    log_out(page)
    page.context.close()
    page = new_context().new_page()
    log_in(page, "komisioner.serang")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")

    # Back to Indonesian, which also outlives the session.
    page.get_by_role("banner").get_by_role("combobox", name="Language").select_option("id")
    expect(html).to_have_attribute("lang", "id")
    assert User.objects.get(username="komisioner.serang").language == "id"
    page.context.close()
    page = new_context().new_page()
    log_in(page, "komisioner.serang")
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_visitor_can_switch_the_login_page_language(demo, page):
    page.goto("/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")  # from the browser's Accept-Language
    page.get_by_role("banner").get_by_role("combobox").select_option("id")
    expect(html).to_have_attribute("lang", "id")
    page.reload()
    expect(html).to_have_attribute("lang", "id")  # kept in a cookie
