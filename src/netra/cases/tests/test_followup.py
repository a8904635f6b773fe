"""The recipient body's inbox and recommendation page, through the HTTP client."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netra.accounts.roles import Role
from netra.cases import services
from netra.cases.choices import RecommendationStatus
from netra.cases.models import Case, Recommendation, Sanction
from netra.cases.tests.factories import (
    advance,
    build_world,
    classify,
    open_finding,
    open_report,
    pns,
)
from netra.cases.workflow import Status
from netra.rules.choices import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(regions, settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path
    w = build_world()
    django_user_model.objects.update(language="en")  # assertions below use the English texts
    return w


@pytest.fixture
def to_bkn(world):
    """A report (with a reporter and a witness) forwarded with a recommendation to BKN."""
    case = open_report(world, reporter_name="Siti Pelapor Rahasia",
                       persons=[pns(name="Ahmad Sulaiman"),
                                pns("199001152015032001", name="Dewi Anggraini",
                                    position="Guru PNS", agency="SMPN 24 Kota Serang")])
    services.add_witness(case=case, actor=world.handler, name="Bambang Saksi Tersembunyi",
                         contact="081299990000")
    case = advance(case, world, Status.FORWARDED)
    return case.recommendations.get()


@pytest.fixture
def to_gakkumdu(world):
    case = open_finding(world, title="ASN in a campaign team")
    case = advance(case, world, Status.LEGAL_STUDY)
    classify(case, world.handler, category=Category.CRIME,
             codes=("pemilu-campaign-team-member",))
    case = advance(case, world, Status.FORWARDED)
    return case.recommendations.get()


def url(rec) -> str:
    return reverse("cases:recommendation_detail", args=[rec.pk])


def post(client, rec, action, **fields):
    return client.post(url(rec), {"action": action, **fields})


def sanction_fields(person, *, kind="moderate", number="800/123/BKPSDM/2026", on=None):
    on = on or timezone.localdate()
    prefix = f"person{person.pk}"
    return {f"{prefix}-sanction_type": kind, f"{prefix}-decree_number": number,
            f"{prefix}-decree_date": on.isoformat(),
            f"{prefix}-decided_by": "Wali Kota Serang (PPK)"}


# --- Inbox scoping ----------------------------------------------------------------------------


def test_bkn_officer_sees_only_recommendations_to_bkn(client, world, to_bkn, to_gakkumdu):
    client.force_login(world.bkn_officer)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    listed = list(response.context["recommendations"])
    assert listed == [to_bkn]
    html = response.content.decode()
    assert to_bkn.case.number in html
    assert to_gakkumdu.case.number not in html
    assert "Bawaslu Kota Serang" in html  # the sending office


def test_bkpsdm_officer_does_not_see_bkn_recommendations(client, world, member, to_bkn):
    officer = member(Role.RECIPIENT_OFFICER, org=world.bkpsdm)
    client.force_login(officer)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert list(response.context["recommendations"]) == []
    assert to_bkn.case.number not in response.content.decode()
    assert client.get(url(to_bkn)).status_code == 404
    assert post(client, to_bkn, "acknowledge").status_code == 404
    to_bkn.refresh_from_db()
    assert to_bkn.status == RecommendationStatus.SENT


def test_supervisors_have_no_inbox_items_and_get_404(client, world, to_bkn):
    client.force_login(world.handler)
    assert list(client.get(reverse("cases:inbox")).context["recommendations"]) == []
    assert client.get(url(to_bkn)).status_code == 404


def test_missing_recommendation_answers_404(client, world):
    client.force_login(world.bkn_officer)
    assert client.get(reverse("cases:recommendation_detail", args=[999_999])).status_code == 404


def test_inbox_flags_overdue_and_shows_reminders(client, world, to_bkn):
    Recommendation.objects.filter(pk=to_bkn.pk).update(
        due_on=timezone.localdate() - timedelta(days=3), escalations=2)
    client.force_login(world.bkn_officer)
    response = client.get(reverse("cases:inbox"))
    html = response.content.decode()
    assert "Overdue, no answer" in html
    row = response.context["recommendations"][0]
    assert row.late is True
    assert row.escalations == 2
    assert list(client.get(reverse("cases:inbox"), {"state": "overdue"})
                .context["recommendations"]) == [to_bkn]
    assert list(client.get(reverse("cases:inbox"), {"state": "answered"})
                .context["recommendations"]) == []


def test_inbox_query_count_is_capped(client, world, to_bkn, django_assert_max_num_queries):
    client.force_login(world.bkn_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:inbox")).status_code == 200


# --- The recommendation page ------------------------------------------------------------------


def test_page_shows_what_the_recipient_needs_but_never_the_reporter(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    response = client.get(url(to_bkn))
    assert response.status_code == 200
    html = response.content.decode()
    case = to_bkn.case
    for text in (case.registration_number, case.title, case.description, "Camat Cipocok Jaya",
                 "Pemerintah Kota Serang", "198503102010011003", "Ahmad Sulaiman",
                 "Dewi Anggraini", "199001152015032001", "PP 94/2021"):
        assert text in html, text
    for secret in ("Siti Pelapor Rahasia", "081234567890", "Bambang Saksi Tersembunyi",
                   "081299990000"):
        assert secret not in html, secret


def test_acknowledge_through_http(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    response = post(client, to_bkn, "acknowledge")
    assert response.status_code == 302
    to_bkn.refresh_from_db()
    assert to_bkn.status == RecommendationStatus.ACKNOWLEDGED
    assert to_bkn.acknowledged_at is not None
    assert Case.objects.get(pk=to_bkn.case_id).status == Status.AWAITING_FOLLOW_UP
    assert "Receipt acknowledged." in client.get(url(to_bkn)).content.decode()


def test_record_sanction_through_http(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    first, second = to_bkn.case.reported_persons.order_by("pk")
    on = timezone.localdate() - timedelta(days=2)
    response = post(client, to_bkn, "sanction", **sanction_fields(first, on=on),
                    **{"sanction-answer": "Imposed by the mayor."})
    assert response.status_code == 302, response.content.decode()[:2000]
    to_bkn.refresh_from_db()
    assert to_bkn.status == RecommendationStatus.SANCTIONED
    assert to_bkn.answer == "Imposed by the mayor."
    sanction = Sanction.objects.get()
    assert (sanction.reported_person, sanction.sanction_type, sanction.decree_number,
            sanction.decree_date, sanction.recorded_by) == (
        first, "moderate", "800/123/BKPSDM/2026", on, world.bkn_officer)
    assert Case.objects.get(pk=to_bkn.case_id).status == Status.SANCTION_IMPOSED
    html = client.get(url(to_bkn)).content.decode()
    assert "800/123/BKPSDM/2026" in html
    assert 'name="action" value="sanction"' not in html  # answered: no more forms
    assert second.sanctions.count() == 0


def test_record_refusal_through_http(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    response = post(client, to_bkn, "refusal", **{"refusal-answer": "Not proven."})
    assert response.status_code == 302
    to_bkn.refresh_from_db()
    assert (to_bkn.status, to_bkn.answer) == (RecommendationStatus.REFUSED, "Not proven.")
    assert Case.objects.get(pk=to_bkn.case_id).status == Status.RECOMMENDATION_REJECTED


def test_refusal_without_reason_is_refused_next_to_the_field(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    response = post(client, to_bkn, "refusal", **{"refusal-answer": "  "})
    assert response.status_code == 400
    form = response.context["refusal_form"]
    assert form.errors["answer"] == ["Give the reason for refusing."]
    assert 'id="id_refusal-answer_error"' in response.content.decode()
    to_bkn.refresh_from_db()
    assert to_bkn.status == RecommendationStatus.SENT


def test_sanction_without_decree_number_is_refused(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    person = to_bkn.case.reported_persons.order_by("pk").first()
    response = post(client, to_bkn, "sanction", **sanction_fields(person, number=""))
    assert response.status_code == 400
    form = dict((p.pk, f) for p, f in response.context["sanction_forms"])[person.pk]
    assert form.errors["decree_number"] == ["The decree number is required."]
    assert f'id="id_person{person.pk}-decree_number_error"' in response.content.decode()
    assert not Sanction.objects.exists()
    to_bkn.refresh_from_db()
    assert to_bkn.status == RecommendationStatus.SENT


def test_sanction_with_future_decree_date_is_refused(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    person = to_bkn.case.reported_persons.order_by("pk").first()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post(client, to_bkn, "sanction", **sanction_fields(person, on=tomorrow))
    assert response.status_code == 400
    form = dict((p.pk, f) for p, f in response.context["sanction_forms"])[person.pk]
    assert form.errors["decree_date"] == ["The decree date cannot be in the future."]
    assert not Sanction.objects.exists()


def test_sanction_needs_at_least_one_person(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    response = post(client, to_bkn, "sanction")
    assert response.status_code == 400
    assert "Record at least one sanction." in response.content.decode()


def test_sanction_needs_a_type_when_a_decree_is_given(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    person = to_bkn.case.reported_persons.order_by("pk").first()
    response = post(client, to_bkn, "sanction", **sanction_fields(person, kind=""))
    assert response.status_code == 400
    form = dict((p.pk, f) for p, f in response.context["sanction_forms"])[person.pk]
    assert form.errors["sanction_type"] == ["Choose the sanction type."]


def test_already_answered_recommendation_gets_a_message(client, world, to_bkn):
    client.force_login(world.bkn_officer)
    person = to_bkn.case.reported_persons.order_by("pk").first()
    assert post(client, to_bkn, "sanction", **sanction_fields(person)).status_code == 302
    response = post(client, to_bkn, "refusal", **{"refusal-answer": "Changed our mind."})
    assert response.status_code == 409
    assert "This recommendation has already been answered." in response.content.decode()
    response = post(client, to_bkn, "sanction", **sanction_fields(person, number="800/2"))
    assert response.status_code == 409
    to_bkn.refresh_from_db()
    assert to_bkn.status == RecommendationStatus.SANCTIONED
    assert Sanction.objects.count() == 1


def test_recommendation_letter_is_listed_and_opens_for_the_recipient(client, world, to_bkn):
    from netra.cases.documents import generate_document

    # Only the letter sent with the recommendation, not another draft kept with the case.
    draft = generate_document(case=to_bkn.case, actor=world.handler,
                              kind="recommendation_letter", fmt="pdf")
    client.force_login(world.bkn_officer)
    html = client.get(url(to_bkn)).content.decode()
    link = reverse("cases:document_download", args=[to_bkn.letter_id])
    assert link in html
    assert client.get(link).status_code == 200
    draft_link = reverse("cases:document_download", args=[draft.pk])
    assert draft_link not in html
    assert client.get(draft_link).status_code == 404
