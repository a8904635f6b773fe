"""Actions of the portal app; the roles that hold them are in
``netra.accounts.roles.ROLE_TABLE``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalAction(models.TextChoices):
    RESPOND = "portal.respond", _("Answer reporters through the public portal")
