"""Cases (informasi awal, temuan, laporan) and everything recorded while handling them."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from netra.cases.permissions import CaseAction
from netra.core.crypto import EncryptedCharField, EncryptedTextField
from netra.core.models import AuditedModel, ScopedModel
from netra.core.scoping import ChildScopedManager, ChildScopedQuerySet, ScopedQuerySet
from netra.rules.choices import Category, DayUnit, DeadlineKey, EmploymentType

from .choices import (
    CaseKind,
    DocumentKind,
    DocumentState,
    RecommendationStatus,
    ReporterType,
    SanctionType,
    Source,
)
from .workflow import Status


class CaseQuerySet(ScopedQuerySet["Case"]):
    def assigned_q(self, scope, action, roles=None):
        """A recipient body sees the cases recommended to it (and responds to them)."""
        if action not in (CaseAction.VIEW, CaseAction.RESPOND):
            return None
        ids = scope.organisation_ids(action, roles, recipients_only=True)
        if not ids:
            return None
        return Q(
            Exists(Recommendation.objects.filter(case=OuterRef("pk"), recipient_id__in=ids))
        )

    def hidden_q(self, user):
        """A staff member who declared a conflict of interest never sees that case.

        An uncorrelated ``NOT IN (SELECT case_id ...)``: the database reads the user's few
        declarations once, instead of probing the declarations once per case as a correlated
        ``NOT EXISTS`` does (that probe made a national user's list 1.6 times the unscoped
        baseline; ``./bench/run cases``)."""
        if not getattr(user, "is_authenticated", False):
            return None
        return Q(pk__in=ConflictDeclaration.objects.filter(user=user, is_active=True)
                 .values("case_id"))


class Case(ScopedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A case: initial information (informasi awal), finding (temuan) or report (laporan).

    ``region_code`` is the handling office's jurisdiction (what scopes access);
    ``place_region_code`` is where the incident happened. ``status`` changes only through
    ``services.transition_case``. ``version`` guards against concurrent edits.
    """

    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("election"),
    )
    office = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("handling office"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices, db_index=True)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, db_index=True)
    intake_number = models.CharField(_("intake number"), max_length=80, unique=True)
    registration_number = models.CharField(
        _("registration number"), max_length=80, null=True, blank=True, unique=True
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    incident_date = models.DateField(_("incident date"), null=True, blank=True)
    known_date = models.DateField(_("date it became known"))
    place_region_code = models.CharField(_("place (region)"), max_length=13, blank=True)
    place_address = models.CharField(_("place (address)"), max_length=255, blank=True)
    title = models.CharField(
        _("summary"), max_length=200,
        help_text=_("Short description without personal names, shown in lists."),
    )
    description = models.TextField(_("description of the event"), blank=True)
    category = models.CharField(_("category"), max_length=32, blank=True,
                                choices=Category.choices)
    violation_types = models.ManyToManyField(
        "rules.ViolationType", blank=True, related_name="cases", verbose_name=_("violation forms")
    )
    outcome_note = models.TextField(_("reason / decision note"), blank=True)
    raised_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="raised_cases",
        verbose_name=_("raised from"),
    )
    source_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("source record type"),
    )
    source_object_id = models.CharField(_("source record"), max_length=64, blank=True)
    source_object = GenericForeignKey("source_content_type", "source_object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = CaseQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: a subclass manager is not a ClassVar

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["region_code", "status"], name="cases_region_status"),
            models.Index(fields=["election", "kind", "category"], name="cases_stats"),
            # The list's default order, so a first page needs no sort of the whole scope.
            models.Index(fields=["-received_at", "-id"], name="cases_received_desc"),
            # The intake port's lookup: the case(s) opened from a portal report, a hit …
            models.Index(fields=["source_content_type", "source_object_id"], name="cases_source"),
        ]

    def __str__(self) -> str:
        return self.registration_number or self.intake_number

    @property
    def number(self) -> str:
        return self.registration_number or self.intake_number


