"""The headline journey of violation handling (issue 4), in the browser, with the demo users.

A field supervisor records a finding; the regency office registers it, holds clarification,
writes the legal study and decides in plenary; the recommendation goes to the civil-service body
(BKN, the recipient since 24 Aug 2024), whose officer records the sanction; the case closes and
the statistics change.

The route: a Panwascam field supervisor may record cases only for the supervisory offices of his
own jurisdiction (his Panwascam and its village supervisors): the form does not offer Bawaslu
Kota Serang, and the test checks that. He records the finding at Panwaslu Kecamatan Cipocok
Jaya; the city office's handling staff, who see their Panwascam's cases, take it over with a
written hand-over and handle it under the city office's own registration number
(``…/Reg/TM/PL/Kota/1.01/…``).

Each person works in their own browser context (as they would on their own computer), so the
handling staff keep their session while the commissioner and the BKN officer act.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netra.elections.models import Election, ElectionKind, ElectionLevel

# The rules catalogue, numbering formats and document templates ship as data migrations; a
# transactional test database loses them at the first flush, so restore them for this test.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

SUMMARY = "Civil servant puts up a candidate's banner at the district office"
NIP = "198503102010011003"
CATEGORY = "Non-stage supervision (ASN neutrality)"
VIOLATION_FORM = re.compile(r"ASN promoting a \(pre-\)candidate through campaign props")
FINDINGS = 1  # column of "Findings (temuan)" in the category table
RENDER_MS = 30_000  # a click that renders a document (generate, complete, finalise)


@pytest.fixture
def election(demo):
    """An open Pemilu with the national scope, as the demo Pemilu 2024 but still accepting cases."""
    return Election.objects.create(
        name="Pemilu 2029",
        kind=ElectionKind.PEMILU,
        level=ElectionLevel.NATIONAL,
        region_code="",
        voting_day=date(2029, 2, 14),
    )


@pytest.fixture
def person(new_context, log_in):
    """``person(username)`` → a page in a browser context of its own, signed in."""

    def sign_in(username: str):
        page = new_context().new_page()
        log_in(page, username)
        return page

    return sign_in


def open_module(page, name: str) -> None:
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Modules").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def findings_in_category(page) -> str:
    """The statistics page's "Findings (temuan)" figure for ASN neutrality."""
    open_module(page, "Statistics")
    table = page.get_by_role("region", name="Findings and reports by category")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=CATEGORY))
    return row.get_by_role("cell").nth(FINDINGS - 1).inner_text().strip()


def status_of(page):
    return page.get_by_role("heading", level=1).locator(".badge")


def step(page, name: str, note: str = "") -> None:
    """Open a workflow step on the case page and confirm it (htmx reloads the page)."""
    steps = page.get_by_role("region", name="Next steps")
    steps.get_by_text(name, exact=True).click()
    if note:
        steps.get_by_role("textbox", name=re.compile(r"^(Note|Reason)")).filter(visible=True).fill(
            note
        )
    with page.expect_navigation():
        steps.get_by_role("button", name=f"Confirm: {name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Done: {name}.")


def generate(page, document: str, *, texts: dict | None = None, checks=(),
             choices: dict | None = None) -> None:
    """Generate the draft, complete the facts it states and finalise it (a document of
    record: only those satisfy the steps)."""
    files = page.get_by_role("region", name="Evidence and documents")
    files.locator("form").filter(
        has=page.get_by_role("button", name="Generate a draft")
    ).get_by_role("combobox", name="Document", exact=True).select_option(label=document)
    files.get_by_role("combobox", name="Format", exact=True).select_option(
        label="DOCX (editable)")
    # Rendering takes a few seconds on a busy machine.
    files.get_by_role("button", name="Generate a draft").click(timeout=RENDER_MS)
    expect(page.get_by_role("status")).to_contain_text("generated")
    case_url = page.url
    files = page.get_by_role("region", name="Evidence and documents")
    files.get_by_role("listitem").filter(has_text=document).get_by_role(
        "link", name="Complete and finalise").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(document)
    for label, value in (texts or {}).items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (choices or {}).items():
        page.get_by_label(label, exact=True).select_option(label=value)
    for group in checks:
        page.get_by_role("group", name=group).get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Save and generate again").click(timeout=RENDER_MS)
    expect(page.get_by_role("status")).to_contain_text("completed")
    page.get_by_role("button", name="Finalise the document").click(timeout=RENDER_MS)
    expect(page).to_have_url(case_url)
    expect(page.get_by_role("status")).to_contain_text("finalised with number")


