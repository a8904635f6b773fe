from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "netra.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from netra.core.permissions import register_actions

        from .permissions import PortalAction

        register_actions(PortalAction)
