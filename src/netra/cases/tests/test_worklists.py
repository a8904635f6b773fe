"""Who acts next, as users meet it (issue #15.3): the case list's status badges, next-step and
due-date columns, overdue rows and the "overdue" / "waiting for me" filters; each role's home
page; and the menu, which shows each role only what its row of the role table lets it use."""

from datetime import timedelta

import pytest
from django.urls import reverse

from netra.accounts.models import Membership
from netra.accounts.roles import ROLE_TABLE, Role
from netra.accounts.tests.factories import UserFactory
from netra.cases.choices import CaseKind, Source
from netra.cases.models import Case
from netra.cases.workflow import Status
from netra.core.navigation import nav_items

from .conftest import TODAY
from .factories import advance, open_finding, open_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

LIST = reverse("cases:case_list")
HOME = reverse("core:home")


def page(client, user, url, **params):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response, response.content.decode()


def rows(response) -> dict[int, Case]:
    return {c.pk: c for c in response.context["cases"]}


# --- The case list ------------------------------------------------------------------------


def test_list_shows_status_badge_next_step_and_due_date(client, w):
    plenary = advance(open_finding(w, title="Waiting for plenary"), w, Status.PLENARY)
    received = open_report(w, title="Just received")
    response, html = page(client, w.handler, LIST)
    assert 'class="badge status status-plenary"' in html
    assert 'class="badge status status-intake"' in html
    found = rows(response)
    assert found[plenary.pk].next.step_label == "Plenary decision"
    assert found[plenary.pk].next.roles == (Role.COMMISSIONER,)
    # Before registration the report window of the rule in data is shown.
    assert found[received.pk].next.due_on == found[received.pk].next.due_on
    assert found[received.pk].next.clock_key == "report_window"
    assert "Plenary decision" in html
    assert "Commissioner, Bawaslu Kota Serang" in html
    assert 'class="is-overdue"' not in html


def test_overdue_rows_are_marked_with_text_not_colour_alone(client, w):
    late = open_finding(w, title="Found long ago", known_date=TODAY - timedelta(days=10))
    on_time = open_finding(w, title="Found today")
    response, html = page(client, w.handler, LIST)
    found = rows(response)
    assert found[late.pk].next.overdue
    assert not found[on_time.pk].next.overdue
    assert html.count('<tr class="is-overdue">') == 1
    assert '<span class="badge overdue">Late</span>' in html
    # The "overdue" filter keeps the row the list marks, though no clock is stored yet.
    response, _html = page(client, w.handler, LIST, overdue="on")
    assert set(rows(response)) == {late.pk}


def test_overdue_filter_covers_running_clocks_and_unanswered_recommendations(client, w):
    registered = advance(open_finding(w), w, Status.REGISTERED)
    registered.deadlines.update(due_on=TODAY - timedelta(days=1))
    forwarded = advance(open_finding(w), w, Status.FORWARDED)
    forwarded.recommendations.update(due_on=TODAY - timedelta(days=1))
    forwarded.deadlines.update(due_on=TODAY + timedelta(days=5))
    calm = advance(open_finding(w), w, Status.CLARIFICATION)
    response, _html = page(client, w.handler, LIST, overdue="on")
    assert set(rows(response)) == {registered.pk, forwarded.pk}
    assert calm.pk not in rows(response)


def test_waiting_for_me_filter(client, w):
    plenary = advance(open_finding(w), w, Status.PLENARY)
    received = open_finding(w)
    response, html = page(client, w.commissioner, LIST, mine="on")
    assert set(rows(response)) == {plenary.pk}
    assert 'name="mine"' in html
    response, _html = page(client, w.handler, LIST, mine="on")
    assert received.pk in rows(response)
    assert plenary.pk not in rows(response)


def test_list_next_steps_need_no_query_per_row(client, w, django_assert_max_num_queries):
    for _ in range(3):
        open_finding(w)
    advance(open_finding(w), w, Status.FORWARDED)
    _response, _html = page(client, w.handler, LIST)
    for _ in range(6):
        open_report(w)
    advance(open_finding(w), w, Status.PLENARY)
    client.force_login(w.handler)
    with django_assert_max_num_queries(30):
        assert client.get(LIST).status_code == 200


def test_record_a_finding_link_preselects_the_kind(client, w):
    _response, html = page(client, w.supervisor, reverse("cases:case_create"), kind="finding")
    assert '<option value="finding" selected>' in html


# --- Home page per role --------------------------------------------------------------------


def test_field_supervisor_home_records_a_finding_in_one_click(client, w):
    mine = open_finding(w, actor=w.supervisor, office=w.cipocok, title="Camat at a rally")
    response, html = page(client, w.supervisor, HOME)
    assert f'href="{reverse("cases:case_create")}?kind=finding"' in html
    assert "Record a finding" in html
    assert reverse("cases:case_detail", args=[mine.pk]) in html
    assert "Camat at a rally" in html
    # No deadline panel of the whole office for a field supervisor.
    assert "case_counts" not in response.context