def test_finding_to_sanction_to_closed_case(election, person, check_page):
    today = timezone.localdate()
    year = today.year

    # The city office's handling staff first look at the statistics: no ASN finding yet.
    staff = person("penanganan.serang")
    assert findings_in_category(staff) == "0"

    # 1. The Panwascam field supervisor records the finding.
    supervisor = person("panwascam.cipocok")
    open_module(supervisor, "Cases")
    supervisor.get_by_role("link", name="Record a case").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("Record a case")
    form = supervisor.get_by_role("main")
    office = form.get_by_label("Handling office")
    # Only the offices of his own jurisdiction: never the city office above him.
    expect(office.get_by_role("option", name="Bawaslu Kota Serang")).to_have_count(0)
    office.select_option(label="Panwaslu Kecamatan Cipocok Jaya")
    form.get_by_label("Kind").select_option(label="Finding")
    form.get_by_label("Election").select_option(label="Pemilu 2029")
    form.get_by_label("Source").select_option(label="Field supervision")
    form.get_by_label("Summary").fill(SUMMARY)
    form.get_by_label("Description of the event").fill(
        "During a patrol the supervisor saw the head of a section of the district office put up "
        "a candidate's banner in front of the office (Form A attached to the file)."
    )
    form.get_by_label("Date of the event").fill((today - timedelta(days=2)).isoformat())
    form.get_by_label("Date it became known").fill((today - timedelta(days=1)).isoformat())
    picker = form.get_by_role("group", name="Place of the event")
    for level, name in [
        ("Province", "Banten"),
        ("Regency/city", "Kota Serang"),
        ("District", "Cipocok Jaya"),
    ]:
        picker.get_by_label(level).select_option(label=name)
        expect(picker.locator(".chosen")).to_contain_text(name)
    expect(form.locator("input[type=hidden][name=place_region_code]")).to_have_value("36.73.05")
    form.get_by_label("Address", exact=True).fill(
        "Jl. Bhayangkara, in front of the district office"
    )
    reported = form.get_by_role("group", name="Reported person 1")
    reported.get_by_label("Employment type").select_option(label="Civil servant (PNS)")
    reported.get_by_label("Position").fill("Head of the general affairs section")
    reported.get_by_label("Agency").fill("Kantor Kecamatan Cipocok Jaya")
    reported.get_by_label("NIP (if known)").fill(NIP)
    check_page(supervisor)
    supervisor.get_by_role("button", name="Record").click()
    expect(supervisor.get_by_role("status")).to_contain_text(
        re.compile(rf"Recorded as 001/TM/PL/Kec-CipocokJaya/11\.01/[IVX]+/{year}\.")
    )
    expect(status_of(supervisor)).to_have_text("Received")
    facts = supervisor.get_by_role("region", name="Facts")
    expect(facts).to_contain_text("Panwaslu Kecamatan Cipocok Jaya")
    expect(facts).to_contain_text("Cipocok Jaya, Kota Serang, Banten")
    # Registering and what follows is the office's work, not the field supervisor's.
    expect(supervisor.get_by_role("region", name="Next steps")).to_contain_text(
        "No step is open to you on this case now."
    )
    case_url = supervisor.url

    # 2. The city office sees its Panwascam's finding in its list and takes it over.
    open_module(staff, "Cases")
    staff.get_by_role("row").filter(has_text=SUMMARY).get_by_role("link").click()
    expect(staff).to_have_url(case_url)
    expect(staff.get_by_role("region", name="Reported persons")).to_contain_text(NIP)
    handover = staff.get_by_role("region", name="Hand over to another office")
    handover.get_by_label("Hand over to").select_option(label="Bawaslu Kota Serang")
    handover.get_by_label("Reason").fill(
        "The reported person works for the city government: the city office handles it."
    )
    handover.get_by_role("button", name="Hand over").click()
    expect(staff.get_by_role("status")).to_contain_text("Case handed over.")
    expect(staff.get_by_role("region", name="Facts")).to_contain_text(
        re.compile(r"Handling office\s*Bawaslu Kota Serang")
    )
    expect(staff.get_by_role("region", name="Timeline")).to_contain_text(
        "Handed over to another office"
    )

    # 3. Formal and material check, then registration under the city office's number.
    step(staff, "Start formal and material check")
    expect(status_of(staff)).to_have_text("Formal and material check")
    step(staff, "Register", note="Formal and material requirements are met.")
    expect(status_of(staff)).to_have_text("Registered")
    number = re.compile(rf"^001/Reg/TM/PL/Kota/1\.01/[IVX]+/{year}")
    expect(staff.get_by_role("heading", level=1)).to_contain_text(number)
    deadlines = staff.get_by_role("region", name="Deadlines")
    expect(deadlines.get_by_role("row").filter(has_text="Decision window")).to_be_visible()

    # 4. Clarification, with its minutes generated from the template.
    step(staff, "Start clarification")
    expect(status_of(staff)).to_have_text("Clarification")
    generate(staff, "Clarification minutes", texts={
        "Who was clarified": "Head of the general affairs section, reported person",
        "Date of the clarification": today.isoformat(),
        "Place": "Kantor Bawaslu Kota Serang",
        "Summary of the statements": "He confirmed that he put up the banner.",
    })

    # 5. Legal study, classification from the catalogue, then the plenary.
    step(staff, "Start legal study")
    expect(status_of(staff)).to_have_text("Legal study")
    classify = staff.get_by_role("region", name="Category and violation forms")
    classify.get_by_role("combobox", name="Category", exact=True).select_option(label=CATEGORY)
    classify.get_by_role("checkbox", name=VIOLATION_FORM).check()
    classify.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_contain_text("Category and violation forms saved.")
    generate(staff, "Legal study", checks=["Violation forms examined"], texts={
        "Article (legal basis)": "Pasal 280 ayat (2) huruf f UU 7/2017",
        "Analysis": "The banner promotes a candidate; the reported person is a civil servant.",
        "Conclusion": "A breach of civil-service neutrality.",
    })
    step(staff, "Submit to plenary")
    expect(status_of(staff)).to_have_text("Awaiting plenary decision")
    check_page(staff)

    # 6. The plenary minutes are kept, then the commissioner decides in plenary.
    generate(staff, "Plenary minutes", checks=["Commissioners present"],
             choices={"Decision": "Violation"},
             texts={"Date of the plenary": today.isoformat()})
    commissioner = person("komisioner.serang")
    commissioner.goto(case_url)
    step(commissioner, "Plenary: violation", note="Plenary of the city office: a violation.")
    expect(status_of(commissioner)).to_have_text("Decided: violation")

    # 7. The handling staff forward it; the rules route ASN neutrality to BKN.
    staff.reload()
    step(staff, "Forward with recommendation")
    expect(status_of(staff)).to_have_text("Forwarded with recommendation")
    recommendations = staff.get_by_role("region", name="Recommendations and sanctions")
    expect(recommendations).to_contain_text("Badan Kepegawaian Negara (BKN)")
    expect(recommendations).not_to_contain_text("KASN")  # KASN stopped on 24 Aug 2024

    # 8. The BKN officer acknowledges and records the sanction from the inbox.
    officer = person("bkn.officer")
    open_module(officer, "Recommendation inbox")
    officer.get_by_role("row").filter(has_text=SUMMARY).get_by_role("link").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Recommendation on")
    expect(officer.get_by_role("region", name="Reported persons")).to_contain_text(NIP)
    officer.get_by_role("button", name="Acknowledge receipt").click()
    expect(officer.get_by_role("status")).to_contain_text("Receipt acknowledged.")
    sanction = officer.get_by_role("region", name="Record the sanction imposed")
    sanction.get_by_label("Sanction type").select_option(label="Moderate discipline")
    sanction.get_by_label("Decree number").fill(f"800.1.6/123/BKPSDM/{year}")
    sanction.get_by_label("Decree date").fill(today.isoformat())
    sanction.get_by_label("Imposed by").fill("Mayor of Serang as personnel authority (PPK)")
    sanction.get_by_role("button", name="Record the sanction").click()
    expect(officer.get_by_role("status")).to_contain_text("The sanction has been recorded.")
    expect(officer.get_by_role("region", name="Sanctions recorded")).to_contain_text(
        f"800.1.6/123/BKPSDM/{year}"
    )

    # 9. Back at the city office: the sanction is imposed; close the case.
    staff.reload()
    expect(status_of(staff)).to_have_text("Sanction imposed")
    expect(recommendations).to_contain_text("Moderate discipline")
    step(staff, "Close")
    expect(status_of(staff)).to_have_text("Closed")
    expect(staff.get_by_role("region", name="Next steps")).to_contain_text(
        "No step is open to you on this case now."
    )

    # 10. The statistics count the finding, closed, and the sanction BKN imposed.
    assert findings_in_category(staff) == "1"
    by_status = staff.get_by_role("region", name="Cases by status")
    closed = by_status.get_by_role("row").filter(has=staff.get_by_role("rowheader", name="Closed"))
    expect(closed.get_by_role("cell").first).to_have_text("1")
    follow_up = staff.get_by_role("region", name="Follow-up of recommendations")
    bkn = follow_up.get_by_role("row").filter(
        has=staff.get_by_role("rowheader", name="Badan Kepegawaian Negara (BKN)")
    )
    expect(bkn.get_by_role("cell").nth(2)).to_have_text("1")  # Sent, Answered, Sanction imposed
