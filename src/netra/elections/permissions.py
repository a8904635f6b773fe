"""Actions of the elections app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionAction(models.TextChoices):
    VIEW = "elections.view", _("View elections")
    ADMINISTER = "elections.administer", _("Create and edit elections")
