"""Choices of the risk app: stable English slugs, translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    """Levels the index is computed at (the Kemendagri code has one segment per level)."""

    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency/city")
    DISTRICT = 3, _("District")


# Length of a Kemendagri code at each level: 36 / 36.73 / 36.73.01.
CODE_LENGTH = {RegionLevel.PROVINCE: 2, RegionLevel.REGENCY: 5, RegionLevel.DISTRICT: 8}


def level_of(code: str) -> int:
    return len(code.split(".")) if code else 0


class SourceKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from Netra data")
    IMPORTED = "imported", _("Imported per region")


class Direction(models.TextChoices):
    HIGHER_RISKIER = "higher", _("Higher value, higher vulnerability")
    LOWER_RISKIER = "lower", _("Lower value, higher vulnerability")


class Normalisation(models.TextChoices):
    MIN_MAX = "minmax", _("Min–max (0 to 1)")
    Z_SCORE = "zscore", _("Z-score (normal curve)")
    RANK = "rank", _("Rank (percentile)")


class MissingTreatment(models.TextChoices):
    RENORMALISE = "renormalise", _("Left out; other weights renormalised")


class Category(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
