"""Building questionnaires, submitting responses and the paired results."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from netra.core.exceptions import OutOfScope
from netra.questionnaires import selectors, services
from netra.questionnaires.choices import QuestionKind
from netra.questionnaires.models import Question, Response

from .conftest import answers_for


def test_builder_adds_orders_and_versions_questions(officer, questionnaire, waves):
    pre, _post = waves
    q1, q2 = questionnaire.current_version.questions.order_by("order")
    assert (q1.key, q2.key) == ("q1", "q2")
    services.move_question(actor=officer, question=q2, direction="up")
    assert list(questionnaire.current_version.questions.values_list("key", flat=True)) == [
        "q2", "q1"]
    services.submit_response(wave=pre, code="mawar-1987", raw_answers=answers_for(pre, "1", "2"))
    # The version has a response: it is frozen.
    with translation.override("en"), pytest.raises(ValidationError, match="new version"):
        services.add_question(actor=officer, questionnaire=questionnaire,
                              kind=QuestionKind.TEXT, text_id="Saran?")
    version = services.create_version(actor=officer, questionnaire=questionnaire)
    assert version.number == 2
    assert sorted(version.questions.values_list("key", flat=True)) == ["q1", "q2"]
    added = services.add_question(actor=officer, questionnaire=questionnaire,
                                  kind=QuestionKind.TEXT, text_id="Saran?")
    assert added.key == "q3"


def test_choice_questions_need_two_options(officer, questionnaire):
    services.create_version(actor=officer, questionnaire=questionnaire)
    with pytest.raises(ValidationError):
        services.add_question(actor=officer, questionnaire=questionnaire,
                              kind=QuestionKind.SINGLE, text_id="Pilih",
                              choices=[services.ChoiceInput("Satu")])


def test_other_office_cannot_edit(member, questionnaire):
    outsider = member("prevention_staff", "36.04")
    with pytest.raises(OutOfScope):
        services.add_question(actor=outsider, questionnaire=questionnaire,
                              kind=QuestionKind.TEXT, text_id="?")
    viewer = member("analyst", "36.73")
    with pytest.raises(OutOfScope):
        services.create_wave(actor=viewer, questionnaire=questionnaire, phase="pre")


def test_duplicate_code_refused_and_not_counted(waves):
    pre, _post = waves
    services.submit_response(wave=pre, code="MAWAR-1987", raw_answers=answers_for(pre, "1", "4"))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.submit_response(wave=pre, code=" mawar-1987 ",
                                 raw_answers=answers_for(pre, "0", "1"))
    assert "already answered" in str(exc.value)
    assert Response.objects.filter(wave=pre).count() == 1


def test_same_submission_key_returns_the_first_response(waves):
    pre, _post = waves
    first = services.submit_response(wave=pre, code="MAWAR-1987", submission_key="k1",
                                     raw_answers=answers_for(pre, "1", "4"))
    again = services.submit_response(wave=pre, code="MAWAR-1987", submission_key="k1",
                                     raw_answers=answers_for(pre, "1", "4"))
    assert again.pk == first.pk
    assert Response.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "6", "-1", "sangat", "4.5x"])
def test_answers_outside_the_scale_are_refused(waves, value):
    pre, _post = waves
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.submit_response(wave=pre, code="ABC-123", raw_answers=answers_for(pre, "1", value))
    q2 = pre.version.questions.get(key="q2")
    assert "outside the scale" in " ".join(exc.value.message_dict[f"q_{q2.pk}"])
    assert not Response.objects.exists()


def test_names_are_not_codes(waves):
    pre, _post = waves
    with pytest.raises(ValidationError) as exc:
        services.submit_response(wave=pre, code="Budi Santoso",
                                 raw_answers=answers_for(pre, "1", "3"))
    assert "code" in exc.value.message_dict


def test_paired_results(waves):
    pre, post = waves
    # Four respondents: two change yes→no, one stays yes, one stays no; one extra unpaired
    # respondent before (counted in the marginal figures only).
    plan = [("AA-01", "1", "0", "2", "4"), ("AA-02", "1", "0", "1", "5"),
            ("AA-03", "1", "1", "3", "3"), ("AA-04", "0", "0", "2", "4")]
    for code, b, a, lb, la in plan:
        services.submit_response(wave=pre, code=code, raw_answers=answers_for(pre, b, lb))
        services.submit_response(wave=post, code=code, raw_answers=answers_for(post, a, la))
    services.submit_response(wave=pre, code="ZZ-99", raw_answers=answers_for(pre, "1", "1"))
    result = selectors.pair_results(pre=pre, post=post)
    assert (result.pre_count, result.post_count, result.paired_count) == (5, 4, 4)
    yes_no, likert = result.questions
    assert (yes_no.before.count, yes_no.before.total) == (4, 5)
    assert (yes_no.after.count, yes_no.after.total) == (1, 4)
    assert (yes_no.paired_binary.b, yes_no.paired_binary.c) == (2, 0)
    assert yes_no.paired_binary.p_value == pytest.approx(0.5)  # exact: 2 · (1/2)²
    assert likert.paired_scale.n == 4
    assert likert.paired_scale.w_plus == 6  # diffs +2 +4 0 +2 → ranks 1.5, 3, 1.5
    assert likert.before.count == 0
    assert likert.after.count == 3
    assert Question.objects.count() == 2
