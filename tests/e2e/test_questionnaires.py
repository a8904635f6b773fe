"""Journey: a prevention officer builds a questionnaire, two respondents fill it before and
after on a phone without logging in, and the officer sees the paired result."""

import re

from playwright.sync_api import expect

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def answer(browser_page, url: str, code: str, yes: bool, likert: str) -> None:
    browser_page.goto(url)
    browser_page.get_by_label("Your respondent code").fill(code)
    browser_page.get_by_label("Yes" if yes else "No", exact=True).check()
    browser_page.get_by_label(likert).check()
    browser_page.get_by_role("button", name="Send answers").click()
    browser_page.wait_for_url(re.compile(r"/thanks/$"))
    assert browser_page.get_by_role("heading", name="Thank you").is_visible()


def test_build_fill_before_and_after_and_see_paired_result(page, new_context, demo, log_in,
                                                          htmx_idle):
    log_in(page, "pencegahan.serang")
    page.goto("/questionnaires/")
    page.get_by_role("link", name="New questionnaire").click()
    page.get_by_label("Title").fill("Bimtek netralitas ASN")
    page.get_by_label("Office").select_option(label="Bawaslu Kota Serang")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/questionnaires/\d+/$"))

    # Build two questions with htmx (no page reload).
    page.get_by_label("Type").select_option(label="Yes / no")
    page.get_by_label("Question (Indonesian)").fill("Apakah atasan memengaruhi pilihan Anda?")
    page.get_by_label("Question (English)").fill("Does your superior influence your choice?")
    page.get_by_role("button", name="Add question").click()
    htmx_idle(page)
    page.get_by_label("Type").select_option(label="Likert scale 1-5")
    page.get_by_label("Question (Indonesian)").fill("Saya memahami larangan bagi ASN.")
    page.get_by_label("Question (English)").fill("I understand the prohibitions.")
    page.get_by_role("button", name="Add question").click()
    htmx_idle(page)
    items = page.locator("ol.questions > li")
    expect(items).to_have_count(2)
    # Reorder and back again.
    page.get_by_role("button", name="Move down question 1").click()
    htmx_idle(page)
    assert "I understand" in items.first.inner_text()
    page.get_by_role("button", name="Move down question 1").click()
    htmx_idle(page)
    assert "Does your superior" in items.first.inner_text()

    page.get_by_role("button", name="Open for answers").click()
    expect(page.get_by_role("button", name="Close and archive")).to_be_visible()
    links = page.locator("a.public-link")
    for count, phase in enumerate(("Before (pre-test)", "After (post-test)"), start=1):
        page.get_by_text("Add a wave").click()
        page.get_by_label("Phase").select_option(label=phase)
        page.get_by_role("button", name="Add wave").click()
        expect(links).to_have_count(count)
    pre_url, post_url = links.nth(0).get_attribute("href"), links.nth(1).get_attribute("href")

    phone = new_context(**PHONE).new_page()
    answer(phone, pre_url, "MAWAR-1987", True, "2 · Disagree")
    answer(phone, pre_url, "MELATI-22", True, "1 · Strongly disagree")
    # The same code twice in one wave is refused.
    phone.goto(pre_url)
    phone.get_by_label("Your respondent code").fill("mawar-1987")
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_label("3 · Neutral").check()
    phone.get_by_role("button", name="Send answers").click()
    assert phone.get_by_text("already answered this questionnaire").first.is_visible()
    answer(phone, post_url, "MAWAR-1987", False, "5 · Strongly agree")
    answer(phone, post_url, "MELATI-22", False, "4 · Agree")

    page.get_by_role("link", name="Results").click()
    assert page.locator("#paired-count").inner_text().endswith(": 2")
    table = page.locator("table.results-table")
    assert "McNemar (exact)" in table.inner_text()
    assert "Wilcoxon signed-rank" in table.inner_text()
    assert "100.0%" in table.inner_text()  # both said yes before
    assert page.get_by_text("2 changed from yes to no").is_visible()
    assert page.get_by_role("link", name=re.compile("Download PNG")).is_visible()

    # A Google Forms export into the "after" wave: uploaded once, the headers matched to the
    # questions on the stored job (a close name marked for checking), confirmed, imported.
    page.goto(page.url.replace("/results/", "/import/"))
    page.get_by_label("Wave").select_option(index=1)
    export = ("Timestamp,Email Address,Kode responden,Does your superior influence your choice,"
              "I understand these prohibitions.\n"
              "2024/10/01 09:00:00,a@example.org,KENANGA-5,No,4\n")
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "Bimtek (Responses).csv", "mimeType": "text/csv", "buffer": export.encode()}])
    page.get_by_role("button", name="Upload and match the columns").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    expect(page.get_by_text(re.compile(r"alike\): check it")).first).to_be_visible()
    page.get_by_role("button", name="Start the import").click()
    expect(page.locator("#import-status")).to_contain_text("Done")
    expect(page.locator('[data-count="created"]')).to_have_text("1")
