"""File intake (penerimaan berkas): one call that every module uses for an uploaded file.

``accept_upload(file, policy=...)`` checks, in this order and before anything is stored:

1. size: the declared size, then the bytes read (``policy.max_bytes``, default
   ``NETRA_UPLOAD_MAX_BYTES``); an empty file is refused;
2. type by content (``netra.files.types.sniff``): the bytes must be one of the policy's types and
   the name must not claim another one;
3. images: the pixel count from the header (``policy.max_pixels``, default
   ``NETRA_UPLOAD_MAX_PIXELS``) before any pixel is decoded;
4. metadata stripping (``netra.files.metadata``): images, PDFs, Office documents;
5. SHA-256 of the bytes that will be stored.

Every refusal is a ``ValidationError`` with a message in the user's language and a ``code``
(``too_big``, ``empty``, ``unreadable``, ``type_mismatch``, ``type_refused``,
``too_many_pixels``, ``bad_image``, ``bad_pdf``, ``pdf_encrypted``, ``bad_document``). Nothing is
written here: the caller stores the result with ``netra.files.storage.save_private_file`` inside
its own transaction. Count limits are the caller's (``check_file_count`` with its own count).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .metadata import check_image_pixels, strip_metadata
from .storage import clean_file_name
from .types import FILE_TYPES, FileType, sniff


@dataclass(frozen=True)
class UploadPolicy:
    """What a module accepts: type keys (``netra.files.types.FILE_TYPES``), and limits that
    default to the settings (read at call time, so a deployment or a test can change them)."""

    types: frozenset[str]
    max_bytes: int | None = None  # None: settings.NETRA_UPLOAD_MAX_BYTES
    max_pixels: int | None = None  # None: settings.NETRA_UPLOAD_MAX_PIXELS
    strip_metadata: bool = True
    # Sentence listing what is accepted, shown with a refusal; built from the labels when empty.
    summary: Promise | str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", frozenset(self.types))
        unknown = self.types - FILE_TYPES.keys()
        if unknown or not self.types:
            raise ValueError(f"Unknown or no file types in upload policy: {sorted(unknown)}")

    def byte_limit(self) -> int:
        return self.max_bytes if self.max_bytes is not None else settings.NETRA_UPLOAD_MAX_BYTES

    def pixel_limit(self) -> int:
        if self.max_pixels is not None:
            return self.max_pixels
        return settings.NETRA_UPLOAD_MAX_PIXELS

    def accepted_summary(self) -> str:
        if self.summary:
            return str(self.summary)
        labels = [str(FILE_TYPES[k].label) for k in sorted(self.types)]
        return _("Accepted: %(types)s.") % {"types": ", ".join(labels)}


@dataclass(frozen=True)
class AcceptedFile:
    """An upload that passed intake: the bytes to store (metadata already stripped), their
    SHA-256, the detected type, the user's file name cleaned for display, and the size."""

    data: bytes
    sha256: str
    file_type: FileType
    name: str
    size: int
    metadata_stripped: bool
    original_sha256: str  # of the bytes as uploaded, before stripping

    @property
    def content_type(self) -> str:
        return self.file_type.mime

    @property
    def extension(self) -> str:
        return self.file_type.extension


def megabytes(size: int) -> str:
    """A size in megabytes, localised (``20``, ``0,5`` in Indonesian)."""
    mb = size / (1024 * 1024)
    if mb >= 10 or mb == int(mb):
        places = 0
    elif round(mb, 1) == round(mb, 2):
        places = 1
    else:
        places = 2
    return number_format(round(mb, places), decimal_pos=places)


def too_big(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s MB; the limit is %(limit)s MB.")
        % {"size": megabytes(size), "limit": megabytes(limit)},
        code="too_big",
    )


def _declared_size(file) -> int | None:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    try:
        file.seek(0, os.SEEK_END)
        return int(file.tell())
    except (AttributeError, OSError, ValueError):
        return None


def _read(file, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to know the file is too big without reading it all."""
    try:
        file.seek(0)
        return file.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise ValidationError(_("The file could not be read."), code="unreadable") from exc


def check_size(file, *, policy: UploadPolicy) -> None:
    """Refuse a file whose declared size is over the limit (cheap; nothing is read)."""
    limit = policy.byte_limit()
    size = _declared_size(file)
    if size is not None and size > limit:
        raise too_big(size, limit)


def accept_upload(file, *, policy: UploadPolicy) -> AcceptedFile:
    """Check an uploaded file against ``policy`` and return what to store; raises
    ``ValidationError`` with a clear message for each refusal (see the module docstring)."""
    limit = policy.byte_limit()
    check_size(file, policy=policy)
    data = _read(file, limit)
    if len(data) > limit:
        raise too_big(max(len(data), _declared_size(file) or 0), limit)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    name = clean_file_name(getattr(file, "name", ""))
    file_type = sniff(data, name, allowed=policy.types, summary=policy.accepted_summary())
    original_sha256 = hashlib.sha256(data).hexdigest()
    stripped = False
    if policy.strip_metadata:
        data, stripped = strip_metadata(data, file_type, max_pixels=policy.pixel_limit())
    elif file_type.is_image:
        check_image_pixels(data, file_type, max_pixels=policy.pixel_limit())
    return AcceptedFile(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        file_type=file_type,
        name=name,
        size=len(data),
        metadata_stripped=stripped,
        original_sha256=original_sha256,
    )


def check_file_count(count: int, *, limit: int | None = None,
                     message: Promise | str | None = None) -> None:
    """Refuse one more file when ``count`` files are already held (a module passes its own count:
    per case, per activity …). ``limit`` defaults to ``NETRA_UPLOAD_MAX_FILES``; ``message`` may
    use ``%(limit)d``."""
    limit = settings.NETRA_UPLOAD_MAX_FILES if limit is None else limit
    if count >= limit:
        text = str(message) if message is not None else _(
            "This already holds the maximum of %(limit)d files.")
        raise ValidationError(text % {"limit": limit}, code="too_many_files")
