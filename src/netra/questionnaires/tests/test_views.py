"""Questionnaire pages through the HTTP client: builder, public form, results, downloads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from netra.questionnaires.models import Question, Questionnaire, Response

from .conftest import answers_for


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def staff_client(client, officer):
    client.force_login(english(officer))
    return client


def post_answers(client, wave, code, yes_no, likert, key=""):
    data = {"code": code, "submission_key": key}
    for pk, value in answers_for(wave, yes_no, likert).items():
        data[f"q_{pk}"] = value
    return client.post(reverse("questionnaires:respond", args=[wave.token]), data,
                       HTTP_ACCEPT_LANGUAGE="en")


def test_builder_creates_questionnaire_and_questions(staff_client, officer):
    response = staff_client.post(reverse("questionnaires:questionnaire_create"), {
        "title": "Sosialisasi netralitas", "office": officer.organisation.pk,
    })
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302
    url = reverse("questionnaires:question_add", args=[questionnaire.pk])
    response = staff_client.post(url, {"kind": "single", "text_id": "Pilih satu",
                                       "choices": "Satu | One\nDua | Two", "required": "on"},
                                 HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Pilih satu" in response.content.decode()
    question = Question.objects.get()
    assert list(question.choices.values_list("value", flat=True)) == ["satu", "dua"]
    # A choice question without options is refused with a message, nothing saved.
    response = staff_client.post(url, {"kind": "multiple", "text_id": "Pilih",
                                       "choices": "Satu"})
    assert response.status_code == 400
    assert "at least two options" in response.content.decode()
    assert Question.objects.count() == 1
    page = staff_client.get(questionnaire.get_absolute_url())
    assert page.status_code == 200


def test_other_office_gets_404(client, member, questionnaire):
    outsider = member("prevention_staff", "36.04")
    client.force_login(outsider)
    assert client.get(questionnaire.get_absolute_url()).status_code == 404
    assert client.get(reverse("questionnaires:results", args=[questionnaire.pk])).status_code \
        == 404
    q = questionnaire.current_version.questions.first()
    response = client.post(reverse("questionnaires:question_move", args=[q.pk, "delete"]))
    assert response.status_code == 404
    assert Question.objects.filter(pk=q.pk).exists()


def test_analyst_sees_but_cannot_change(client, member, questionnaire):
    analyst = member("analyst", "36.73")
    client.force_login(analyst)
    assert client.get(questionnaire.get_absolute_url()).status_code == 200
    response = client.post(reverse("questionnaires:question_add", args=[questionnaire.pk]),
                           {"kind": "text", "text_id": "?"})
    assert response.status_code == 404


def test_public_form_without_login(client, waves):
    pre, _post = waves
    page = client.get(reverse("questionnaires:respond", args=[pre.token]))
    assert page.status_code == 200
    assert "Apakah atasan" in page.content.decode()
    response = post_answers(client, pre, "mawar-1987", "1", "4", key="abc")
    assert response.status_code == 302
    assert Response.objects.get().respondent.code == "MAWAR-1987"


def test_public_form_in_english(client, waves):
    pre, _post = waves
    client.cookies["django_language"] = "en"
    page = client.get(reverse("questionnaires:respond", args=[pre.token]))
    assert "Does your superior influence" in page.content.decode()


def test_duplicate_code_refused_with_message(client, waves):
    pre, _post = waves
    post_answers(client, pre, "MAWAR-1987", "1", "4", key="k1")
    client.cookies["django_language"] = "en"
    response = post_answers(client, pre, "MAWAR-1987", "0", "2", key="k2")
    assert response.status_code == 400
    assert "already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_double_click_counts_once(client, waves):
    pre, _post = waves
    first = post_answers(client, pre, "MAWAR-1987", "1", "4", key="same")
    second = post_answers(client, pre, "MAWAR-1987", "1", "4", key="same")
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_out_of_scale_refused_in_indonesian(client, waves):
    pre, _post = waves
    client.cookies["django_language"] = "id"
    response = post_answers(client, pre, "MAWAR-1987", "1", "9")
    assert response.status_code == 400
    assert "di luar skala" in response.content.decode()
    assert not Response.objects.exists()


def test_closed_questionnaire_refuses(client, officer, waves):
    from netra.questionnaires import services

    pre, _post = waves
    services.set_questionnaire_status(actor=officer, questionnaire=pre.questionnaire,
                                      status="archived")
    response = post_answers(client, pre, "MAWAR-1987", "1", "4")
    assert response.status_code == 409
    assert not Response.objects.exists()


@pytest.fixture
def answered(client, waves):
    pre, post = waves
    for code, b, a in [("AA-01", "1", "0"), ("AA-02", "1", "0"), ("AA-03", "0", "0")]:
        post_answers(client, pre, code, b, "2")
        post_answers(client, post, code, a, "5")
    return pre, post


def test_results_page_chart_and_downloads(staff_client, questionnaire, answered):
    url = reverse("questionnaires:results", args=[questionnaire.pk])
    page = staff_client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "McNemar (exact)" in body
    assert "66.7%" in body  # 2 of 3 said yes before
    png = staff_client.get(url, {"chart": "before-after", "format": "png"})
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = staff_client.get(url, {"chart": "before-after", "format": "svg"})
    assert b"<svg" in svg.content
    xlsx = staff_client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Respondent code"
    assert {r[2] for r in rows[1:]} == {"AA-01", "AA-02", "AA-03"}
    assert len(rows) == 7


def test_pdf_summary(staff_client, questionnaire, answered):
    url = reverse("questionnaires:results", args=[questionnaire.pk])
    response = staff_client.get(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_wave_linked_to_a_prevention_activity(staff_client, officer, questionnaire):
    from datetime import date

    from netra.prevention.models import Activity

    activity = Activity.objects.create(
        office=officer.organisation, region_code=officer.organisation.region_code,
        activity_type="socialization", title="Sosialisasi netralitas ASN Maret",
        starts_on=date(2024, 3, 5), ends_on=date(2024, 3, 5), target_groups=["asn"],
    )
    response = staff_client.post(reverse("questionnaires:wave_create", args=[questionnaire.pk]),
                                 {"phase": "pre", "activity": activity.pk})
    assert response.status_code == 302
    wave = questionnaire.waves.get()
    assert wave.activity_id == activity.pk
    assert wave.activity_title == "Sosialisasi netralitas ASN Maret"
    page = staff_client.get(questionnaire.get_absolute_url())
    assert "Sosialisasi netralitas ASN Maret" in page.content.decode()


def test_list_is_404_without_the_view_action(client, member, questionnaire):
    client.force_login(member("recipient_officer", "36.73", kind="bkpsdm"))
    assert client.get(reverse("questionnaires:questionnaire_list")).status_code == 404


def test_reorder_through_http(staff_client, questionnaire):
    first = questionnaire.current_version.questions.get(key="q1")
    url = reverse("questionnaires:question_move", args=[first.pk, "down"])
    assert staff_client.post(url).status_code == 302
    assert list(questionnaire.current_version.questions.values_list("key", flat=True)) == [
        "q2", "q1"]
    bad = reverse("questionnaires:question_move", args=[first.pk, "sideways"])
    assert staff_client.post(bad).status_code == 404


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_public_form_rate_limit_answers_429_then_recovers(client, waves, settings, fresh_cache):
    import time_machine

    settings.NETRA_QUESTIONNAIRE_RESPONSES_PER_IP = (3, 600)
    pre, post = waves
    with time_machine.travel("2024-10-01 09:00:00+07:00", tick=False) as traveller:
        for n in range(3):
            assert post_answers(client, pre, f"KODE-{n}", "1", "4").status_code == 302
        # The address counts across the waves of the same questionnaire.
        blocked = client.post(reverse("questionnaires:respond", args=[post.token]),
                              {"code": "KODE-9", "q_1": "1"})
        assert blocked.status_code == 429
        assert "Terlalu banyak jawaban dikirim dari koneksi Anda" in blocked.content.decode()
        assert Response.objects.count() == 3
        traveller.shift(601)
        assert post_answers(client, pre, "KODE-9", "1", "4").status_code == 302
    assert Response.objects.count() == 4


def test_public_form_session_limit(client, waves, settings, fresh_cache):
    settings.NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION = (2, 3600)
    pre, _post = waves
    assert post_answers(client, pre, "KODE-1", "1", "4").status_code == 302
    assert post_answers(client, pre, "KODE-2", "1", "4").status_code == 302
    assert post_answers(client, pre, "KODE-3", "1", "4").status_code == 429
    client.cookies.clear()  # another phone behind the same venue Wi-Fi
    assert post_answers(client, pre, "KODE-3", "1", "4").status_code == 302
    assert Response.objects.count() == 3


def test_public_form_honeypot_stores_nothing(client, waves, fresh_cache):
    pre, _post = waves
    data = {"code": "MAWAR-1987", "website": "http://spam.example"}
    for pk, value in answers_for(pre, "1", "4").items():
        data[f"q_{pk}"] = value
    response = client.post(reverse("questionnaires:respond", args=[pre.token]), data)
    assert response.status_code == 400
    assert not Response.objects.exists()
    page = client.get(reverse("questionnaires:respond", args=[pre.token])).content.decode()
    assert 'class="hp" aria-hidden="true"' in page
