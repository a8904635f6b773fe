from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "netra.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.demo import register_demo_loader
        from netra.core.navigation import register_nav
        from netra.core.permissions import register_actions

        from . import models
        from .demo import demo_loader
        from .documents import register_document_kinds
        from .importers import register as register_importer
        from .permissions import QuestionnaireAction

        register_actions(QuestionnaireAction)
        for model in (
            models.Questionnaire, models.QuestionnaireVersion, models.Question, models.Choice,
            models.Wave, models.Respondent, models.Response, models.Answer,
        ):
            register(model)
        register_document_kinds()
        register_demo_loader("questionnaires", demo_loader, order=80)
        register_importer()
        register_nav(label=_("Questionnaires"), url_name="questionnaires:questionnaire_list",
                     order=55)
