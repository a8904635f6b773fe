"""Actions of the accounts app (staff accounts and memberships)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountAction(models.TextChoices):
    VIEW = "accounts.view", _("View staff memberships")
    ADMINISTER = "accounts.administer", _("Manage staff and their roles")
    EXPORT = "accounts.export", _("Export the staff list")
