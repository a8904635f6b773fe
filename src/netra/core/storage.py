"""Private storage primitives (penyimpanan privat): the one implementation behind
``netra.files.storage`` and the uploaded tables of ``netra.imports``.

They live in ``core`` because the layer contract keeps ``files`` and ``imports`` independent
siblings that may only build on ``core``. Modules keep using ``netra.files.storage``.

Files live in the default storage, whose root is ``MEDIA_ROOT`` = ``NETRA_DATA_DIR/private``:
outside the web root and never served by URL. A stored name is
``<folder>/<yyyy>/<mm>/<random>.<ext>`` where the folder and extension come from code: nothing the
user typed reaches the disk. The user's file name is kept, cleaned, for display and as the
download name only.

Encryption at rest: the default storage is :class:`EncryptedFileSystemStorage` (settings
``STORAGES["default"]``). Every file written through it is encrypted with the newest key of
``NETRA_FIELD_ENCRYPTION_KEYS`` (format in ``netra.core.crypto``) and decrypted when opened, so
callers (``save_private_file``, ``FieldFile.open``, downloads, document rendering) see only
plaintext and SHA-256 values stay those of the plaintext. Files written before encryption (no
header) are read as they are until ``netra encrypt_private_files`` encrypts them;
``netra rotate_encryption_keys`` re-encrypts files under an older key
(:func:`secure_private_files`).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from . import crypto

__all__ = [
    "EncryptedFileSystemStorage",
    "clean_file_name",
    "discard_file",
    "read_private_file",
    "save_private_file",
    "secure_private_files",
    "stored_name",
]

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


def read_private_file(field_file: FieldFile) -> bytes:
    """The whole (decrypted) content of a stored file."""
    with field_file.open("rb") as handle:
        return handle.read()


# --- Encryption at rest ---------------------------------------------------------------------


class _EncryptingContent(File):
    """What ``FileSystemStorage._save`` writes: the encrypted pieces of ``content``."""

    def __init__(self, content: File) -> None:
        super().__init__(None, name=content.name)
        self._content = content

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return crypto.encrypt_stream(self._content.chunks())


class _StoredFile(File):
    """An opened stored file. Reopening it after ``close()`` goes through the storage again
    (Django's ``File.open`` would reopen the path on disk and read the ciphertext)."""

    def __init__(self, stream: Any, *, name: str, size: int,
                 storage: EncryptedFileSystemStorage, stored: str) -> None:
        super().__init__(stream, name=name)
        self.size = size
        self._storage = storage
        self._stored = stored

    def open(self, mode: str | None = None, *args: Any, **kwargs: Any) -> _StoredFile:
        if not self.closed:
            self.seek(0)
            return self
        fresh = self._storage._open(self._stored, mode or "rb")
        self.file, self.size = fresh.file, fresh.size
        return self


class EncryptedFileSystemStorage(FileSystemStorage):
    """The private storage with every file encrypted at rest (penyimpanan terenkripsi).

    Saving encrypts while streaming (an upload held in a temporary file is read, never moved
    into place in the clear); opening returns a seekable decrypted stream whose ``size`` is the
    plaintext size, so ``FileResponse`` sends the right Content-Length. Files without the
    encryption header (written before) are opened as they are. Only reading modes are
    supported: files are written once, through ``save``."""

    def _save(self, name: str, content: File) -> str:
        # django-stubs does not declare FileSystemStorage._save (Django's documented hook).
        return super()._save(name, _EncryptingContent(content))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wax+"):
            raise ValueError("Private files are written through save(), never opened to write.")
        path = self.path(name)
        raw = open(path, "rb")  # noqa: SIM115  (handed to the returned File)
        try:
            encrypted = crypto.is_encrypted_file_header(raw.read(crypto.FILE_HEADER_SIZE))
            if not encrypted:
                raw.seek(0)
                stream: Any = raw
                size = os.fstat(raw.fileno()).st_size
            else:
                reader = crypto.DecryptingReader(raw)
                size = reader.size
                stream = io.BufferedReader(reader, buffer_size=crypto.FILE_CHUNK)
        except BaseException:
            raw.close()
            raise
        if "b" not in mode:
            stream = io.TextIOWrapper(stream, encoding="utf-8")
        return _StoredFile(stream, name=path, size=size, storage=self, stored=name)

    def size(self, name: str) -> int:
        return crypto.plaintext_size(Path(self.path(name)))


# --- Encrypting existing files and rotating their key ----------------------------------------


@dataclass
class SecureResult:
    """What :func:`secure_private_files` did."""

    checked: int = 0
    encrypted: int = 0  # plaintext files encrypted
    rotated: int = 0  # files re-encrypted under the newest key
    skipped: int = 0  # already as wanted (or another kind of file left alone)
    failed: list[str] = field(default_factory=list)  # "<path>: <reason>", left as they were


def _private_paths(root: Path) -> Iterator[Path]:
    """Every regular file under the storage root, in a stable order (symbolic links and our
    own temporary files are left alone)."""
    for directory, folders, files in os.walk(root):
        folders.sort()
        for file_name in sorted(files):
            path = Path(directory) / file_name
            if file_name.startswith(".netra-enc-") or path.is_symlink():
                continue
            yield path


def _rewrite_encrypted(path: Path) -> None:
    """Replace ``path`` by its content encrypted under the newest key: written to a temporary
    file next to it, synced, then renamed over it, so a crash leaves the old or the new file,
    never half of one. Readers holding the old file open keep reading it."""
    mode = path.stat().st_mode & 0o777
    with open(path, "rb") as raw:
        head = raw.read(crypto.FILE_HEADER_SIZE)
        raw.seek(0)
        source: Any = (io.BufferedReader(crypto.DecryptingReader(raw), crypto.FILE_CHUNK)
                       if crypto.is_encrypted_file_header(head) else raw)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".netra-enc-")
        try:
            with os.fdopen(fd, "wb") as target:
                pieces = iter(lambda: source.read(crypto.FILE_CHUNK), b"")
                for sealed in crypto.encrypt_stream(pieces):
                    target.write(sealed)
                target.flush()
                os.fsync(target.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def secure_private_files(*, what: Literal["plaintext", "rotate"],
                         progress: Callable[[SecureResult, Path], None] | None = None,
                         root: Path | None = None) -> SecureResult:
    """Walk the private storage and, file by file, encrypt the plaintext files
    (``what="plaintext"``) or re-encrypt the files under an older key (``what="rotate"``).

    Each file is replaced atomically and files already as wanted are skipped, so an interrupted
    run is simply started again. A file no configured key opens (or damaged) is left as it was
    and listed in ``failed``; the walk goes on."""
    root = Path(root or settings.MEDIA_ROOT)
    result = SecureResult()
    if not root.is_dir():
        return result
    # Files an app keeps as Fernet tokens itself (crypto.register_encrypted_files) are left alone.
    declared = {str(p) for p in crypto.encrypted_files()}
    for path in _private_paths(root):
        if str(path) in declared:
            continue
        result.checked += 1
        try:
            with open(path, "rb") as raw:
                head = raw.read(crypto.FILE_HEADER_SIZE)
        except FileNotFoundError:  # deleted meanwhile
            result.skipped += 1
            continue
        encrypted = crypto.is_encrypted_file_header(head)
        if what == "plaintext" and not encrypted:
            _rewrite_encrypted(path)
            result.encrypted += 1
        elif what == "rotate" and encrypted and not crypto.file_key_id_current(head):
            try:
                _rewrite_encrypted(path)
            except crypto.EncryptedFileError as exc:
                result.failed.append(f"{path}: {exc}")  # reported; the others still rotate
            else:
                result.rotated += 1
        else:
            result.skipped += 1
        if progress is not None:
            progress(result, path)
    return result
