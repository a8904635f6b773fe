"""Actions of the monitoring app; the roles that hold them are in
``netra.accounts.roles.ROLE_TABLE``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitoringAction(models.TextChoices):
    VIEW = "monitoring.view", _("View social-media monitoring")
    CHANGE = "monitoring.change", _("Manage monitored accounts, imports and the lexicon")
    TRIAGE = "monitoring.triage", _("Confirm or dismiss monitoring hits")
