"""Actions of the knowledge app; the roles that hold them are in
``netra.accounts.roles.ROLE_TABLE``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgeAction(models.TextChoices):
    ADMINISTER = "knowledge.administer", _("Edit the regulation catalogue")
