"""Prevention (pencegahan) and participatory supervision records.

Every top-level record belongs to an organiser office and carries a ``region_code`` (the office's
jurisdiction, or the village where a banner stands / a cadre lives), so that
``visible_to(user, action)`` narrows it like every other record: Bawaslu Kota Serang never sees
Kabupaten Serang's work. Child rows (attendees, files, letters …) are scoped through their parent.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel, ScopedModel
from netra.core.scoping import ChildScopedManager, ChildScopedQuerySet

from .choices import (
    ActivityType,
    CadreEntryKind,
    DeclarationKind,
    Distribution,
    FileKind,
    FollowUpStatus,
    RecipientType,
    RunStatus,
)


class OfficeRecord(ScopedModel):
    """Base for a record run by one supervisory office, in one election (optional: prevention
    also happens between elections)."""

    office = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organiser office"),
    )
    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("election"),
    )

    class Meta:
        abstract = True


class StoredFileMixin(models.Model):
    """A file accepted by ``netra.files`` and kept in private storage."""

    file = models.FileField(_("file"), max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        abstract = True


# --- 6. Budget -------------------------------------------------------------------------------


class BudgetLine(OfficeRecord):
    """A budget line (mata anggaran): allocation (pagu) and realization (realisasi) in whole
    rupiah, per programme and sub-line, for one fiscal year."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    programme = models.CharField(_("programme"), max_length=200)
    sub_line = models.CharField(_("sub-line"), max_length=200, blank=True)
    allocation = models.BigIntegerField(_("allocation (Rp)"))
    realization = models.BigIntegerField(_("realization (Rp)"), default=0)

    class Meta:
        ordering = ["fiscal_year", "programme", "sub_line"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "fiscal_year", "programme", "sub_line"],
                name="prevention_budget_line_unique",
            ),
            models.CheckConstraint(
                condition=Q(allocation__gte=0) & Q(realization__gte=0),
                name="prevention_budget_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} / {self.sub_line}" if self.sub_line else self.programme

    @property
    def realization_percent(self) -> float | None:
        if not self.allocation:
            return None
        return round(self.realization * 100 / self.allocation, 1)


# --- 1. Activities ---------------------------------------------------------------------------


class Activity(OfficeRecord):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A prevention activity (kegiatan pencegahan): socialization, bimtek, coordination meeting
    (rakor), media campaign, kampung pengawasan …"""

    activity_type = models.CharField(_("type"), max_length=32, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    # Kemendagri codes of the places the activity covered (districts or villages).
    area_codes = models.JSONField(_("regions covered"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    participants_count = models.PositiveIntegerField(_("number of participants"), default=0)
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("budget line"),
    )
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("copied from"),
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["office", "starts_on"], name="prevention_activity_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="prevention_activity_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prevention:activity_detail", args=[self.pk])


class Attendee(AuditedModel):
    """One line of an activity's attendance list (daftar hadir)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects: ClassVar[ChildScopedManager["Attendee"]] = ChildScopedQuerySet.scoped_by("activity")

    class Meta:
        ordering = ["activity", "name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name", "agency"], name="prevention_attendee_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ActivityFile(StoredFileMixin, AuditedModel):
    """A document or photo of an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="files", verbose_name=_("activity")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)
    description = models.CharField(_("description"), max_length=255, blank=True)

    objects: ClassVar[ChildScopedManager["ActivityFile"]] = ChildScopedQuerySet.scoped_by(
        "activity"
    )

    class Meta:
        ordering = ["activity", "kind", "pk"]
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")

    def __str__(self) -> str:
        return self.file_name


# --- 2. Appeal letters -----------------------------------------------------------------------


class RecipientList(OfficeRecord):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A list of recipients of appeal letters (daftar penerima surat imbauan)."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("recipient list")
        verbose_name_plural = _("recipient lists")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prevention:recipient_list_detail", args=[self.pk])


class Recipient(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """An office, school, health facility, place of worship or village receiving letters."""

    recipient_list = models.ForeignKey(
        RecipientList, on_delete=models.CASCADE, related_name="recipients",
        verbose_name=_("recipient list"),
    )
    recipient_type = models.CharField(_("type"), max_length=16, choices=RecipientType.choices)
    name = models.CharField(_("name"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)

    objects: ClassVar[ChildScopedManager["Recipient"]] = ChildScopedQuerySet.scoped_by(
        "recipient_list"
    )

    class Meta:
        ordering = ["recipient_list", "recipient_type", "name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_list", "recipient_type", "name", "district"],
                name="prevention_recipient_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LetterRun(OfficeRecord):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """One run of appeal letters (surat imbauan): a subject and message sent to every recipient
    of a list, each letter personalised and generated in the background."""

    recipient_list = models.ForeignKey(
        RecipientList, on_delete=models.PROTECT, related_name="runs",
        verbose_name=_("recipient list"),
    )
    subject = models.CharField(_("subject"), max_length=255)
    message = models.TextField(_("message"))
    letter_date = models.DateField(_("letter date"))
    number_prefix = models.CharField(_("number prefix"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    total = models.PositiveIntegerField(_("letters to generate"), default=0)
    generated = models.PositiveIntegerField(_("letters generated"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-letter_date", "-pk"]
        verbose_name = _("appeal letter run")
        verbose_name_plural = _("appeal letter runs")

    def __str__(self) -> str:
        return self.subject

    @property
    def progress_percent(self) -> int:
        return int(self.generated * 100 / self.total) if self.total else 0


class Letter(AuditedModel):
    """One personalised appeal letter of a run, and its distribution."""

    run = models.ForeignKey(
        LetterRun, on_delete=models.CASCADE, related_name="letters", verbose_name=_("run")
    )
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="letters", verbose_name=_("recipient")
    )
    number = models.CharField(_("letter number"), max_length=100)
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("distribution"), max_length=16, choices=Distribution.choices,
        default=Distribution.GENERATED, db_index=True,
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)

    objects: ClassVar[ChildScopedManager["Letter"]] = ChildScopedQuerySet.scoped_by("run")

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = _("appeal letter")
        verbose_name_plural = _("appeal letters")
        constraints = [
            models.UniqueConstraint(fields=["run", "recipient"], name="prevention_letter_once")
        ]

    def __str__(self) -> str:
        return self.number


# --- 3. Banners ------------------------------------------------------------------------------


class BannerPlacement(OfficeRecord, StoredFileMixin):
    """A banner or other public information placed in a village (``region_code`` is the
    village's code), with a photo, position and dates."""

    title = models.CharField(_("banner"), max_length=200)
    position = models.CharField(_("position"), max_length=255, blank=True)
    placed_on = models.DateField(_("placed on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    class Meta:
        ordering = ["region_code", "-placed_on"]
        verbose_name = _("banner placement")
        verbose_name_plural = _("banner placements")

    def __str__(self) -> str:
        return self.title


# --- 4. Declarations and MoUs ----------------------------------------------------------------


class Declaration(OfficeRecord, StoredFileMixin):
    """A neutrality declaration or integrity pact (pakta integritas) signed by an official."""

    kind = models.CharField(_("kind"), max_length=32, choices=DeclarationKind.choices)
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_position = models.CharField(_("position"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=200)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["agency", "-signed_on"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.agency})"


class Agreement(OfficeRecord, StoredFileMixin):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A memorandum of understanding (MoU, nota kesepahaman) with a local government."""

    partner = models.CharField(_("partner"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("memorandum of understanding")
        verbose_name_plural = _("memoranda of understanding")

    def __str__(self) -> str:
        return self.title


class FollowUp(AuditedModel):
    """A follow-up action (tindak lanjut) of an MoU."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("MoU")
    )
    description = models.CharField(_("action"), max_length=255)
    owner = models.CharField(_("owner"), max_length=150)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices,
        default=FollowUpStatus.PLANNED,
    )

    objects: ClassVar[ChildScopedManager["FollowUp"]] = ChildScopedQuerySet.scoped_by("agreement")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.description


# --- 5. KPP cadres ---------------------------------------------------------------------------


class Cadre(OfficeRecord):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A participatory-supervision cadre (Kader Pengawas Partisipatif, KPP); ``region_code`` is
    the village where the cadre lives and works."""

    name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    training = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="cadres",
        verbose_name=_("training event"),
    )
    trained_on = models.DateField(_("trained on"))
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("KPP cadre")
        verbose_name_plural = _("KPP cadres")

    def __str__(self) -> str:
        return self.name


class CadreEntry(AuditedModel):
    """An activity or report of a cadre; a report can raise initial information (informasi
    awal) in the case workflow, whose number is kept here."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="entries", verbose_name=_("cadre")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CadreEntryKind.choices)
    happened_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place_region_code = models.CharField(_("place"), max_length=13, blank=True)
    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True)
    intake_number = models.CharField(_("intake number"), max_length=60, blank=True)

    objects: ClassVar[ChildScopedManager["CadreEntry"]] = ChildScopedQuerySet.scoped_by("cadre")

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("cadre activity or report")
        verbose_name_plural = _("cadre activities and reports")
        indexes = [models.Index(fields=["cadre", "happened_on"], name="prevention_cadre_entry")]

    def __str__(self) -> str:
        return self.title
