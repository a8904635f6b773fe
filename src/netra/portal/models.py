"""Public portal records (pelaporan daring).

A :class:`Submission` is a public report as received. Until its case is opened through the intake
port (a task run after the submission commits) it keeps the report as typed in one encrypted
field; once the case exists that field is emptied and the reporter's name, NIK, address and
contacts live only in the case, encrypted there. The portal also keeps an optional notification
e-mail, encrypted. The
receipt code (kode tanda terima) is never stored: only its SHA-256 and a four-character prefix
for display.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.core.crypto import EncryptedEmailField, EncryptedTextField
from netra.core.models import AuditedModel, ScopedModel
from netra.core.scoping import ChildScopedManager, ChildScopedQuerySet

from .choices import RequestedKind, Sender, SubmissionStatus


class Submission(ScopedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A report received through the public portal (laporan daring). ``region_code`` is the place
    of the event, so the handling office and every office above it see it."""

    receipt_hash = models.CharField(_("receipt code hash"), max_length=64, unique=True)
    receipt_prefix = models.CharField(_("receipt code prefix"), max_length=4)
    # SHA-256 of the form's idempotency key: a double click or a retry finds this row.
    idempotency_hash = models.CharField(_("idempotency key hash"), max_length=64, unique=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    requested_kind = models.CharField(_("requested as"), max_length=16,
                                      choices=RequestedKind.choices)
    recorded_kind = models.CharField(_("recorded as"), max_length=16, blank=True)
    late = models.BooleanField(_("outside the reporting window"), default=False)
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("election"))
    office = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True,
                               related_name="+", verbose_name=_("handling office"))
    case_id = models.PositiveIntegerField(_("case"), null=True, blank=True, db_index=True)
    intake_number = models.CharField(_("intake number"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.RECEIVED, db_index=True)
    case_status = models.CharField(_("case status"), max_length=32, blank=True)
    case_status_label = models.CharField(_("case status label"), max_length=200, blank=True)
    contact_email = EncryptedEmailField(_("e-mail for notices"), blank=True, null=True)
    identity_revealed_at = models.DateTimeField(_("identity revealed at"), null=True, blank=True)
    # The report as typed (reporter identity included), encrypted, between the acknowledgement
    # and the opening of its case through the intake port (a task after commit); emptied then.
    pending_report = EncryptedTextField(_("report awaiting intake"), blank=True, null=True)
    intake_attempts = models.PositiveSmallIntegerField(_("intake attempts"), default=0)
    intake_error = models.CharField(_("intake refusal"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("portal submission")
        verbose_name_plural = _("portal submissions")

    def __str__(self) -> str:
        return self.intake_number or f"{self.receipt_prefix}…"

    @property
    def receipt_display(self) -> str:
        return f"{self.receipt_prefix}-…"


class PortalMessage(AuditedModel):  # type: ignore[django-manager-missing]  # scoped_by builds manager classes at runtime
    """A message between the reporter and the handling office (pesan), or a status notice.

    The body is encrypted: reporters often identify themselves in what they write."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="messages",
                                   verbose_name=_("submission"))
    sender = models.CharField(_("from"), max_length=16, choices=Sender.choices)
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    body = EncryptedTextField(_("message"))
    asks_for_more = models.BooleanField(_("asks for more information"), default=False)
    # The reporter revealed their identity here (an anonymous report becoming a formal one).
    identity_reveal = models.BooleanField(_("identity revealed"), default=False)
    read_by_office = models.BooleanField(_("read by the office"), default=False)

    objects: ClassVar[ChildScopedManager[PortalMessage]] = ChildScopedQuerySet.scoped_by(
        "submission")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")

    def __str__(self) -> str:
        return f"{self.get_sender_display()} {self.created_at:%Y-%m-%d %H:%M}"


class MessageFile(AuditedModel):
    """Extra evidence sent with a message (bukti tambahan), checked by ``netra.files``."""

    message = models.ForeignKey(PortalMessage, on_delete=models.CASCADE, related_name="files",
                                verbose_name=_("message"))
    file = models.FileField(_("file"), max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)

    objects: ClassVar[ChildScopedManager[MessageFile]] = ChildScopedQuerySet.scoped_by(
        "message")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("message file")
        verbose_name_plural = _("message files")

    def __str__(self) -> str:
        return self.name
