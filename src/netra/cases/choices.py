"""Stable slugs for cases. Labels are translated; values never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.rules.choices import SanctionKind


class CaseKind(models.TextChoices):
    INITIAL_INFO = "initial_info", _("Initial information")  # informasi awal
    FINDING = "finding", _("Finding")  # temuan
    REPORT = "report", _("Report")  # laporan


# Code used in intake and registration numbers.
KIND_CODE: dict[str, str] = {
    CaseKind.FINDING: "TM", CaseKind.REPORT: "LP", CaseKind.INITIAL_INFO: "IA",
}


class Source(models.TextChoices):
    PUBLIC_PORTAL = "public_portal", _("Public portal")
    OFFICE_DESK = "office_desk", _("Filed at the office")
    FIELD_SUPERVISION = "field_supervision", _("Field supervision")
    SOCIAL_MEDIA = "social_media", _("Social-media monitoring")
    MEDIA = "media", _("News media")
    CADRE = "cadre", _("Participatory supervision cadre (KPP)")
    FORWARDED = "forwarded", _("Forwarded from another office")


class ReporterType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    VOTER = "voter", _("Registered voter")
    PARTICIPANT = "participant", _("Election participant")
    MONITOR = "monitor", _("Election monitor")


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt of report")
    CLARIFICATION_INVITATION = "clarification_invitation", _("Invitation to clarification")
    CLARIFICATION_MINUTES = "clarification_minutes", _("Clarification minutes")
    LEGAL_STUDY = "legal_study", _("Legal study")
    STATUS_ANNOUNCEMENT = "status_announcement", _("Status announcement")
    RECOMMENDATION_LETTER = "recommendation_letter", _("Recommendation letter")
    PLENARY_MINUTES = "plenary_minutes", _("Plenary minutes")
    OTHER = "other", pgettext_lazy("document kind", "Other")


class DocumentState(models.TextChoices):
    """Where a case document stands: a generated draft, a finalised document of record
    (numbered, locked, hashed) or an uploaded signed scan (also of record)."""

    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")
    SIGNED = "signed", _("Signed scan")


class RecommendationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    SANCTIONED = "sanctioned", _("Sanction imposed")
    REFUSED = "refused", _("Refused")


# The sanction vocabulary is the rules catalogue's; which sanctions fit a status is data
# (``rules.SanctionRule``).
SanctionType = SanctionKind
