from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "netra.elections"
    label = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions

        from . import (
            access,  # noqa: F401  (scoped endpoints for the access matrix)
            selectors,  # noqa: F401  (connects its reference-cache invalidation)
        )
        from .models import Election, ElectionStage
        from .permissions import ElectionAction

        register_actions(ElectionAction)
        register(Election)
        register(ElectionStage)
        register_nav(label=_("Elections"), url_name="elections:election_list", order=70,
                     visible=may_use(ElectionAction.VIEW))
