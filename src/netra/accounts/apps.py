from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "netra.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.demo import register_demo_loader
        from netra.core.navigation import may_use, register_nav
        from netra.core.permissions import register_actions
        from netra.core.scoping import register_grant_loader
        from netra.core.slots import register_header_provider, register_slot

        from . import (
            access,  # noqa: F401  (scoped endpoints for the access matrix)
            checks,  # noqa: F401  (registers the role-table checks)
            widgets,
        )
        from .demo import load_demo_organisations_and_users
        from .models import ApiToken, Membership, User
        from .permissions import AccountAction
        from .selectors import active_grants

        register_actions(AccountAction)
        register_header_provider(widgets.header)
        register_slot("core.home", key="accounts.memberships", order=0,
                      template="accounts/_home_memberships.html",
                      context=widgets.home_memberships)
        register_slot("orgs.organisation_detail", key="accounts.staff", order=10,
                      template="accounts/_organisation_staff.html",
                      context=widgets.organisation_staff)
        register_demo_loader("accounts", load_demo_organisations_and_users, order=10)
        register_grant_loader(active_grants)
        register(User, exclude_fields=["password", "last_login"])
        register(Membership)
        register(ApiToken, exclude_fields=["key_hash"])
        from . import security

        security.connect()  # lockout unlock audit, two-factor devices in the audit trail
        register_nav(label=_("Staff"), url_name="accounts:membership_list", order=85,
                     visible=may_use(AccountAction.VIEW))
        register_nav(label=_("My account"), url_name="accounts:profile", order=99)
