"""The case page's workflow buttons and action forms through the HTTP client: every step of the
table works from its button, and every refusal answers with its message.

The fixtures come from ``test_views`` (imported by name, hence the F811 exemption).
"""
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netra.cases import services
from netra.cases.choices import CaseKind, DocumentKind
from netra.cases.models import Case, CaseEvent, CaseLink, Handover, Recommendation, Witness
from netra.cases.workflow import TRANSITIONS, Status
from netra.rules.models import ViolationType

from .test_views import (  # noqa: F401  (fixtures)
    PERSON_NAME,
    VALID_NIP,
    add_document,
    as_user,
    detail_url,
    election,
    html,
    media,
    open_report,
    people,
    put_in,
    report,
)


def step_url(case, name) -> str:
    return reverse("cases:case_transition", args=[case.pk, name])


def post_step(client, case, name, note="", version=None):
    case.refresh_from_db()
    return client.post(step_url(case, name),
                       {"note": note, "version": case.version if version is None else version})


def classify(case, actor, category="non_stage_asn"):
    types = ViolationType.objects.filter(code="asn-campaign-props")
    services.set_violation_types(case=case, actor=actor, category=category,
                                 violation_type_ids=[t.pk for t in types])


def _reporter(case, people):
    case.reporters.create(name="Siti Pelapor", nik="3673014101900001", address="Jl. Veteran 1")


def _minutes(case, people):
    add_document(case, DocumentKind.CLARIFICATION_MINUTES)


def _study(case, people):
    classify(case, people.handler)
    add_document(case, DocumentKind.LEGAL_STUDY)


def _classified(case, people):
    classify(case, people.handler)


def _plenary(case, people):
    add_document(case, DocumentKind.PLENARY_MINUTES)


def _decided(case, people):
    classify(case, people.handler)
    add_document(case, DocumentKind.PLENARY_MINUTES)


# name, start status, actor, note, preparation, kind
STEPS = [
    ("raise_to_finding", Status.INFO_RECEIVED, "field", "", None, CaseKind.INITIAL_INFO),
    ("drop", Status.INFO_RECEIVED, "field", "Not about a civil servant", None,
     CaseKind.INITIAL_INFO),
    ("continue_as_report", Status.INFO_RECEIVED, "handler", "", _reporter,
     CaseKind.INITIAL_INFO),
    ("start_check", Status.RECEIVED, "handler", "", None, CaseKind.REPORT),
    ("request_completion", Status.UNDER_CHECK, "handler", "Send the original flyer", None,
     CaseKind.REPORT),
    ("receive_completion", Status.AWAITING_COMPLETION, "handler", "", None, CaseKind.REPORT),
    ("register", Status.UNDER_CHECK, "handler", "", None, CaseKind.REPORT),
    ("refuse_registration", Status.UNDER_CHECK, "handler", "Outside our authority", None,
     CaseKind.REPORT),
    ("start_clarification", Status.REGISTERED, "handler", "", None, CaseKind.REPORT),
    ("start_legal_study", Status.CLARIFICATION, "handler", "", _minutes, CaseKind.REPORT),
    ("submit_to_plenary", Status.LEGAL_STUDY, "handler", "", _study, CaseKind.REPORT),
    ("decide_violation", Status.PLENARY, "commissioner", "", _decided, CaseKind.REPORT),
    ("decide_no_violation", Status.PLENARY, "commissioner", "No link to a candidate", _plenary,
     CaseKind.REPORT),
    ("decide_not_followed_up", Status.PLENARY, "commissioner", "Evidence insufficient",
     _plenary, CaseKind.REPORT),
    ("forward_recommendation", Status.VIOLATION, "handler", "", _classified, CaseKind.REPORT),
    ("escalate", Status.FORWARDED, "handler", "No answer after two reminders", None,
     CaseKind.REPORT),
    ("close", Status.NOT_REGISTERED, "handler", "", None, CaseKind.REPORT),
]
TARGET = {t.name: t.target for t in TRANSITIONS}


