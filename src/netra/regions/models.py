"""Kemendagri administrative regions: province, regency/city, district, village."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.core.refcache import InvalidatingManager


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")  # provinsi
    REGENCY = 2, _("Regency/city")  # kabupaten/kota
    DISTRICT = 3, _("District")  # kecamatan
    VILLAGE = 4, _("Village")  # kelurahan/desa


class Kind(models.TextChoices):
    PROVINCE = "provinsi", _("Province")
    REGENCY = "kabupaten", _("Regency")
    CITY = "kota", _("City")
    DISTRICT = "kecamatan", _("District")
    URBAN_VILLAGE = "kelurahan", _("Urban village")
    VILLAGE = "desa", pgettext_lazy("region kind", "Village")


class Region(models.Model):
    """A Kemendagri region (wilayah). ``code`` is the official dotted code, e.g. ``36.73.01.1001``;
    a subtree is a code prefix, served by the primary key's pattern index on PostgreSQL."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent_code = models.CharField(_("parent code"), max_length=13, blank=True, db_index=True)
    path = models.CharField(_("full name"), max_length=255)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)

    # Read through a cached selector (regions.selectors.region_get): the import's bulk upserts
    # invalidate it too (netra.core.refcache).
    objects: ClassVar[InvalidatingManager["Region"]] = InvalidatingManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class RegionImport(models.Model):
    """What the last complete import of the region tree loaded: its scope (all of Indonesia, or
    one province), the version of the source data and how many regions it wrote. A later import
    from the same data version skips the work (``netra import_regions``; ``--force`` re-imports).
    """

    scope = models.CharField(_("scope"), max_length=2, unique=True, blank=True,
                             help_text=_("Province code, or empty for the whole country."))
    data_version = models.CharField(_("data version"), max_length=80)
    total = models.PositiveIntegerField(_("regions imported"))
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("region import")
        verbose_name_plural = _("region imports")

    def __str__(self) -> str:
        return f"{self.scope or '*'} {self.data_version[:12]} ({self.total})"
