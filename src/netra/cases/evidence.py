"""Evidence (alat bukti): upload validation by content, private storage, chain of custody.

A file is accepted for what its bytes are, never for its name or the browser's content type:
``filetype`` sniffs the signature, office documents must be real OOXML packages and text must be
UTF-8. A name that claims one type over content of another is refused. Photos are re-encoded
without their EXIF block (GPS location), after the orientation has been applied. The stored bytes
are hashed (SHA-256) and kept under ``MEDIA_ROOT`` (outside the web root) with a random name;
every download writes an ``ACCESS`` audit entry. Nothing is half-saved: a refusal or a failure
leaves neither a row nor a file behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from netra.accounts.roles import Action
from netra.core.exceptions import OutOfScope

from .models import Case, Evidence
from .workflow import RECIPIENTS, SUPERVISORS

# Who may add evidence: the office's handlers and field supervisors (not analysts or prevention
# staff, whose roles also carry "change" for their own modules).
UPLOADERS = SUPERVISORS
# Who may open evidence: the same people, plus the recipient body of a recommendation.
EVIDENCE_VIEWERS = SUPERVISORS | RECIPIENTS


@dataclass(frozen=True)
class FileType:
    """An accepted kind of evidence file."""

    key: str
    mime: str
    extension: str  # used on disk
    label: object  # lazy translation
    claimed_by: frozenset[str]  # file-name extensions that may carry it
    image_format: str = ""  # Pillow format when the file is re-encoded


def _ft(key, mime, extension, label, claimed_by, image_format=""):
    return FileType(key, mime, extension, label, frozenset(claimed_by), image_format)


ACCEPTED: dict[str, FileType] = {
    t.key: t
    for t in (
        _ft("jpeg", "image/jpeg", "jpg", gettext_lazy("a JPEG image"),
            {"jpg", "jpeg", "jpe", "jfif"}, "JPEG"),
        _ft("png", "image/png", "png", gettext_lazy("a PNG image"), {"png"}, "PNG"),
        _ft("webp", "image/webp", "webp", gettext_lazy("a WebP image"), {"webp"}, "WEBP"),
        _ft("gif", "image/gif", "gif", gettext_lazy("a GIF image"), {"gif"}, "GIF"),
        _ft("pdf", "application/pdf", "pdf", gettext_lazy("a PDF document"), {"pdf"}),
        _ft("mp4", "video/mp4", "mp4", gettext_lazy("an MP4 video"), {"mp4", "m4v"}),
        _ft("m4a", "audio/mp4", "m4a", gettext_lazy("M4A audio"), {"m4a", "mp4"}),
        _ft("mp3", "audio/mpeg", "mp3", gettext_lazy("MP3 audio"), {"mp3"}),
        _ft("ogg", "audio/ogg", "ogg", gettext_lazy("OGG audio"), {"ogg", "oga", "opus"}),
        _ft("docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx", gettext_lazy("a Word document"), {"docx"}),
        _ft("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx", gettext_lazy("an Excel workbook"), {"xlsx"}),
        _ft("text", "text/plain", "txt", gettext_lazy("plain text"),
            {"txt", "text", "csv", "log", "md"}),
    )
}
# filetype's names for the accepted kinds.
SNIFFED = {"jpg": "jpeg", "png": "png", "apng": "png", "webp": "webp", "gif": "gif",
           "pdf": "pdf", "mp4": "mp4", "m4v": "mp4", "m4a": "m4a", "mp3": "mp3", "ogg": "ogg"}
EXECUTABLES = {"exe", "elf", "wasm", "deb", "rpm", "crx", "swf", "nes", "cab"}
ARCHIVES = {"zip", "tar", "rar", "gz", "bz2", "7z", "xz", "zst", "lz", "lz4", "lzo", "Z", "br",
            "ar", "epub"}


def accepted_summary() -> str:
    return _("Accepted: photos (JPEG, PNG, WebP, GIF), PDF, MP4 video, MP3, M4A or OGG audio, "
             "Word and Excel documents, plain text.")


def _megabytes(size: int) -> str:
    """A size in megabytes, localised (``20``, ``0,5`` in Indonesian)."""
    mb = size / (1024 * 1024)
    if mb >= 10 or mb == int(mb):
        places = 0
    elif round(mb, 1) == round(mb, 2):
        places = 1
    else:
        places = 2
    return number_format(round(mb, places), decimal_pos=places)


def _describe(kind) -> str:
    """What unaccepted content is, in words."""
    if kind is None:
        return _("binary data of an unknown type")
    ext = kind.extension
    if ext in EXECUTABLES:
        return _("an executable program")
    if ext in ARCHIVES:
        return _("a compressed archive")
    if kind.mime.startswith("image/"):
        return _("an image in %(format)s format") % {"format": ext.upper()}
    if kind.mime.startswith(("audio/", "video/")):
        return _("media in %(format)s format") % {"format": ext.upper()}
    return _("a %(format)s file") % {"format": ext.upper()}


def _office_type(data: bytes) -> str | None:
    """``docx`` or ``xlsx`` when ``data`` is a genuine OOXML package, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes, file_name: str) -> FileType:
    """The accepted type of ``data``, or a ValidationError saying what is wrong with it."""
    claimed = os.path.splitext(file_name)[1].lower().lstrip(".")
    kind = filetype.guess(data)
    found: FileType | None = None
    actual = ""
    if kind is not None and kind.extension in SNIFFED:
        found = ACCEPTED[SNIFFED[kind.extension]]
    elif kind is not None and kind.extension in {"zip", "docx", "xlsx", "pptx"}:
        office = _office_type(data)
        found = ACCEPTED[office] if office else None
        actual = "" if office else (
            _("a compressed archive") if kind.extension == "zip" else _describe(kind))
    elif kind is None and _is_text(data):
        found = ACCEPTED["text"]
    else:
        actual = _describe(kind)
    if found is not None and (not claimed or claimed in found.claimed_by):
        return found
    what = str(found.label) if found is not None else actual
    claims_accepted = any(claimed in t.claimed_by for t in ACCEPTED.values())
    if claimed and (found is not None or claims_accepted):
        raise ValidationError(
            _("The file says .%(ext)s but its content is %(actual)s.")
            % {"ext": claimed, "actual": what},
            code="type_mismatch",
        )
    raise ValidationError(
        _("This kind of file is not accepted: its content is %(actual)s. %(accepted)s")
        % {"actual": what, "accepted": accepted_summary()},
        code="type_refused",
    )


