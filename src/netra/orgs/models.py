"""Organisations: supervisory offices and the bodies that receive their recommendations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.core.models import ScopedModel
from netra.core.refcache import InvalidatingQuerySet
from netra.core.scoping import ScopedQuerySet

from .choices import OrgKind


# Offices are read through a cached selector (orgs.selectors.nearest_office): bulk writes
# invalidate it too (netra.core.refcache).
class OrganisationQuerySet(InvalidatingQuerySet["Organisation"], ScopedQuerySet["Organisation"]):  # type: ignore[override]  # django-stubs types as_manager per queryset base
    def assigned_q(self, scope, action, roles=None):
        """Every member sees their own organisation, whatever its region or their role."""
        ids = scope.organisation_ids(action, roles)
        return models.Q(pk__in=ids) if ids else None


class Organisation(ScopedModel):  # type: ignore[django-manager-missing]  # cases scoped_by builds manager classes at runtime
    """An office or body (lembaga): Bawaslu at each level, Panwascam, PKD, BKN, BKPSDM, KPU ...

    ``region_code`` is its jurisdiction (empty = national). ``office_code`` is Bawaslu's own
    office code used in registration numbers (e.g. ``1.01``), which is not the Kemendagri code.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    office_code = models.CharField(
        _("office code"),
        max_length=20,
        blank=True,
        help_text=_("Bawaslu's own office code used in registration numbers, e.g. 1.01."),
    )
    registration_label = models.CharField(
        _("registration label"),
        max_length=40,
        blank=True,
        help_text=_("Level part of registration numbers, e.g. Kota or Kec-CipocokJaya."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Signatory of the letters this office sends (recommendation letters, issue #15.2).
    head_name = models.CharField(_("head of office"), max_length=150, blank=True,
                                 help_text=_("Name of the person who signs the office's letters."))
    head_title = models.CharField(_("head's title"), max_length=150, blank=True,
                                  help_text=_("E.g. Ketua Bawaslu Kota Serang."))
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(
        _("active until"),
        null=True,
        blank=True,
        help_text=_("Last day the body existed, e.g. 2024-08-24 for KASN."),
    )

    objects = OrganisationQuerySet.as_manager()  # type: ignore[misc,assignment]  # django-stubs#1713: a subclass manager is not a ClassVar

    class Meta:
        ordering = ["region_code", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region_code", "name"], name="orgs_unique_kind_region_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
