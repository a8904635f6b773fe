from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "netra.prevention"
    label = "prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.charts import register_dashboard_chart
        from netra.core.demo import register_demo_loader
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions

        from . import access, demo, letters, models  # noqa: F401 (access registers)
        from .dashboard import home_chart
        from .permissions import PreventionAction

        register_actions(PreventionAction)
        for model in (models.BudgetLine, models.Activity, models.Attendee, models.ActivityFile,
                      models.RecipientList, models.Recipient, models.LetterRun, models.Letter,
                      models.BannerPlacement, models.Declaration, models.Agreement,
                      models.FollowUp, models.Cadre, models.CadreEntry):
            register(model)
        letters.register_document_kinds()
        register_nav(label=_("Prevention"), url_name="prevention:home", order=60,
                     visible=may_use(PreventionAction.VIEW))
        register_dashboard_chart("prevention-activities", home_chart, order=60)
        register_demo_loader("prevention", demo.load, order=60)
        try:
            from . import importers
        except ImportError:  # netra.imports not installed yet
            return
        importers.register()
