from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "netra.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .navigation import register_nav
        from .permissions import CoreAction, register_actions

        register_actions(CoreAction)

        register_nav(label=_("Dashboard"), url_name="core:home", order=0)

        from .audit import register
        from .models import IdempotencyKey

        register(IdempotencyKey)
