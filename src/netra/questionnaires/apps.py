from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _dashboard_chart(user):
    from .selectors import dashboard_chart

    return dashboard_chart(user)


def _home_chart(request):
    """The before/after chart on the home page (hidden when there is none to show)."""
    from .selectors import dashboard_chart

    chart = dashboard_chart(request.user)
    return {"questionnaire_chart": chart} if chart is not None else None


class QuestionnairesConfig(AppConfig):
    name = "netra.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.charts import register_dashboard_chart
        from netra.core.demo import register_demo_loader
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions
        from netra.core.slots import register_slot

        from . import access, models  # noqa: F401 (access registers)
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
        register_dashboard_chart("questionnaire-before-after", _dashboard_chart, order=60)
        register_slot("core.home", key="questionnaires.before_after", order=60,
                      template="questionnaires/_home_chart.html", context=_home_chart)
        register_nav(label=_("Questionnaires"), url_name="questionnaires:questionnaire_list",
                     order=55, visible=may_use(QuestionnaireAction.VIEW))
