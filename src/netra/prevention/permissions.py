"""Actions of the prevention app; the roles that hold them are in
``netra.accounts.roles.ROLE_TABLE``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PreventionAction(models.TextChoices):
    VIEW = "prevention.view", _("View prevention work")
    CHANGE = "prevention.change", _("Manage prevention work")
