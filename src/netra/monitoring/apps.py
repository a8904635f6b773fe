from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "netra.monitoring"
    label = "monitoring"
    verbose_name = _("Social-media monitoring")

    def ready(self) -> None:
        from netra.core.permissions import register_actions

        from .permissions import MonitoringAction

        register_actions(MonitoringAction)
