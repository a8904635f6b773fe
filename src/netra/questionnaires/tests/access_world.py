"""Questionnaires in the access matrix's world (``netra.core.tests.access_world``): one
questionnaire per position, owned by the supervisory office there (Bawaslu RI for ``assigned``,
which no assignment rule opens: only geography counts)."""

from netra.questionnaires.choices import QuestionKind
from netra.questionnaires.models import Question, Questionnaire, QuestionnaireVersion


def place(world) -> None:
    from netra.core.tests.access_world import Placed

    for position, office in world.offices.items():
        marker = f"MXM-questionnaire-{position}"
        questionnaire = Questionnaire.objects.create(
            title=marker, description=f"MXM private {position}", office=office,
            region_code=office.region_code,
        )
        version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
        for order in (1, 2):
            Question.objects.create(version=version, key=f"q{order}", order=order,
                                    kind=QuestionKind.YES_NO, text_id=f"MXM q{order}")
        world.placed[("questionnaire", position)] = Placed(
            Questionnaire, questionnaire.pk, office.region_code, marker,
            secret=f"MXM private {position}",
        )
