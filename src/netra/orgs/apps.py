from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "netra.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions
        from netra.core.slots import register_slot

        from . import (
            access,  # noqa: F401  (scoped endpoints for the access matrix)
            selectors,  # noqa: F401  (connects its reference-cache invalidation)
            widgets,
        )
        from .models import Organisation
        from .permissions import OrgAction

        register_actions(OrgAction)
        register_slot("core.home", key="orgs.organisations", order=90,
                      template="orgs/_home_organisations.html",
                      context=widgets.home_organisations)
        register(Organisation)
        register_nav(label=_("Organisations"), url_name="orgs:organisation_list", order=80,
                     visible=may_use(OrgAction.VIEW))