def test_the_table_of_buttons_covers_every_office_step():
    office_steps = {t.name for t in TRANSITIONS if not t.by_recipient}
    assert {row[0] for row in STEPS} == office_steps


@pytest.mark.parametrize(("name", "start", "actor", "note", "prepare", "kind"), STEPS,
                         ids=[row[0] for row in STEPS])
def test_each_step_works_from_its_button(client, people, election, name, start, actor, note,
                                         prepare, kind):
    user = getattr(people, actor)
    office = people.field.organisation if actor == "field" else people.office
    case = open_report(user, office, election, kind=kind)
    if prepare:  # before the status: the facts are locked once the plenary has decided
        prepare(case, people)
    case = put_in(case, start)
    as_user(client, user)

    page = html(client.get(detail_url(case)))
    assert f'action="{step_url(case, name)}"' in page

    response = post_step(client, case, name, note=note)
    assert response.status_code == 302, html(response)
    assert response["Location"] == detail_url(case)
    case.refresh_from_db()
    assert case.status == TARGET[name]
    event = CaseEvent.objects.filter(case=case, transition=name).get()
    assert (event.from_status, event.to_status, event.actor) == (start, TARGET[name], user)
    assert event.note == note
    followed = client.get(response["Location"])
    assert "Done: " in html(followed)
    assert CaseEvent.objects.filter(case=case, transition=name).count() == 1


def test_register_gives_a_number_and_starts_the_decision_clock(client, people, report):
    put_in(report, Status.UNDER_CHECK)
    as_user(client, people.handler)
    post_step(client, report, "register")
    report.refresh_from_db()
    assert report.registration_number.endswith(f"/{timezone.localdate().year}")
    page = html(client.get(detail_url(report)))
    assert report.registration_number in page
    assert "Decision window" in page
    assert "UU 7/2017 art. 454(7)" in page  # the rule's legal source
    assert "working days" in page


def test_forwarding_creates_the_recommendation_shown_on_the_page(client, people, report):
    classify(report, people.handler)  # before the decision, which locks the facts
    put_in(report, Status.VIOLATION)
    as_user(client, people.handler)
    post_step(client, report, "forward_recommendation")
    rec = Recommendation.objects.get(case=report)
    assert rec.recipient == people.bkn_org
    page = html(client.get(detail_url(report)))
    assert "Badan Kepegawaian Negara" in page
    assert rec.due_on.strftime("%-d %b %Y") in page


def test_raise_to_finding_opens_the_finding(client, people, election):
    info = open_report(people.field, people.field.organisation, election,
                       kind=CaseKind.INITIAL_INFO)
    as_user(client, people.field)
    post_step(client, info, "raise_to_finding")
    finding = Case.objects.get(raised_from=info)
    assert finding.kind == CaseKind.FINDING
    page = html(client.get(detail_url(finding)))
    assert f'href="{detail_url(info)}"' in page


