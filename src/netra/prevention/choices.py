"""Choice lists of the prevention app: stable English slugs, translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    SOCIALIZATION = "socialization", _("Socialization")
    BIMTEK = "bimtek", _("Technical guidance (bimtek)")
    COORDINATION = "coordination", _("Coordination meeting")
    MEDIA_CAMPAIGN = "media_campaign", _("Media campaign")
    KAMPUNG_PENGAWASAN = "kampung_pengawasan", _("Supervision village (kampung pengawasan)")
    CADRE_TRAINING = "cadre_training", _("Cadre training")
    OTHER = "other", _("Other activity")


class TargetGroup(models.TextChoices):
    ASN = "asn", _("Civil servants (ASN)")
    VILLAGE_HEADS = "village_heads", _("Village heads")
    VILLAGE_OFFICIALS = "village_officials", _("Village officials")
    BPD = "bpd", _("Village consultative body (BPD)")
    PUBLIC = "public", _("General public")
    YOUTH = "youth", _("Students and youth")
    MEDIA = "media", _("Journalists and media")


class FileKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")


class RecipientType(models.TextChoices):
    OFFICE = "office", _("Government office")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health facility")
    WORSHIP = "worship", _("Place of worship")
    VILLAGE = "village", _("Village office")
    OTHER = "other", _("Other recipient")


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Distribution(models.TextChoices):
    GENERATED = "generated", _("Generated")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class DeclarationKind(models.TextChoices):
    NEUTRALITY = "neutrality", _("Neutrality declaration")
    INTEGRITY_PACT = "integrity_pact", _("Integrity pact")


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class CadreEntryKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    REPORT = "report", _("Report of a possible violation")
