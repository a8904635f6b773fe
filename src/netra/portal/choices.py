"""Choices of the public portal (stable English slugs, translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestedKind(models.TextChoices):
    """What the reporter asked for: a formal report (laporan, with identity) or initial
    information (informasi awal, anonymous or late)."""

    REPORT = "report", _("Formal report (with my identity)")
    INITIAL_INFO = "initial_info", _("Initial information (anonymous)")


class SubmissionStatus(models.TextChoices):
    """Where a submission stands, as the portal shows it; the case's own workflow status is
    followed through case events (``case_status`` / ``case_status_label``)."""

    RECEIVED = "received", _("Received")
    IN_HANDLING = "in_handling", _("In handling")
    CLOSED = "closed", _("Closed")


class Sender(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    OFFICE = "office", _("Handling office")
    SYSTEM = "system", _("Status notice")
