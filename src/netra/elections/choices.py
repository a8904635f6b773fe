"""Election kinds and levels (stable slugs, translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ElectionKind(models.TextChoices):
    PEMILU = "pemilu", _("General election (Pemilu)")
    PILKADA = "pilkada", _("Regional head election (Pilkada)")


class ElectionLevel(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("election level", "National")
    PROVINCE = "province", pgettext_lazy("election level", "Province")
    REGENCY = "regency", pgettext_lazy("election level", "Regency/city")
