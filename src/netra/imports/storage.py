"""Private storage of uploaded tables, the same way ``netra.files.storage`` stores evidence.

The layer contract keeps ``imports`` beside ``files`` (siblings do not import each other), so the
three small helpers are repeated here: the default storage's root is ``MEDIA_ROOT`` =
``NETRA_DATA_DIR/private``, outside the web root; the stored name is random and dated
(``imports/<yyyy>/<mm>/<random>.<csv|xlsx>``), nothing the user typed reaches the disk, and the
file is only ever read back by the runner.
"""

from __future__ import annotations

import os
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

FOLDER = "imports"
EXTENSIONS = frozenset({"csv", "xlsx"})


def save_private_file(field_file, *, folder: str, extension: str, data: bytes) -> str:
    """Write ``data`` under a random dated name and set it on ``field_file``."""
    if folder != FOLDER or extension not in EXTENSIONS:
        raise ValueError(f"Not an import folder/extension: {folder!r}, {extension!r}")
    today = timezone.localdate()
    name = f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"
    field_file.name = field_file.storage.save(name, ContentFile(data))
    return field_file.name


def discard_file(field_file) -> None:
    if field_file and field_file.name:
        field_file.storage.delete(field_file.name)


def clean_file_name(name: str) -> str:
    """The user's file name without directories or control characters (display only)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "file"
