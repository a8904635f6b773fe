"""Actions of the risk app; the roles that hold them are in ``netra.accounts.roles.ROLE_TABLE``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskAction(models.TextChoices):
    VIEW = "risk.view", _("View the vulnerability index and evaluations")
    CHANGE = "risk.change", _("Manage indicators, boundaries and programme evaluations")
    REPORT = "risk.report", _("Generate the comprehensive supervision report")
