"""Import jobs (pekerjaan impor): one uploaded table being imported by a registered importer."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netra.core.models import ScopedModel
from netra.core.scoping import ScopedQuerySet


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    NEEDS_MAPPING = "needs_mapping", _("Columns to match")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    INTERRUPTED = "interrupted", _("Interrupted")


RESUMABLE = (ImportStatus.FAILED, ImportStatus.INTERRUPTED)
FINISHED = (ImportStatus.DONE,)


class ImportJob(ScopedModel):
    """An import job (pekerjaan impor): the stored file, its column mapping, progress and the
    per-row error report.

    ``checkpoint`` is the spreadsheet line number of the last row whose batch committed; it is
    written in the same transaction as that batch, so a resumed job starts after it and never
    imports a row twice. ``region_code`` is the jurisdiction of the target (or of the office)
    and scopes who besides the creator may see the job (``selectors.get_job``).
    """

    importer_key = models.CharField(_("import"), max_length=100, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.PENDING,
        db_index=True,
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    original_filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 hash"), max_length=64)
    file_format = models.CharField(_("file format"), max_length=8, blank=True)
    headers = models.JSONField(_("headers"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("total rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    checkpoint = models.PositiveIntegerField(
        _("checkpoint"), default=0, help_text=_("Line number of the last row committed.")
    )
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.CharField(_("target"), max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    office = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("office"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: a subclass manager is not a ClassVar

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["target_type", "target_id"], name="imports_job_target")]

    def __str__(self) -> str:
        return f"{self.importer_key} #{self.pk} ({self.original_filename})"

    def get_absolute_url(self) -> str:
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        """Still moving: the page keeps polling."""
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def is_resumable(self) -> bool:
        return self.status in RESUMABLE or (self.status == ImportStatus.RUNNING and self.is_stale)

    @property
    def is_stale(self) -> bool:
        """Running but silent for longer than ``NETRA_IMPORT_STALE_SECONDS``: its worker died."""
        from django.utils import timezone

        if self.status != ImportStatus.RUNNING or self.updated_at is None:
            return False
        limit = getattr(settings, "NETRA_IMPORT_STALE_SECONDS", 300)
        return (timezone.now() - self.updated_at).total_seconds() > limit

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))

    @property
    def errors_not_kept(self) -> int:
        """Row errors counted but not stored (beyond ``NETRA_IMPORT_MAX_ERRORS``)."""
        return max(0, self.error_count - len(self.errors or []))
