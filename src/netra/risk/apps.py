from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "netra.risk"
    label = "risk"
    verbose_name = _("Vulnerability and evaluation")

    def ready(self) -> None:
        from netra.core.permissions import register_actions

        from .permissions import RiskAction

        register_actions(RiskAction)
