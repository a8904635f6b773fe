"""Actions of the questionnaires app; the roles that hold them are in
``netra.accounts.roles.ROLE_TABLE``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionnaireAction(models.TextChoices):
    VIEW = "questionnaires.view", _("View questionnaires and their results")
    CHANGE = "questionnaires.change", _("Build questionnaires and import responses")