KEEP_IMAGE_INFO = ("icc_profile", "transparency", "duration", "loop", "dpi", "background")


def strip_image_metadata(data: bytes, file_type: FileType) -> bytes:
    """Re-encode an image without EXIF (GPS location, camera serial), XMP or comments, keeping
    its visible orientation (EXIF orientation is applied to the pixels first)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            frames = getattr(image, "n_frames", 1)
            # Animations keep their frames as they are; a still photo gets its orientation.
            clean = image if frames > 1 else ImageOps.exif_transpose(image)
            clean.info = {k: v for k, v in image.info.items() if k in KEEP_IMAGE_INFO}
            out = io.BytesIO()
            options: dict = {"format": file_type.image_format}
            if "icc_profile" in clean.info:
                options["icc_profile"] = clean.info["icc_profile"]
            if file_type.image_format == "JPEG":
                if clean.mode not in ("RGB", "L", "CMYK"):
                    clean = clean.convert("RGB")
                options["quality"] = 95
            elif file_type.image_format == "WEBP":
                options.update(quality=95)
            if frames > 1:
                options["save_all"] = True
            clean.save(out, **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The image could not be read; it may be damaged."), code="bad_image"
        ) from exc


def _changeable(actor, case: Case) -> bool:
    return Case.objects.visible_to(actor, Action.CHANGE, UPLOADERS).filter(pk=case.pk).exists()


def may_upload_evidence(*, user, case: Case) -> bool:
    """Whether the upload form is offered (the service checks again)."""
    return _changeable(user, case)


def _check_count(case: Case) -> None:
    limit = settings.NETRA_UPLOAD_MAX_FILES
    if Evidence.objects.filter(case=case).count() >= limit:
        raise ValidationError(
            {"file": [_("This case already holds the maximum of %(limit)d evidence files.")
                      % {"limit": limit}]},
        )


def _read(file) -> bytes:
    file.seek(0)
    return file.read()


def _stored_name(folder: str, extension: str) -> str:
    """A random name under a dated folder: the user's file name never reaches the disk."""
    today = timezone.localdate()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def save_private_file(field_file, *, folder: str, extension: str, data: bytes) -> str:
    """Write ``data`` to the private storage under a random name and return the stored name."""
    storage = field_file.storage
    name = storage.save(_stored_name(folder, extension), ContentFile(data))
    field_file.name = name
    return name