class Reporter(AuditedModel):
    """The reporter (pelapor). Identity is encrypted at rest (``core.crypto``) and revealed only as
    ``cases.identity`` decides (ADR 0004); never on public pages, announcements or to recipient
    bodies, and never in the audit log."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reporters")
    reporter_type = models.CharField(_("reporter type"), max_length=16,
                                     choices=ReporterType.choices, default=ReporterType.CITIZEN)
    name = EncryptedCharField(_("name"), max_length=150)
    # Encrypted fields store an empty value as NULL, hence null=True on the optional ones.
    nik = EncryptedCharField(_("identity number (NIK)"), max_length=16, blank=True, null=True)
    address = EncryptedTextField(_("address"), blank=True, null=True)
    phone = EncryptedCharField(_("phone"), max_length=30, blank=True, null=True)
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True, null=True)


    objects: ClassVar[ChildScopedManager["Reporter"]] = ChildScopedQuerySet.scoped_by("case")
    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")


class Witness(AuditedModel):
    """A witness (saksi); identity encrypted like the reporter's."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="witnesses")
    name = EncryptedCharField(_("name"), max_length=150)
    contact = EncryptedCharField(_("contact"), max_length=150, blank=True, null=True)
    statement = models.TextField(_("statement summary"), blank=True)


    objects: ClassVar[ChildScopedManager["Witness"]] = ChildScopedQuerySet.scoped_by("case")
    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")


class ReportedPerson(AuditedModel):
    """A reported person (terlapor). Never shown on public pages; the public sees positions only.

    ``nip`` may be completed later but is required before a recommendation goes to the
    civil-service body.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reported_persons")
    name = models.CharField(_("name"), max_length=150, blank=True)
    normalised_name = models.CharField(max_length=150, blank=True, db_index=True, editable=False)
    employment_type = models.CharField(_("employment type"), max_length=24,
                                       choices=EmploymentType.choices)
    position = models.CharField(_("position"), max_length=200)
    agency = models.CharField(_("agency"), max_length=200)
    normalised_agency = models.CharField(max_length=200, blank=True, editable=False)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, db_index=True)


    objects: ClassVar[ChildScopedManager["ReportedPerson"]] = ChildScopedQuerySet.scoped_by("case")
    class Meta:
        verbose_name = _("reported person")
        verbose_name_plural = _("reported persons")

    def __str__(self) -> str:
        return f"{self.position}, {self.agency}"


class CaseEvent(models.Model):
    """The legal timeline: every status change with who, when, why and the rule versions used."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("step"), max_length=40)
    from_status = models.CharField(_("from"), max_length=32, blank=True)
    to_status = models.CharField(_("to"), max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    rule_versions = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Set when no staff member acted: the intake channel or task ("public_portal", "task:…").
    channel = models.CharField(_("channel"), max_length=64, blank=True)

    objects: ClassVar[ChildScopedManager["CaseEvent"]] = ChildScopedQuerySet.scoped_by("case")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_status} → {self.to_status}"

    @property
    def channel_label(self) -> str:
        from netra.core.audit import channel_label

        return channel_label(self.channel)


