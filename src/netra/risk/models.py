"""Vulnerability index (indeks kerawanan), boundaries for maps and programme evaluation.

Every row is jurisdiction-bound through ``region_code``: a method belongs to the office that owns
it (empty = national), a value or a score to the region it describes, a boundary to its region,
an evaluation to the office evaluated. Child rows are scoped through their parent.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel, ScopedModel
from netra.core.scoping import ChildScopedManager, ChildScopedQuerySet

from .choices import (
    ActionStatus,
    Category,
    Direction,
    MissingTreatment,
    Normalisation,
    RegionLevel,
    SourceKind,
)


class IndexMethod(ScopedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A versioned way of computing the index (metode indeks kerawanan).

    ``region_code`` is the owning office's jurisdiction. Once a score has been computed with a
    version (``frozen_at``), its indicators, weights and thresholds can no longer change: a new
    version is made instead, so that past scores stay reproducible.
    """

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.PositiveSmallIntegerField(
        _("region level"), choices=RegionLevel.choices, default=RegionLevel.DISTRICT
    )
    low_below = models.FloatField(
        _("low below"), default=40.0, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A score below this is low."),
    )
    high_from = models.FloatField(
        _("high from"), default=60.0, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A score from this value up is high."),
    )
    missing_treatment = models.CharField(
        _("missing data"), max_length=16, choices=MissingTreatment.choices,
        default=MissingTreatment.RENORMALISE,
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("index method")
        verbose_name_plural = _("index methods")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="risk_method_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Indicator(AuditedModel):
    """One indicator of a method: where its value comes from, how it is normalised and weighed."""

    method = models.ForeignKey(IndexMethod, on_delete=models.CASCADE, related_name="indicators",
                               verbose_name=_("method"))
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices,
                                   default=SourceKind.IMPORTED)
    source_key = models.CharField(
        _("computed source"), max_length=80, blank=True,
        help_text=_("For a computed indicator: the Netra figure it uses."),
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices,
                                 default=Direction.HIGHER_RISKIER)
    normalisation = models.CharField(_("normalisation"), max_length=16,
                                     choices=Normalisation.choices,
                                     default=Normalisation.MIN_MAX)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects: ClassVar[ChildScopedManager[Indicator]] = ChildScopedQuerySet.scoped_by(
        "method")

    class Meta:
        ordering = ["method", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["method", "key"], name="risk_indicator_key"),
        ]

    def __str__(self) -> str:
        return self.label


class IndicatorValue(ScopedModel):
    """The raw value of an indicator for one region (``region_code``) and election; imported
    values keep the import job they came from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("election"))
    value = models.FloatField(_("value"))
    import_job_id = models.PositiveBigIntegerField(_("import job"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "election", "region_code"],
                                    name="risk_value_unique"),
        ]


class IndexScore(ScopedModel):
    """The index of one region (``region_code``) for an election under a method version.

    ``contributions`` explains it with four lists aligned with the method's indicators (in their
    order, frozen with the method): ``raw``, ``normalised`` (0–1), ``effective_weight`` (% after
    the missing-data treatment) and ``points``; ``None`` where the region has no value.
    """

    method = models.ForeignKey(IndexMethod, on_delete=models.PROTECT, related_name="scores",
                               verbose_name=_("method"))
    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE,
                                 related_name="+", verbose_name=_("election"))
    level = models.PositiveSmallIntegerField(_("region level"), choices=RegionLevel.choices)
    region_name = models.CharField(_("region"), max_length=100)
    score = models.FloatField(_("score"))
    rank = models.PositiveIntegerField(_("rank"))
    category = models.CharField(_("category"), max_length=8, choices=Category.choices)
    contributions = models.JSONField(_("contributions"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("index score")
        verbose_name_plural = _("index scores")
        constraints = [
            models.UniqueConstraint(fields=["method", "election", "region_code"],
                                    name="risk_score_unique"),
        ]
        indexes = [models.Index(fields=["method", "election", "level", "rank"],
                                name="risk_score_rank")]


class Boundary(ScopedModel):
    """An administrative boundary (batas wilayah) for a region, imported from GeoJSON and stored
    simplified as a GeoJSON geometry."""

    level = models.PositiveSmallIntegerField(_("region level"), choices=RegionLevel.choices)
    name = models.CharField(_("name"), max_length=100)
    geometry = models.JSONField(_("geometry"))
    repaired = models.BooleanField(_("repaired on import"), default=False)
    source_name = models.CharField(_("source file"), max_length=200, blank=True)

    class Meta:
        ordering = ["region_code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [
            models.UniqueConstraint(fields=["region_code"], name="risk_boundary_region"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.region_code})"


class EvaluationDimension(AuditedModel):
    """A dimension of programme evaluation (Leo Agustino): human resources, institutions …
    Reference data, shipped as a data migration."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("evaluation dimension")
        verbose_name_plural = _("evaluation dimensions")

    def __str__(self) -> str:
        return self.name


class EvaluationIndicator(AuditedModel):
    """An indicator of a dimension (competence, policy harmony, budget realization …);
    ``prefill_key`` names the Netra figure that pre-fills its evidence, if any."""

    dimension = models.ForeignKey(EvaluationDimension, on_delete=models.CASCADE,
                                  related_name="indicators", verbose_name=_("dimension"))
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    prefill_key = models.CharField(_("pre-filled from"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dimension__position", "position"]
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")

    def __str__(self) -> str:
        return self.name


class Evaluation(ScopedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A programme evaluation (evaluasi program) of one office for one election; ``region_code``
    is the office's jurisdiction."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("office"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("election"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("programme evaluation")
        verbose_name_plural = _("programme evaluations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "election"],
                                    name="risk_evaluation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.election}"


class EvaluationScore(AuditedModel):
    """The score (1–5) of one indicator in an evaluation, with its evidence and notes."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("evaluation"))
    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("indicator"))
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evidence = models.TextField(_("evidence"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects: ClassVar[ChildScopedManager[EvaluationScore]] = ChildScopedQuerySet.scoped_by(
        "evaluation")

    class Meta:
        ordering = ["indicator__dimension__position", "indicator__position"]
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"],
                                    name="risk_evaluation_score_unique"),
        ]


class EvaluationAction(AuditedModel):
    """A recommendation of an evaluation tracked as an action (tindak lanjut) with an owner
    (a position, not a name) and a due date."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="actions",
                                   verbose_name=_("evaluation"))
    description = models.TextField(_("recommendation"))
    owner = models.CharField(_("owner (position)"), max_length=200)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)

    objects: ClassVar[ChildScopedManager[EvaluationAction]] = ChildScopedQuerySet.scoped_by(
        "evaluation")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("evaluation action")
        verbose_name_plural = _("evaluation actions")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ComprehensiveReport(ScopedModel):
    """A comprehensive supervision report (Laporan Komprehensif) of one office for one election,
    generated in the background as PDF and XLSX; each file is kept with its SHA-256 and the date
    of the data snapshot. ``region_code`` is the office's jurisdiction."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("office"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("election"))
    requested_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    pdf = models.FileField(_("PDF"), blank=True, max_length=255)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    xlsx = models.FileField(_("XLSX file"), blank=True, max_length=255)
    xlsx_sha256 = models.CharField(_("SHA-256 of the XLSX file"), max_length=64, blank=True)
    snapshot_at = models.DateTimeField(_("data snapshot"), null=True, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    public = models.BooleanField(
        _("public edition"), default=False,
        help_text=_("Reported persons by position and agency only, never by name."))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comprehensive report")
        verbose_name_plural = _("comprehensive reports")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.election}"
