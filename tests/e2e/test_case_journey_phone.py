"""The handling journey on a phone (issue #15 point 6 and its Tests), at 375 × 812 px.

A Panwascam field supervisor records a finding; the city office takes it over, registers it,
holds the clarification (its minutes uploaded as the signed scan), writes the legal study and
keeps the plenary minutes (both generated, completed and finalised); the commissioner decides in
plenary; the handling staff compose the recommendation letter to BKN; the BKN officer reads the
letter and records the sanction.

On the way the case page is measured as a phone shows it: the status, the clocks, whose turn it
is and the first step button lie within the first screen (812 px), the other parts are closed
sections, and the page is a few screens long rather than ~14,000 px.
"""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from netra.elections.models import Election, ElectionKind, ElectionLevel

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

PHONE = {"width": 375, "height": 812}
SCREEN = PHONE["height"]
MAX_CLOSED_HEIGHT = 3 * SCREEN  # the whole page, sections closed: at most three screens
SUMMARY = "Village civil servant posts a candidate's flyer in the office group"
NIP = "198703152011011004"
CATEGORY = "Non-stage supervision (ASN neutrality)"
VIOLATION_FORM = re.compile(r"ASN promoting a \(pre-\)candidate through campaign props")


@pytest.fixture
def election(demo):
    return Election.objects.create(
        name="Pemilu 2029", kind=ElectionKind.PEMILU, level=ElectionLevel.NATIONAL,
        region_code="", voting_day=date(2029, 2, 14),
    )


@pytest.fixture
def phone(new_context, log_in):
    """``phone(username)`` → a signed-in page in a 375 × 812 browser context of its own."""

    def sign_in(username: str):
        context = new_context(viewport=PHONE)
        # Generating a PDF draft takes seconds on a busy CI machine; the rest answers at once.
        context.set_default_timeout(20_000)
        context.set_default_navigation_timeout(30_000)
        page = context.new_page()
        log_in(page, username)
        return page

    return sign_in


def status_of(page):
    return page.get_by_role("heading", level=1).locator(".badge")


def open_section(page, key: str):
    """Open a closed section of the case page (a tap on its title) and return it."""
    details = page.locator(f"#section-{key}")
    if details.get_attribute("open") is None:
        details.locator("summary").first.click()
    expect(details).to_have_attribute("open", "")
    return details


def step(page, name: str, note: str = "") -> None:
    steps = page.get_by_role("region", name="Next steps")
    steps.get_by_text(name, exact=True).click()
    if note:
        steps.get_by_role("textbox", name=re.compile(r"^(Note|Reason)")).filter(
            visible=True).fill(note)
    with page.expect_navigation():
        steps.get_by_role("button", name=f"Confirm: {name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Done: {name}.")


def generate(page, document: str, *, texts=None, checks=(), choices=None) -> None:
    """Generate the draft, complete it and finalise it (a document of record)."""
    open_section(page, "files")
    files = page.get_by_role("region", name="Evidence and documents")
    files.locator("form").filter(has=page.get_by_role("button", name="Generate a draft")) \
        .get_by_role("combobox", name="Document", exact=True).select_option(label=document)
    files.get_by_role("combobox", name="Format", exact=True).select_option(label="PDF")
    files.get_by_role("button", name="Generate a draft").click()
    expect(page.get_by_role("status")).to_contain_text("generated")
    case_url = page.url
    open_section(page, "files")
    page.get_by_role("region", name="Evidence and documents").get_by_role("listitem").filter(
        has_text=document).get_by_role("link", name="Complete and finalise").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(document)
    for label, value in (texts or {}).items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (choices or {}).items():
        page.get_by_label(label, exact=True).select_option(label=value)
    for group in checks:
        page.get_by_role("group", name=group).get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Save and generate again").click()
    expect(page.get_by_role("status")).to_contain_text("completed")
    page.get_by_role("button", name="Finalise the document").click()
    expect(page).to_have_url(case_url)
    expect(page.get_by_role("status")).to_contain_text("finalised with number")


def signed_scan() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def measure(page) -> dict:
    """Where things are on the phone screen, in CSS pixels from the top of the page."""
    return page.evaluate("""() => {
      const box = (el) => el ? el.getBoundingClientRect() : null;
      const bottom = (el) => el ? box(el).bottom + window.scrollY : null;
      const first = document.querySelector('#steps summary.button, #steps a.button');
      return {
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
        status: bottom(document.querySelector('h1 .badge')),
        next: bottom(document.querySelector('#next-action')),
        clocks: bottom(document.querySelector('.clocks')),
        action: bottom(first),
        numberLines: document.querySelector('.case-number').getClientRects().length,
        numberHeight: box(document.querySelector('.case-number')).height,
        open: document.querySelectorAll('details[data-section][open]').length,
        sections: document.querySelectorAll('details[data-section]').length,
        wider: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 5).map((e) => `${e.tagName}.${e.className}#${e.id}`),
      };
    }""")


