"""Questionnaires in the access matrix's world (``netra.core.tests.access_world``): call
``place_questionnaires(world, orgs)`` from ``build_world`` with the office of each position
(``own``, ``child``, ``sibling``, ``parent``, and e.g. Bawaslu RI for ``assigned``, which no
assignment rule opens: only geography counts)."""

from netra.questionnaires.choices import QuestionKind
from netra.questionnaires.models import Question, Questionnaire, QuestionnaireVersion


def place_questionnaires(world, orgs: dict) -> None:
    from netra.core.tests.access_world import Placed

    for position, office in orgs.items():
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
