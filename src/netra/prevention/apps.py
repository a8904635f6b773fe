from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "netra.prevention"
    label = "prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        from netra.core.permissions import register_actions

        from .permissions import PreventionAction

        register_actions(PreventionAction)