class TestRefusals:
    def test_illegal_step_answers_409_with_the_message(self, client, people, report):
        as_user(client, people.handler)
        response = post_step(client, report, "close")
        assert response.status_code == 409
        page = html(response)
        assert "“Close” is not possible while the case is “Received”." in page
        report.refresh_from_db()
        assert report.status == Status.RECEIVED
        assert not report.events.filter(transition="close").exists()

    def test_unknown_step_answers_404(self, client, people, report):
        as_user(client, people.handler)
        assert post_step(client, report, "teleport").status_code == 404

    def test_missing_document_is_named(self, client, people, report):
        put_in(report, Status.CLARIFICATION)
        as_user(client, people.handler)
        response = post_step(client, report, "start_legal_study")
        assert response.status_code == 409
        page = html(response)
        assert "“Start legal study” cannot be done yet." in page
        assert "Keep the clarification minutes first: upload the signed scan" in page
        report.refresh_from_db()
        assert report.status == Status.CLARIFICATION

    def test_every_guard_reason_is_listed(self, client, people, report):
        put_in(report, Status.LEGAL_STUDY)
        as_user(client, people.handler)
        page = html(post_step(client, report, "submit_to_plenary"))
        assert "Keep the legal study first: upload the signed scan" in page
        assert "Choose the category and at least one violation form from the catalogue." in page

    def test_handling_staff_cannot_decide(self, client, people, report):
        put_in(report, Status.PLENARY)
        classify(report, people.handler)
        as_user(client, people.handler)
        assert step_url(report, "decide_violation") not in html(client.get(detail_url(report)))
        response = post_step(client, report, "decide_violation")
        assert response.status_code == 409
        assert "Your role does not allow “Plenary: violation” on this case." in html(response)
        report.refresh_from_db()
        assert report.status == Status.PLENARY

    def test_analyst_gets_no_buttons_and_is_refused(self, client, people, report):
        as_user(client, people.analyst)
        page = html(client.get(detail_url(report)))
        assert "/transition/" not in page
        response = post_step(client, report, "start_check")
        assert response.status_code == 409
        assert "Your role does not allow" in html(response)

    def test_missing_reason_is_refused(self, client, people, report):
        put_in(report, Status.UNDER_CHECK)
        as_user(client, people.handler)
        response = post_step(client, report, "request_completion", note="  ")
        assert response.status_code == 409
        assert "needs a written reason" in html(response)
        report.refresh_from_db()
        assert report.status == Status.UNDER_CHECK

    def test_late_report_cannot_be_registered(self, client, people, election):
        late = open_report(people.handler, people.office, election,
                           known=timezone.localdate() - timedelta(days=40))
        put_in(late, Status.UNDER_CHECK)
        as_user(client, people.handler)
        response = post_step(client, late, "register")
        assert response.status_code == 409
        assert "Late: it was received on" in html(response)

    def test_stale_version_answers_409_and_changes_nothing(self, client, people, report):
        as_user(client, people.handler)
        page = client.get(detail_url(report))
        assert 'name="version" value="1"' in html(page)
        services.update_case(case=report, actor=people.commissioner, expected_version=1,
                             title="Edited meanwhile")
        response = post_step(client, report, "start_check", version=1)
        assert response.status_code == 409
        page = html(response)
        assert "Someone else changed this case" in page
        assert 'name="version" value="2"' in page  # the page now carries the fresh version
        report.refresh_from_db()
        assert report.status == Status.RECEIVED
        assert not report.events.filter(transition="start_check").exists()

    def test_recipient_steps_are_not_buttons_here(self, client, people, report):
        put_in(report, Status.FORWARDED)
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        for name in ("acknowledge", "record_sanction", "record_refusal"):
            assert step_url(report, name) not in page
        response = post_step(client, report, "record_sanction")
        assert response.status_code == 409
        assert "recommendation inbox" in html(response)
        report.refresh_from_db()
        assert report.status == Status.FORWARDED

    def test_get_is_not_allowed(self, client, people, report):
        as_user(client, people.handler)
        assert client.get(step_url(report, "start_check")).status_code == 405


class TestHtmx:
    """The step forms also post through htmx: a refusal comes back as a fragment next to the
    form, a success reloads the whole page (status, clocks and timeline change together)."""

    def test_success_reloads_the_page(self, client, people, report):
        as_user(client, people.handler)
        response = client.post(step_url(report, "start_check"), {"version": report.version},
                               HTTP_HX_REQUEST="true")
        assert response.status_code == 204
        assert response["HX-Redirect"] == detail_url(report)
        report.refresh_from_db()
        assert report.status == Status.UNDER_CHECK
        assert "Done: Start formal and material check." in html(client.get(detail_url(report)))

    def test_refusal_is_a_fragment_with_the_reasons(self, client, people, report):
        put_in(report, Status.CLARIFICATION)
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        assert f'hx-post="{step_url(report, "start_legal_study")}"' in page
        response = client.post(step_url(report, "start_legal_study"),
                               {"version": report.version}, HTTP_HX_REQUEST="true")
        assert response.status_code == 409
        fragment = html(response)
        assert "<html" not in fragment
        assert 'role="alert"' in fragment
        assert "Keep the clarification minutes first: upload the signed scan" in fragment