def test_handler_home_lists_registration_clarification_and_legal_study(client, w):
    late = open_finding(w, title="Late one", known_date=TODAY - timedelta(days=10))
    fresh = open_finding(w, title="Fresh one")
    clar = advance(open_finding(w, title="In clarification"), w, Status.CLARIFICATION)
    study = advance(open_finding(w, title="In legal study"), w, Status.LEGAL_STUDY)
    plenary = advance(open_finding(w, title="At plenary"), w, Status.PLENARY)
    response, html = page(client, w.handler, HOME)
    lists = {wl.key: wl for wl in response.context["lists"]}
    assert set(lists) == {"registration", "clarification", "legal_study"}
    assert [c.pk for c in lists["registration"].cases] == [late.pk, fresh.pk]  # overdue first
    assert lists["registration"].overdue == 1
    assert [c.pk for c in lists["clarification"].cases] == [clar.pk]
    assert [c.pk for c in lists["legal_study"].cases] == [study.pk]
    assert plenary.title not in html.split('id="my-work"')[1].split("</section>")[0]
    assert f'href="{LIST}?status=received&amp;mine=on"' in html
    assert f'href="{LIST}?status=legal_study&amp;mine=on"' in html
    assert "Waiting for the legal study" in html


def test_commissioner_home_lists_the_plenary(client, w):
    plenary = advance(open_finding(w, title="At plenary"), w, Status.PLENARY)
    open_finding(w, title="Fresh one")
    response, html = page(client, w.commissioner, HOME)
    lists = {wl.key: wl for wl in response.context["lists"]}
    assert set(lists) == {"plenary"}
    assert [c.pk for c in lists["plenary"].cases] == [plenary.pk]
    assert f'href="{LIST}?status=plenary&amp;mine=on"' in html


def test_recipient_home_shows_the_inbox_with_overdue_answers(client, w):
    late = advance(open_finding(w), w, Status.FORWARDED)
    rec = late.recommendations.get()
    rec.due_on = TODAY - timedelta(days=2)
    rec.save(update_fields=["due_on"])
    advance(open_finding(w), w, Status.FORWARDED)
    response, html = page(client, w.bkn_officer, HOME)
    inbox = response.context["inbox"]
    assert (inbox["total"], inbox["overdue"]) == (2, 1)
    assert inbox["recommendations"][0].pk == rec.pk
    assert reverse("cases:recommendation_detail", args=[rec.pk]) in html
    assert f'href="{reverse("cases:inbox")}?state=overdue"' in html
    assert response.context["lists"] == []
    assert "case_counts" not in response.context  # no deadline panel of a supervisory office


def test_initial_information_appears_for_field_supervisor(client, w):
    info = open_finding(w, actor=w.supervisor, office=w.cipocok, kind=CaseKind.INITIAL_INFO,
                        source=Source.SOCIAL_MEDIA, title="Post seen online")
    _response, html = page(client, w.supervisor, HOME)
    assert "Post seen online" in html
    assert reverse("cases:case_detail", args=[info.pk]) in html


# --- Menu per role -------------------------------------------------------------------------

# Each menu entry and the action it needs (None: every signed-in user); "supervises" is
# cases.view held through a supervisory office, not a recipient body.
NEEDS = {
    "core:home": None,
    "cases:case_list": "supervises",
    "cases:inbox": "cases.respond",
    "cases:statistics": "supervises",
    "portal:inbox": "portal.respond",
    "monitoring:hit_list": "monitoring.view",
    "questionnaires:questionnaire_list": "questionnaires.view",
    "prevention:home": "prevention.view",
    "risk:index": "risk.view",
    "knowledge:checker": None,
    "elections:election_list": "elections.view",
    "orgs:organisation_list": "orgs.view",
    "accounts:membership_list": "accounts.view",
    "regions:region_list": None,
    "accounts:profile": None,
}


def test_every_menu_entry_is_in_the_table():
    assert {item.url_name for item in nav_items()} == set(NEEDS)


@pytest.mark.parametrize("role", list(Role.values))
def test_menu_shows_each_role_only_what_it_can_use(client, w, role):
    recipient = role == Role.RECIPIENT_OFFICER
    user = UserFactory(language="en")
    Membership.objects.create(user=user, organisation=w.bkn if recipient else w.serang,
                              role=role)
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    menu = html.split('id="menu-panel"')[1].split("</nav>")[0]
    actions = ROLE_TABLE[role].actions
    for url_name, need in NEEDS.items():
        if need is None:
            expected = True
        elif need == "supervises":
            expected = "cases.view" in actions and not recipient
        else:
            expected = need in actions
        shown = f'href="{reverse(url_name)}"' in menu
        assert shown == expected, (role, url_name)


def test_a_bkn_officer_sees_no_prevention_and_prevention_staff_no_inbox(client, w):
    client.force_login(w.bkn_officer)
    menu = client.get(HOME).content.decode().split('id="menu-panel"')[1].split("</nav>")[0]
    assert reverse("prevention:home") not in menu
    assert reverse("cases:inbox") in menu
    staff = UserFactory(language="en")
    Membership.objects.create(user=staff, organisation=w.serang, role=Role.PREVENTION_STAFF)
    client.force_login(staff)
    menu = client.get(HOME).content.decode().split('id="menu-panel"')[1].split("</nav>")[0]
    assert reverse("cases:inbox") not in menu
    assert reverse("prevention:home") in menu
