"""The case page made for a phone (issue #15 point 6): the top block first, the rest in sections
the user opens, a form's errors in its own (open) section, a case number that never breaks."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from .factories import advance, open_finding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

SECTIONS = ["facts", "deadlines", "persons", "reporters", "classify", "files",
            "recommendations", "links", "handover", "conflict", "timeline", "history"]


@pytest.fixture(autouse=True)
def _english(w):
    for user in (w.handler, w.commissioner):
        user.language = "en"
        user.save(update_fields=["language"])


def _page(client, case) -> str:
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section_tag(html: str, key: str) -> str:
    match = re.search(rf'<details class="case-section" id="section-{key}"[^>]*>', html)
    assert match, f"section {key} missing"
    return match.group(0)


def test_top_block_comes_before_the_sections(w, client):
    case = advance(open_finding(w), w, "clarification")
    client.force_login(w.handler)
    html = _page(client, case)

    sections_at = html.index("data-case-sections")
    number = re.search(r'<span class="case-number[^"]*">([^<]+)</span>', html)
    assert number
    assert number.group(1) == case.number
    assert html.index('class="badge status-badge status-clarification"') < sections_at
    assert "Clarification" in html[number.end():sections_at]
    # The running clock, its days left and due date, at the top.
    clocks = html.index('class="clocks"')
    assert clocks < sections_at
    assert re.search(r"\d+ days? left", html[clocks:sections_at])
    # Whose turn it is, and the step buttons.
    assert html.index('id="next-action"') < sections_at
    assert "Your turn:" in html[html.index('id="next-action"'):sections_at]
    steps = html.index('id="steps"')
    assert steps < sections_at
    assert "Confirm: Start legal study" in html[steps:sections_at]


def test_every_section_is_there_and_closed_by_default(w, client):
    case = advance(open_finding(w), w, "registered")
    client.force_login(w.handler)
    html = _page(client, case)
    order = [html.index(f'id="section-{key}"') for key in SECTIONS]
    assert order == sorted(order)
    for key in SECTIONS:
        assert " open" not in _section_tag(html, key), key
    # Each section's content keeps its region and heading for assistive technology.
    assert 'aria-labelledby="files-title"' in html
    assert '<script src="/static/cases/case_page.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/cases/case_page.css">' in html


def test_a_form_with_errors_comes_back_open_in_its_own_section(w, client):
    case = advance(open_finding(w), w, "registered")
    client.force_login(w.handler)
    response = client.post(reverse("cases:case_person_add", args=[case.pk]),
                           {"position": "", "agency": "Dinas Pendidikan"})
    assert response.status_code == 400
    html = response.content.decode()
    assert " open" in _section_tag(html, "persons")
    assert " open" not in _section_tag(html, "facts")
    # The errors sit inside the persons section, next to the form, and what was typed stays.
    start = html.index('id="section-persons"')
    end = html.index('id="section-reporters"')
    assert "Please correct the problems below." in html[start:end]
    assert 'value="Dinas Pendidikan"' in html[start:end]


def test_an_overdue_clock_is_marked_at_the_top(w, client, frozen):
    case = advance(open_finding(w), w, "clarification")
    frozen.shift(timedelta(days=60))
    client.force_login(w.handler)
    html = _page(client, case)
    top = html[:html.index("data-case-sections")]
    assert 'class="clock is-overdue"' in top
    assert re.search(r"\d+ days late", top)


def test_a_colleague_who_cannot_act_reads_who_must(w, client):
    case = advance(open_finding(w), w, "plenary")
    client.force_login(w.handler)
    html = _page(client, case)
    top = html[:html.index("data-case-sections")]
    assert "Waiting for:" in top
    assert "No step is open to you on this case now." in top


def test_a_case_number_never_breaks_in_the_middle():
    css = Path(finders.find("cases/case_page.css")).read_text(encoding="utf-8")
    assert re.search(r"\.case-number\s*\{[^}]*white-space:\s*nowrap", css)