class TestActionForms:
    def test_classify(self, client, people, report):
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        assert "ASN promoting a (pre-)candidate through campaign props" in page
        # A Pilkada-only form is not offered for a Pemilu case.
        assert "Candidate involving ASN, TNI/Polri or village heads" not in page
        vt = ViolationType.objects.get(code="asn-campaign-props")
        response = client.post(reverse("cases:case_classify", args=[report.pk]),
                               {"category": "non_stage_asn", "violation_types": [vt.pk]})
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.category == "non_stage_asn"
        assert list(report.violation_types.all()) == [vt]

    def test_classify_refuses_a_form_outside_the_catalogue(self, client, people, report):
        pilkada_only = ViolationType.objects.get(code="pilkada-involving-asn")
        as_user(client, people.handler)
        response = client.post(reverse("cases:case_classify", args=[report.pk]),
                               {"category": "crime", "violation_types": [pilkada_only.pk]})
        assert response.status_code == 400
        assert 'id="id_classify_violation_types_error"' in html(response)
        assert not report.violation_types.exists()

    def test_extend_the_decision_deadline(self, client, people, report):
        services.transition_case(case=report, transition="start_check", actor=people.handler)
        services.transition_case(case=report, transition="register", actor=people.handler)
        deadline = report.deadlines.get()
        due = deadline.due_on
        as_user(client, people.handler)
        url = reverse("cases:case_extend", args=[report.pk])
        assert url in html(client.get(detail_url(report)))

        refused = client.post(url, {"key": deadline.key, "reason": ""})
        assert refused.status_code == 400
        response = client.post(url, {"key": deadline.key,
                                     "reason": "The headmaster must be heard"})
        assert response.status_code == 302
        deadline.refresh_from_db()
        assert deadline.extended_days == 7
        assert deadline.due_on > due
        page = html(client.get(detail_url(report)))
        assert "The headmaster must be heard" in page
        assert url not in page  # only one extension
        again = client.post(url, {"key": deadline.key, "reason": "Once more"})
        assert again.status_code == 400
        assert "The deadline has already been extended." in html(again)

    def test_complete_nip(self, client, people, election):
        case = open_report(people.handler, people.office, election, nip="")
        person = case.reported_persons.get()
        as_user(client, people.handler)
        url = reverse("cases:case_person_nip", args=[case.pk])
        assert url in html(client.get(detail_url(case)))
        bad = client.post(url, {"person": person.pk, "nip": "12345"})
        assert bad.status_code == 400
        assert "A NIP has exactly 18 digits." in html(bad)
        person.refresh_from_db()
        assert person.nip == ""
        good = client.post(url, {"person": person.pk, "nip": "1985 0312 2010 0110 01"})
        assert good.status_code == 302
        person.refresh_from_db()
        assert person.nip == VALID_NIP

    def test_complete_nip_of_another_case_answers_404(self, client, people, election, report):
        other = open_report(people.handler, people.office, election, nip="")
        as_user(client, people.handler)
        response = client.post(reverse("cases:case_person_nip", args=[report.pk]),
                               {"person": other.reported_persons.get().pk, "nip": VALID_NIP})
        assert response.status_code == 404

    def test_add_reported_person(self, client, people, report):
        as_user(client, people.handler)
        url = reverse("cases:case_person_add", args=[report.pk])
        bad = client.post(url, {"employment_type": "pns", "position": "Teacher",
                                "agency": "SDN 1", "nip": "1"})
        assert bad.status_code == 400
        assert "A NIP has exactly 18 digits." in html(bad)
        assert report.reported_persons.count() == 1
        good = client.post(url, {"employment_type": "pppk", "position": "Teacher",
                                 "agency": "SDN 1 Serang"})
        assert good.status_code == 302
        assert report.reported_persons.filter(position="Teacher").exists()

    def test_add_witness(self, client, people, report):
        as_user(client, people.handler)
        url = reverse("cases:case_witness_add", args=[report.pk])
        response = client.post(url, {"name": "Saksi Satu", "contact": "0813",
                                     "statement": "Saw the flyer"})
        assert response.status_code == 302
        assert Witness.objects.get(case=report).name == "Saksi Satu"
        assert "Saksi Satu" in html(client.get(detail_url(report)))
        as_user(client, people.analyst)
        assert "Saksi Satu" not in html(client.get(detail_url(report)))
        assert client.post(url, {"name": "X"}).status_code == 404

    def test_hand_over_to_a_panwascam(self, client, people, report):
        panwascam = people.field.organisation
        as_user(client, people.handler)
        form = client.get(detail_url(report)).context["handover_form"]
        assert panwascam in form.fields["to_office"].queryset
        assert people.office not in form.fields["to_office"].queryset
        missing = client.post(reverse("cases:case_handover", args=[report.pk]),
                              {"to_office": panwascam.pk, "reason": ""})
        assert missing.status_code == 400
        response = client.post(reverse("cases:case_handover", args=[report.pk]),
                               {"to_office": panwascam.pk, "reason": "District-level matter"})
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.office, report.region_code) == (panwascam, "36.73.05")
        assert Handover.objects.get(case=report).reason == "District-level matter"

    def test_possible_duplicate_is_linked(self, client, people, election, report):
        twin = open_report(people.handler, people.office, election, title="Same camat again")
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        assert "Possible duplicates" in page
        assert twin.number in page
        response = client.post(reverse("cases:case_link", args=[report.pk]),
                               {"other": twin.pk, "reason": ""})
        assert response.status_code == 302
        assert CaseLink.objects.filter(case=report, other=twin).exists()
        assert CaseLink.objects.filter(case=twin, other=report).exists()
        page = html(client.get(detail_url(report)))
        assert "Linked cases" in page
        assert "Possible duplicates" not in page
        assert f'href="{detail_url(twin)}"' in page

    def test_link_to_an_invisible_case_answers_404(self, client, people, election, report,
                                                    org_factory):
        kab = people.outsider.organisation
        hidden = open_report(people.outsider, kab, election)
        as_user(client, people.handler)
        response = client.post(reverse("cases:case_link", args=[report.pk]),
                               {"other": hidden.pk})
        assert response.status_code == 404
        assert not CaseLink.objects.exists()

    def test_timeline_and_history(self, client, people, report):
        services.transition_case(case=report, transition="start_check", actor=people.handler,
                                 note="Checking the flyer")
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        assert "Start formal and material check" in page
        assert "Received → Formal and material check" in page
        assert "Checking the flyer" in page
        assert people.handler.get_full_name() in page
        assert "Change history" in page

    def test_files_section_links_to_the_file_views(self, client, people, report):
        add_document(report, DocumentKind.CLARIFICATION_MINUTES)
        as_user(client, people.handler)
        page = html(client.get(detail_url(report)))
        doc = report.documents.get()
        assert reverse("cases:document_download", args=[doc.pk]) in page
        assert f'action="{reverse("cases:evidence_upload", args=[report.pk])}"' in page
        assert 'enctype="multipart/form-data"' in page
        assert f'action="{reverse("cases:document_generate", args=[report.pk])}"' in page
        assert 'name="format"' in page
        assert 'name="kind"' in page

    def test_reported_person_name_hidden_from_field_supervisor_of_another_place(
            self, client, people, report):
        # The Cipocok Jaya field supervisor sees the Kota Serang case only if it lies in
        # their district; this one belongs to the city office, so it is out of scope.
        as_user(client, people.field)
        assert client.get(detail_url(report)).status_code == 404
        assert PERSON_NAME not in html(client.get(reverse("cases:case_list")))