def assert_phone_first_screen(page, *, clocks: bool = True) -> dict:
    page.evaluate("window.scrollTo(0, 0)")
    m = measure(page)
    assert m["width"] <= PHONE["width"], m["wider"]  # nothing wider than the phone
    assert m["open"] == 0, m  # every section starts closed on a phone
    assert m["sections"] >= 10, m
    assert m["height"] <= MAX_CLOSED_HEIGHT, m
    for key in ("status", "next", "action") + (("clocks",) if clocks else ()):
        assert m[key] is not None, (key, m)
        assert m[key] <= SCREEN, (key, m)
    # The case number is one unbroken line.
    assert m["numberLines"] == 1, m
    return m


def test_phone_journey_finding_to_bkn_sanction(election, phone, check_page):
    today = timezone.localdate()
    year = today.year

    # 1. The field supervisor records the finding on his phone.
    supervisor = phone("panwascam.cipocok")
    supervisor.goto("/cases/new/")
    form = supervisor.get_by_role("main")
    form.get_by_label("Handling office").select_option(label="Panwaslu Kecamatan Cipocok Jaya")
    form.get_by_label("Kind").select_option(label="Finding")
    form.get_by_label("Election").select_option(label="Pemilu 2029")
    form.get_by_label("Source").select_option(label="Field supervision")
    form.get_by_label("Summary").fill(SUMMARY)
    form.get_by_label("Description of the event").fill(
        "A staff member of the district office shared a candidate's flyer in the office's "
        "messaging group during working hours (screenshot attached to the file).")
    form.get_by_label("Date of the event").fill((today - timedelta(days=2)).isoformat())
    form.get_by_label("Date it became known").fill((today - timedelta(days=1)).isoformat())
    picker = form.get_by_role("group", name="Place of the event")
    for level, name in [("Province", "Banten"), ("Regency/city", "Kota Serang"),
                        ("District", "Cipocok Jaya")]:
        picker.get_by_label(level).select_option(label=name)
        expect(picker.locator(".chosen")).to_contain_text(name)
    reported = form.get_by_role("group", name="Reported person 1")
    reported.get_by_label("Employment type").select_option(label="Civil servant (PNS)")
    reported.get_by_label("Position").fill("Head of the general affairs section")
    reported.get_by_label("Agency").fill("Kantor Kecamatan Cipocok Jaya")
    reported.get_by_label("NIP (if known)").fill(NIP)
    supervisor.get_by_role("button", name="Record").click()
    expect(status_of(supervisor)).to_have_text("Received")
    case_url = supervisor.url
    # He cannot take the next step, and the page says who must, at the top.
    m = measure(supervisor)
    expect(supervisor.locator("#next-action")).to_contain_text("Waiting for:")
    assert m["next"] <= SCREEN, m
    facts = open_section(supervisor, "facts")
    expect(facts).to_contain_text("Panwaslu Kecamatan Cipocok Jaya")

    # 2. The city office takes it over.
    staff = phone("penanganan.serang")
    staff.goto(case_url)
    open_section(staff, "handover")
    handover = staff.get_by_role("region", name="Hand over to another office")
    handover.get_by_label("Hand over to").select_option(label="Bawaslu Kota Serang")
    handover.get_by_label("Reason").fill("A city government employee: the city office handles it.")
    handover.get_by_role("button", name="Hand over").click()
    expect(staff.get_by_role("status")).to_contain_text("Case handed over.")

    # 3. Check and registration; the registered case page, measured as the phone shows it.
    step(staff, "Start formal and material check")
    step(staff, "Register", note="Formal and material requirements are met.")
    expect(status_of(staff)).to_have_text("Registered")
    expect(staff.get_by_role("heading", level=1)).to_contain_text(
        re.compile(rf"001/Reg/TM/PL/Kota/1\.01/[IVX]+/{year}"))
    registered = assert_phone_first_screen(staff)
    expect(staff.locator("#next-action")).to_contain_text("Your turn:")
    expect(staff.locator(".clocks")).to_contain_text(re.compile(r"\d+ days? left"))

    # 4. Clarification; its minutes come back signed and are uploaded as the scan.
    step(staff, "Start clarification")
    open_section(staff, "files")
    upload = staff.locator("#document-upload")
    upload.get_by_role("combobox", name="Document", exact=True).select_option(
        label="Clarification minutes")
    upload.get_by_label("Signed scan").set_input_files(
        {"name": "berita-acara-klarifikasi.pdf", "mimeType": "application/pdf",
         "buffer": signed_scan()})
    upload.get_by_label("Number on the document").fill(f"012/BA-KLA/Kota/{year}")
    upload.get_by_role("button", name="Upload signed scan").click()
    expect(staff.get_by_role("status")).to_contain_text("Signed scan")
    open_section(staff, "files")
    expect(staff.locator("[data-document-state=signed]")).to_have_count(1)

    # 5. Legal study: classification, the study generated, completed and finalised.
    step(staff, "Start legal study")
    open_section(staff, "classify")
    classify = staff.get_by_role("region", name="Category and violation forms")
    classify.get_by_role("combobox", name="Category", exact=True).select_option(label=CATEGORY)
    classify.get_by_role("checkbox", name=VIOLATION_FORM).check()
    classify.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_contain_text("Category and violation forms saved.")
    generate(staff, "Legal study", checks=["Violation forms examined"], texts={
        "Article (legal basis)": "Pasal 280 ayat (2) huruf f UU 7/2017",
        "Analysis": "The flyer promotes a candidate; the reported person is a civil servant.",
        "Conclusion": "A breach of civil-service neutrality.",
    })
    step(staff, "Submit to plenary")
    expect(status_of(staff)).to_have_text("Awaiting plenary decision")
    generate(staff, "Plenary minutes", checks=["Commissioners present"],
             choices={"Decision": "Violation"},
             texts={"Date of the plenary": today.isoformat()})
    check_page(staff)

    # 6. The commissioner decides on her phone; her step button is on the first screen.
    commissioner = phone("komisioner.serang")
    commissioner.goto(case_url)
    assert_phone_first_screen(commissioner)
    step(commissioner, "Plenary: violation", note="Plenary of the city office: a violation.")
    expect(status_of(commissioner)).to_have_text("Decided: violation")

    # 7. The handling staff compose the recommendation letter from the top of the page.
    staff.goto(case_url)
    decided = assert_phone_first_screen(staff, clocks=False)  # no clock between decision and letter
    letter_link = staff.get_by_role("region", name="Next steps").get_by_role(
        "link", name="Compose the recommendation letter")
    assert letter_link.bounding_box()["y"] + letter_link.bounding_box()["height"] <= SCREEN
    letter_link.click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Recommendation letter on")
    expect(staff.get_by_label("Addressed to")).to_contain_text("Badan Kepegawaian Negara (BKN)")
    staff.get_by_role("button", name="Send the recommendation").click()
    expect(staff.get_by_role("status")).to_contain_text("The recommendation has been sent.")
    expect(status_of(staff)).to_have_text("Forwarded with recommendation")
    open_section(staff, "recommendations")
    recommendations = staff.get_by_role("region", name="Recommendations and sanctions")
    expect(recommendations).to_contain_text("Badan Kepegawaian Negara (BKN)")
    letter_number = recommendations.get_by_role("cell").first.inner_text().splitlines()[0]
    assert letter_number.strip() not in ("", "—")

    # 8. The BKN officer reads the letter on her phone and records the sanction.
    officer = phone("bkn.officer")
    officer.goto("/cases/inbox/")
    officer.get_by_role("row").filter(has_text=SUMMARY).get_by_role("link").first.click()
    letter = officer.get_by_role("region", name="Recommendation letter")
    expect(letter).to_contain_text(letter_number.strip())
    expect(letter).to_contain_text("Bawaslu Kota Serang")
    expect(letter.get_by_role("link", name="Recommendation letter (PDF)")).to_be_visible()
    officer.get_by_role("button", name="Acknowledge receipt").click()
    expect(officer.get_by_role("status")).to_contain_text("Receipt acknowledged.")
    sanction = officer.get_by_role("region", name="Record the sanction imposed")
    sanction.get_by_label("Sanction type").select_option(index=1)
    sanction.get_by_label("Decree number").fill(f"800.1.6/77/BKPSDM/{year}")
    sanction.get_by_label("Decree date").fill(today.isoformat())
    sanction.get_by_label("Imposed by").fill("Mayor of Serang as personnel authority (PPK)")
    sanction.get_by_role("button", name="Record the sanction").click()
    expect(officer.get_by_role("status")).to_contain_text("The sanction has been recorded.")

    # 9. Back at the office: the sanction is imposed, shown at the top.
    staff.goto(case_url)
    expect(status_of(staff)).to_have_text("Sanction imposed")
    print(f"\ncase page at 375 px: registered {registered}, decided {decided}")
