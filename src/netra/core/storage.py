"""Private storage primitives (penyimpanan privat): the one implementation behind
``netra.files.storage`` and the uploaded tables of ``netra.imports``.

They live in ``core`` because the layer contract keeps ``files`` and ``imports`` independent
siblings that may only build on ``core``. Modules keep using ``netra.files.storage``.

Files live in the default storage, whose root is ``MEDIA_ROOT`` = ``NETRA_DATA_DIR/private``:
outside the web root and never served by URL. A stored name is
``<folder>/<yyyy>/<mm>/<random>.<ext>`` where the folder and extension come from code: nothing the
user typed reaches the disk. The user's file name is kept, cleaned, for display and as the
download name only.
"""

from __future__ import annotations

import os
import re
import uuid

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils import timezone

__all__ = ["clean_file_name", "discard_file", "save_private_file", "stored_name"]

_FOLDER = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*")
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def stored_name(folder: str, extension: str) -> str:
    """A random name under a dated folder. ``folder`` and ``extension`` are code constants
    (``cases/evidence``, ``pdf``); anything else is a programming error."""
    if not _FOLDER.fullmatch(folder) or not _EXTENSION.fullmatch(extension):
        raise ValueError(f"Not a storage folder/extension: {folder!r}, {extension!r}")
    today = timezone.localdate()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def save_private_file(field_file: FieldFile, *, folder: str, extension: str, data: bytes) -> str:
    """Write ``data`` to the private storage under a random name, set it on ``field_file`` and
    return the stored name. Call it inside the transaction that saves the row, and
    ``discard_file`` if that transaction fails."""
    storage = field_file.storage
    name = storage.save(stored_name(folder, extension), ContentFile(data))
    field_file.name = name
    return name


def discard_file(field_file: FieldFile | None) -> None:
    """Delete a stored file (after a failed save, or with its row)."""
    if field_file and field_file.name:
        field_file.storage.delete(field_file.name)


def clean_file_name(name: str | None) -> str:
    """The user's file name without any directory part or control characters (shown, never used
    on disk)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "file"
