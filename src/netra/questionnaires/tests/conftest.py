"""Shared fixtures: a prevention officer of Kota Serang and a small questionnaire."""

import pytest

from netra.questionnaires import services
from netra.questionnaires.choices import QuestionKind, QuestionnaireStatus, WavePhase


@pytest.fixture
def officer(member):
    return member("prevention_staff", "36.73")


@pytest.fixture
def questionnaire(officer):
    q = services.create_questionnaire(
        actor=officer, office=officer.organisation, title="Bimtek netralitas ASN"
    )
    services.add_question(actor=officer, questionnaire=q, kind=QuestionKind.YES_NO,
                          text_id="Apakah atasan memengaruhi pilihan politik Anda?",
                          text_en="Does your superior influence your political choice?")
    services.add_question(actor=officer, questionnaire=q, kind=QuestionKind.LIKERT5,
                          text_id="Saya memahami larangan bagi ASN.",
                          text_en="I understand the prohibitions for civil servants.")
    services.set_questionnaire_status(actor=officer, questionnaire=q,
                                      status=QuestionnaireStatus.ACTIVE)
    return q


@pytest.fixture
def waves(officer, questionnaire):
    pre = services.create_wave(actor=officer, questionnaire=questionnaire, phase=WavePhase.PRE)
    post = services.create_wave(actor=officer, questionnaire=questionnaire, phase=WavePhase.POST)
    return pre, post


def answers_for(wave, yes_no, likert):
    questions = {q.key: q.pk for q in wave.version.questions.all()}
    return {questions["q1"]: yes_no, questions["q2"]: likert}