class CaseDeadline(AuditedModel):
    """A running statutory clock on a case, computed from a ``rules.DeadlineRule``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField(_("deadline"), max_length=32, choices=DeadlineKey.choices)
    rule = models.ForeignKey("rules.DeadlineRule", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"), db_index=True)
    unit = models.CharField(_("unit"), max_length=16, choices=DayUnit.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    extended_days = models.PositiveSmallIntegerField(_("extension days"), default=0)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    last_reminder_on = models.DateField(null=True, blank=True)


    objects: ClassVar[ChildScopedManager["CaseDeadline"]] = ChildScopedQuerySet.scoped_by("case")
    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(fields=["stopped_on", "due_on"], name="cases_deadline_open"),
            # Running clocks of one case, by due date: next deadline, due-soon and overdue.
            models.Index(fields=["case", "due_on"], name="cases_deadline_running",
                         condition=Q(stopped_on__isnull=True)),
        ]

    @property
    def is_running(self) -> bool:
        return self.stopped_on is None


class RegistrationCounter(models.Model):
    """Last sequence number used per office, case kind and year (no gaps: incremented in the
    same transaction that registers the case)."""

    office = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind_code = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "kind_code", "year"],
                                    name="cases_unique_counter")
        ]

    def __str__(self) -> str:
        return f"{self.kind_code} {self.year}: {self.last_seq}"


class Recommendation(AuditedModel):
    """A recommendation (rekomendasi) forwarded to the competent body, and its follow-up."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    recipient = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                  related_name="recommendations_received",
                                  verbose_name=_("recipient"))
    routing_rule = models.ForeignKey("rules.RoutingRule", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    letter_number = models.CharField(_("letter number"), max_length=80, blank=True)
    content = models.TextField(_("recommendation"), blank=True)
    # The letter (issue #15.2): sent by the office that decided, with its signatory; addressed
    # to a body with authority over the persons it concerns (services.letters).
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    sender = models.ForeignKey("orgs.Organisation", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("sent by"))
    recipient_address = models.CharField(_("recipient's address"), max_length=255, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    suggested_sanctions = models.JSONField(_("suggested sanctions"), default=list, blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    persons: "models.ManyToManyField[ReportedPerson, Any]" = models.ManyToManyField(
        "ReportedPerson", blank=True, related_name="+", verbose_name=_("persons concerned"))
    letter = models.ForeignKey("CaseDocument", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("letter"))
    attachments: "models.ManyToManyField[CaseDocument, Any]" = models.ManyToManyField(
        "CaseDocument", blank=True, related_name="+", verbose_name=_("attached documents"))
    evidence_attachments: "models.ManyToManyField[Evidence, Any]" = models.ManyToManyField(
        "Evidence", blank=True, related_name="+", verbose_name=_("attached evidence"))
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(_("status"), max_length=16, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.SENT, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    escalations = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_on = models.DateField(null=True, blank=True)


    objects: ClassVar[ChildScopedManager["Recommendation"]] = ChildScopedQuerySet.scoped_by("case")
    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["case", "due_on"], name="cases_rec_open_due",
                         condition=Q(status__in=["sent", "acknowledged"])),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in (RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED)


class Sanction(AuditedModel):
    """The sanction actually imposed on a reported person (type, decree number, date)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="sanctions")
    reported_person = models.ForeignKey(ReportedPerson, on_delete=models.PROTECT,
                                        related_name="sanctions")
    sanction_type = models.CharField(_("sanction type"), max_length=16,
                                     choices=SanctionType.choices)
    decree_number = models.CharField(_("decree number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    decided_by = models.CharField(_("imposed by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self) -> str:
        return f"{self.get_sanction_type_display()} ({self.decree_number})"


class ConflictDeclaration(AuditedModel):
    """A staff member's declared relation to a reported person or reporter: they are excluded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="conflict_declarations")
    relation = models.CharField(_("relation"), max_length=255)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="cases_unique_conflict")
        ]


class CaseLink(AuditedModel):
    """A confirmed link between two cases about the same person and events (duplicates)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=255)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="cases_unique_link")
        ]


class Handover(AuditedModel):
    """A case handed to another office (pelimpahan), with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_office = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                    related_name="+")
    to_office = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                  related_name="+")
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")


class DocumentCounter(models.Model):
    """Last number given to a finalised document per office, document kind and year (no gaps:
    incremented in the same transaction that finalises the document)."""

    office = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "kind", "year"],
                                    name="cases_unique_document_counter")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_seq}"


class CaseDocumentQuerySet(ChildScopedQuerySet["CaseDocument"]):
    def of_record(self):
        """Documents the workflow may rely on: finalised drafts and uploaded signed scans."""
        return self.filter(state__in=[DocumentState.FINAL, DocumentState.SIGNED])

    def drafts(self):
        return self.filter(state=DocumentState.DRAFT)


class CaseDocument(AuditedModel):
    """A document kept with the case: generated (PDF/DOCX) or uploaded, with its SHA-256.

    A generated document is a ``draft`` until it is completed (``facts``) and finalised: then it
    is ``final`` (numbered, locked, hashed, ``finalised_by``/``finalised_at``). An uploaded signed
    scan is ``signed``. Only ``of_record()`` documents satisfy the workflow guards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document kind"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="cases/documents/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    generated = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=DocumentState.choices,
                             default=DocumentState.DRAFT)
    number = models.CharField(_("document number"), max_length=120, blank=True)
    facts = models.JSONField(_("facts stated"), default=dict, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    objects: ClassVar[ChildScopedManager["CaseDocument"]] = CaseDocumentQuerySet.scoped_by("case")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""),
                                    name="cases_unique_document_number"),
        ]

    @property
    def is_of_record(self) -> bool:
        return self.state in (DocumentState.FINAL, DocumentState.SIGNED)


class Evidence(AuditedModel):
    """Evidence (alat bukti) uploaded to a case: validated by content, hashed, stored privately.
    Chain of custody: who added it and when; every later access or change is audited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="cases/evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    exif_stripped = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")


    objects: ClassVar[ChildScopedManager["Evidence"]] = ChildScopedQuerySet.scoped_by("case")
    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