def discard_file(field_file) -> None:
    if field_file and field_file.name:
        field_file.storage.delete(field_file.name)


def clean_file_name(name: str) -> str:
    """The user's file name without any directory part or control characters (shown, never used
    on disk)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "file"


def upload_evidence(*, case: Case, actor, file, description: str = "") -> Evidence:
    """Add an evidence file to a case (unggah alat bukti).

    Checks scope (the office's handlers and field supervisors), the size and per-case count
    limits, and the type by content; strips image metadata; hashes and stores the bytes under a
    random name. Raises ``OutOfScope`` or ``ValidationError`` (``{"file": [...]}``).
    """
    if not _changeable(actor, case):
        raise OutOfScope(_("Case not found."))
    limit = settings.NETRA_UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {"file": [_("The file is %(size)s MB; the limit is %(limit)s MB.")
                      % {"size": _megabytes(size), "limit": _megabytes(limit)}]}
        )
    _check_count(case)
    data = _read(file)
    if len(data) > limit:
        raise ValidationError(
            {"file": [_("The file is %(size)s MB; the limit is %(limit)s MB.")
                      % {"size": _megabytes(len(data)), "limit": _megabytes(limit)}]}
        )
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]})
    original_name = clean_file_name(getattr(file, "name", ""))
    try:
        file_type = sniff(data, original_name)
        exif_stripped = False
        if file_type.image_format:
            data = strip_image_metadata(data, file_type)
            exif_stripped = True
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(
        case=case,
        original_name=original_name,
        content_type=file_type.mime,
        size=len(data),
        sha256=digest,
        description=description.strip()[:255],
        exif_stripped=exif_stripped,
        added_by=actor,
    )
    try:
        with transaction.atomic():
            # Serialise uploads to one case so the count limit holds under concurrency.
            list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk"))
            _check_count(case)
            save_private_file(evidence.file, folder="cases/evidence",
                              extension=file_type.extension, data=data)
            evidence.save()
    except BaseException:
        discard_file(evidence.file)
        raise
    return evidence


def evidence_list(*, user, case: Case) -> QuerySet[Evidence]:
    """Evidence of a case the user may open (empty outside scope)."""
    visible = Case.objects.visible_to(user, Action.VIEW, EVIDENCE_VIEWERS).filter(pk=case.pk)
    return Evidence.objects.filter(case__in=visible).select_related("added_by")


def evidence_get(*, user, pk: int) -> Evidence:
    """One evidence file the user may open; ``Evidence.DoesNotExist`` outside scope (404)."""
    visible = Case.objects.visible_to(user, Action.VIEW, EVIDENCE_VIEWERS)
    return Evidence.objects.select_related("case").get(pk=pk, case__in=visible)


def record_access(*, obj, actor) -> LogEntry:
    """Chain of custody: log who opened a stored file, when and from which request."""
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"sha256": [obj.sha256, obj.sha256]},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
