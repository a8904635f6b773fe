from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "netra.monitoring"
    label = "monitoring"
    verbose_name = _("Social-media monitoring")

    def ready(self) -> None:
        from netra.cases.events import CaseStepTaken
        from netra.core.audit import register
        from netra.core.demo import register_demo_loader
        from netra.core.events import subscribe
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions
        from netra.imports.registry import register_importer

        from . import access, demo, importers, models, services  # noqa: F401 (access registers)
        from .permissions import MonitoringAction

        register_actions(MonitoringAction)
        for model in (
            models.MonitoredAccount,
            models.Post,
            models.Interaction,
            models.LexiconEntry,
            models.Hit,
            models.ClassifierModel,
            models.TrainingLabel,
        ):
            register(model)
        subscribe(CaseStepTaken, services.on_case_step)
        register_nav(label=_("Monitoring"), url_name="monitoring:hit_list", order=40,
                     visible=may_use(MonitoringAction.VIEW))
        register_demo_loader("monitoring", demo.load, order=70)
        for importer in importers.IMPORTERS:
            register_importer(importer)
