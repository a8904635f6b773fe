"""Evidence (alat bukti): the case rules around the shared file intake.

Checking the file itself is ``netra.files``: type by content (a name that claims one type over
content of another is refused), size and pixel limits, metadata stripped from photos, PDFs and
Office documents, SHA-256 of the stored bytes, private storage under a random name, audited
download. This module keeps what is particular to cases: who may add and open evidence, the
per-case count limit (``NETRA_UPLOAD_MAX_FILES``, checked again under a lock on the case row so
it holds under concurrency) and the ``Evidence`` records. Nothing is half-saved: a refusal or a
failure leaves neither a row nor a file behind.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.permissions import CaseAction
from netra.core.audit import require_channel
from netra.core.exceptions import OutOfScope
from netra.files.download import record_access
from netra.files.intake import UploadPolicy, accept_upload, check_file_count, check_size
from netra.files.storage import clean_file_name, discard_file, save_private_file

from .attachments import recipient_limit_q
from .models import Case, Evidence
from .workflow import RECIPIENTS, SUPERVISORS

# Re-exported for existing callers (cases.documents, cases.demo).
__all__ = [
    "EVIDENCE_POLICY", "EVIDENCE_VIEWERS", "UPLOADERS", "clean_file_name", "discard_file",
    "evidence_get", "evidence_list", "may_upload_evidence", "record_access",
    "save_private_file", "upload_evidence",
]

# Who may add evidence: the office's handlers and field supervisors (not analysts or prevention
# staff, whose roles also carry "change" for their own modules).
UPLOADERS = SUPERVISORS
# Who may open evidence: the same people, plus the recipient body of a recommendation.
EVIDENCE_VIEWERS = SUPERVISORS | RECIPIENTS

EVIDENCE_POLICY = UploadPolicy(
    types=frozenset({"jpeg", "png", "webp", "gif", "pdf", "mp4", "m4a", "mp3", "ogg", "docx",
                     "xlsx", "text"}),
    summary=gettext_lazy("Accepted: photos (JPEG, PNG, WebP, GIF), PDF, MP4 video, MP3, M4A or "
                         "OGG audio, Word and Excel documents, plain text."),
)


def _changeable(actor, case: Case) -> bool:
    return Case.objects.visible_to(actor, CaseAction.CHANGE, UPLOADERS).filter(pk=case.pk).exists()


def may_upload_evidence(*, user, case: Case) -> bool:
    """Whether the upload form is offered (the service checks again)."""
    return _changeable(user, case)


def _check_count(case: Case) -> None:
    check_file_count(
        Evidence.objects.filter(case=case).count(),
        message=gettext_lazy("This case already holds the maximum of %(limit)d evidence files."),
    )


def upload_evidence(*, case: Case, actor, file, description: str = "") -> Evidence:
    """Add an evidence file to a case (unggah alat bukti).

    Checks scope (the office's handlers and field supervisors), the size, the per-case count, and
    the file through ``netra.files.intake.accept_upload`` (type by content, pixel limit,
    metadata stripped); stores the bytes under a random name with their SHA-256. Raises
    ``OutOfScope`` or ``ValidationError`` (``{"file": [...]}``).
    """
    if actor is None:
        # Only the case-intake port adds evidence without a staff member, under its channel.
        require_channel()
    elif not _changeable(actor, case):
        raise OutOfScope(_("Case not found."))
    try:
        check_size(file, policy=EVIDENCE_POLICY)
        _check_count(case)
        accepted = accept_upload(file, policy=EVIDENCE_POLICY)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    evidence = Evidence(
        case=case,
        original_name=accepted.name,
        content_type=accepted.content_type,
        size=accepted.size,
        sha256=accepted.sha256,
        description=description.strip()[:255],
        # Metadata removed (EXIF of photos, document properties of PDFs and Office files).
        exif_stripped=accepted.metadata_stripped,
        added_by=actor,
    )
    try:
        with transaction.atomic():
            # Serialise uploads to one case so the count limit holds under concurrency.
            list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk"))
            try:
                _check_count(case)
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc
            save_private_file(evidence.file, folder="cases/evidence",
                              extension=accepted.extension, data=accepted.data)
            evidence.save()
    except BaseException:
        discard_file(evidence.file)
        raise
    return evidence


def evidence_list(*, user, case: Case) -> QuerySet[Evidence]:
    """Evidence of a case the user may open (empty outside scope)."""
    visible = Case.objects.visible_to(user, CaseAction.VIEW, EVIDENCE_VIEWERS).filter(pk=case.pk)
    return (Evidence.objects.filter(case__in=visible)
            .filter(recipient_limit_q(user, evidence=True)).select_related("added_by"))


def evidence_get(*, user, pk: int) -> Evidence:
    """One evidence file the user may open; ``Evidence.DoesNotExist`` outside scope (404)."""
    visible = Case.objects.visible_to(user, CaseAction.VIEW, EVIDENCE_VIEWERS)
    return (Evidence.objects.select_related("case")
            .filter(recipient_limit_q(user, evidence=True)).get(pk=pk, case__in=visible))
