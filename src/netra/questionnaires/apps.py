from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "netra.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.permissions import register_actions

        from . import models
        from .permissions import QuestionnaireAction

        register_actions(QuestionnaireAction)
        for model in (
            models.Questionnaire, models.QuestionnaireVersion, models.Question, models.Choice,
            models.Wave, models.Respondent, models.Response, models.Answer,
        ):
            register(model)
