"""Actions of the organisations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgAction(models.TextChoices):
    VIEW = "orgs.view", _("View organisations")
    ADMINISTER = "orgs.administer", _("Create and edit organisations")
    EXPORT = "orgs.export", _("Export organisations")
