"""Questionnaires' scoped endpoints, for the access matrix (``netra.core.access``).

Imported from ``QuestionnairesConfig.ready``; ``tests/access_world.place`` places one
questionnaire per position for the matrix's world."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import QuestionnaireAction

VIEW = QuestionnaireAction.VIEW
CHANGE = QuestionnaireAction.CHANGE


def _pk(questionnaire) -> dict:
    return {"pk": questionnaire.pk}


def _first_question(questionnaire) -> dict:
    question = questionnaire.current_version.questions.order_by("order").first()
    return {"question_pk": question.pk, "direction": "down"}


register_target("questionnaire", view_action=VIEW)

register_endpoint("questionnaires:questionnaire_list", kind="list", action=VIEW,
                  target="questionnaire")
register_endpoint("questionnaires:questionnaire_detail", kind="detail", action=VIEW,
                  target="questionnaire", kwargs=_pk)
register_endpoint("questionnaires:results", kind="detail", action=VIEW, target="questionnaire",
                  kwargs=_pk)
register_endpoint("questionnaires:results", kind="detail", action=VIEW, target="questionnaire",
                  kwargs=_pk, query={"format": "xlsx"}, label="xlsx")
register_endpoint("questionnaires:import", kind="detail", action=CHANGE, target="questionnaire",
                  kwargs=_pk)
register_endpoint(
    "questionnaires:question_add", kind="change", action=CHANGE, target="questionnaire",
    kwargs=_pk, method="POST", data=lambda q: {"kind": "text", "text_id": "MXM added"},
    effect=lambda q: q.current_version.questions.filter(text_id="MXM added").exists(),
)
register_endpoint("questionnaires:question_move", kind="change", action=CHANGE,
                  target="questionnaire", kwargs=_first_question, method="POST")
register_endpoint(
    "questionnaires:version_create", kind="change", action=CHANGE, target="questionnaire",
    kwargs=_pk, method="POST", effect=lambda q: q.versions.count() > 1,
)
register_endpoint(
    "questionnaires:status_change", kind="change", action=CHANGE, target="questionnaire",
    kwargs=_pk, method="POST", data=lambda q: {"status": "archived"},
    effect=lambda q: q.status == "archived",
)
register_endpoint(
    "questionnaires:wave_create", kind="change", action=CHANGE, target="questionnaire",
    kwargs=_pk, method="POST", data=lambda q: {"phase": "pre"},
    effect=lambda q: q.waves.exists(),
)
register_endpoint(
    "questionnaires:codes_issue", kind="change", action=CHANGE, target="questionnaire",
    kwargs=_pk, method="POST", data=lambda q: {"count": 1}, ok=(200,),
    effect=lambda q: q.respondents.exists(),
)
register_unscoped("questionnaires:questionnaire_create",
                  "a form; the office is checked by the service")
register_unscoped("questionnaires:respond", "public form: a wave's random token is its key")
register_unscoped("questionnaires:respond_thanks", "public thank-you page of a wave's form")
