"""Elections (Pemilu and Pilkada) and their stages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel, ScopedModel
from netra.core.refcache import InvalidatingQuerySet
from netra.core.scoping import ScopedQuerySet
from netra.elections.choices import ElectionKind, ElectionLevel  # noqa: F401  (re-exported)
from netra.elections.permissions import ElectionAction


# Open elections are read through a cached selector (elections.selectors): bulk writes
# invalidate it too (netra.core.refcache).
class ElectionQuerySet(InvalidatingQuerySet["Election"], ScopedQuerySet["Election"]):  # type: ignore[override]  # django-stubs types as_manager per queryset base
    def assigned_q(self, scope, action, roles=None):
        """Beyond one's subtree, a user sees (never changes) national elections and those of the
        regions containing their jurisdiction: a Kota Serang office works on the Banten Pilkada."""
        if action != ElectionAction.VIEW:
            return None
        ancestors: set[str] = {""}
        for grant in scope.grants:
            parts = grant.region_code.split(".") if grant.region_code else []
            ancestors.update(".".join(parts[:i]) for i in range(1, len(parts)))
        return models.Q(region_code__in=sorted(ancestors))


class Election(ScopedModel):
    """An election (pemilihan): Pemilu is national (empty region code), a Pilkada belongs to a
    province or regency/city. Every case belongs to one election; rules follow its kind."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=ElectionKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=ElectionLevel.choices)
    voting_day = models.DateField(_("voting day"))
    is_active = models.BooleanField(_("open for new cases"), default=True)

    objects = ElectionQuerySet.as_manager()  # type: ignore[misc,assignment]  # django-stubs#1713: a subclass manager is not a ClassVar

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["name", "region_code"], name="elections_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """Election code used in registration numbers (``PL`` for Pemilu)."""
        return "PL" if self.kind == ElectionKind.PEMILU else "PG"


class ElectionStage(AuditedModel):
    """A stage (tahapan) of an election with its dates, e.g. campaign period."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="stages", verbose_name=_("election")
    )
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("election stage")
        verbose_name_plural = _("election stages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="elections_stage_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name
