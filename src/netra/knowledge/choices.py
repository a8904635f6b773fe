"""Choices of the knowledge app (stable English slugs, translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionScope(models.TextChoices):
    """Which election type a rule covers (jenis pemilihan)."""

    PEMILU = "pemilu", _("General election (Pemilu)")
    PILKADA = "pilkada", _("Regional head election (Pilkada)")
    BOTH = "both", _("Pemilu and Pilkada")


# The election types a person can ask about (a rule for "both" answers either).
ASKABLE_ELECTIONS = (ElectionScope.PEMILU, ElectionScope.PILKADA)


class Verdict(models.TextChoices):
    FORBIDDEN = "forbidden", _("Forbidden")
    ALLOWED = "allowed", _("Allowed")
    DEPENDS = "depends", _("It depends")


class SanctionKind(models.TextChoices):
    ETHICS = "ethics", _("Ethics sanction")
    DISCIPLINE = "discipline", _("Disciplinary sanction")
    CRIMINAL = "criminal", _("Criminal penalty")
    ADMINISTRATIVE = "administrative", _("Administrative sanction")


class DisciplineLevel(models.TextChoices):
    NONE = "", _("Not applicable")
    LIGHT = "light", _("Light")
    MODERATE = "moderate", _("Moderate")
    HEAVY = "heavy", _("Heavy")
