from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "netra.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from netra.core.audit import register
        from netra.core.navigation import register_nav

        from .models import ApiToken, Membership, User

        register(User, exclude_fields=["password", "last_login"])
        register(Membership)
        register(ApiToken, exclude_fields=["key_hash"])
        register_nav(label=_("Staff"), url_name="accounts:membership_list", order=85)
        register_nav(label=_("My account"), url_name="accounts:profile", order=99)
