"""Encryption at rest for identity (identitas pelapor dan saksi): fields and whole files.

Keys come from their own setting, never from ``SECRET_KEY``:

* ``NETRA_FIELD_ENCRYPTION_KEYS`` (environment variable of the same name): a comma-separated list
  of Fernet keys, newest first. Data is encrypted with the first key and decrypted with any of
  them (:class:`cryptography.fernet.MultiFernet`), so a key is rotated by putting a new one in
  front, running ``netra rotate_encryption_keys`` and then dropping the old one.
* Without the variable (embedded demo and tests only; production settings refuse to start), a key
  is generated once and kept in ``NETRA_DATA_DIR/field-keys`` (mode 0600).

The field classes below are django-fernet-encrypted-fields' fields with the key source replaced;
their stored format (a Fernet token as text, NULL for empty) is unchanged.

Files: every file of the private storage is encrypted at rest by
``netra.core.storage.EncryptedFileSystemStorage`` with the same keys, in the streamed AES-GCM
format of :func:`encrypt_stream` / :class:`DecryptingReader` (see the section below and
docs/files.md). :func:`encrypt_bytes` / :func:`decrypt_bytes` (whole-file Fernet tokens) and
:func:`register_encrypted_files` remain for files an app keeps outside that storage; rotation
re-encrypts both kinds.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import io
import os
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models
from encrypted_fields import fields as _lib

from .keys import parse_keys

KEY_FILE_NAME = "field-keys"

__all__ = [
    "EncryptedCharField",
    "EncryptedEmailField",
    "EncryptedFieldMixin",
    "DecryptingReader",
    "EncryptedFileError",
    "EncryptedTextField",
    "InvalidToken",
    "decrypt_bytes",
    "encrypt_bytes",
    "encrypt_file_bytes",
    "encrypt_stream",
    "encrypted_fields",
    "encrypted_files",
    "is_current",
    "multifernet",
    "register_encrypted_files",
    "rotate_token",
]


# --- Keys -----------------------------------------------------------------------------------


def data_dir() -> Path:
    return Path(getattr(settings, "NETRA_DATA_DIR", None) or settings.DATA_DIR)


@functools.lru_cache(maxsize=8)
def _embedded_keys(directory: str) -> tuple[str, ...]:
    """The generated key of an embedded installation, created on first use (0600).

    Created atomically (a fully written temporary file hard-linked into place), so two processes
    starting together agree on one key.
    """
    path = Path(directory) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".field-keys-")
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, Fernet.generate_key() + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            os.unlink(tmp)
    return tuple(parse_keys(path.read_text().replace("\n", ",")))


def configured_keys() -> tuple[str, ...]:
    """The Fernet keys in force, newest first."""
    keys = getattr(settings, "NETRA_FIELD_ENCRYPTION_KEYS", None)
    if keys:
        return tuple(keys) if not isinstance(keys, str) else tuple(parse_keys(keys))
    return _embedded_keys(str(data_dir()))


@functools.lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in parse_keys(keys)])


@functools.lru_cache(maxsize=8)
def _fernet(key: str) -> Fernet:
    return Fernet(key)


def multifernet() -> MultiFernet:
    """Encrypts with the newest key, decrypts with any configured key."""
    return _multifernet(configured_keys())


def newest_fernet() -> Fernet:
    return _fernet(configured_keys()[0])


def is_current(token: bytes | str) -> bool:
    """Whether ``token`` is already encrypted with the newest key (rotation skips it)."""
    if isinstance(token, str):
        token = token.encode()
    try:
        newest_fernet().decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate_token(token: bytes | str) -> bytes:
    """Re-encrypt ``token`` with the newest key (``InvalidToken`` if no key opens it)."""
    if isinstance(token, str):
        token = token.encode()
    return multifernet().rotate(token)


# --- Files ----------------------------------------------------------------------------------


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt a whole file's content with the newest key (Fernet token, url-safe text)."""
    return multifernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt what :func:`encrypt_bytes` produced, under any configured key."""
    return multifernet().decrypt(token)


_file_sources: list[Callable[[], Iterable[str | Path]]] = []


def register_encrypted_files(source: Callable[[], Iterable[str | Path]]) -> None:
    """Declare files stored encrypted: ``source()`` yields their paths (absolute, or relative to
    ``MEDIA_ROOT``). Called from an app's ``ready()``; rotation re-encrypts every listed file."""
    if source not in _file_sources:
        _file_sources.append(source)


def encrypted_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    found: dict[str, Path] = {}
    for source in _file_sources:
        for item in source():
            path = Path(item)
            path = path if path.is_absolute() else root / path
            found.setdefault(str(path), path)
    return [found[k] for k in sorted(found)]


def rotate_file(path: Path) -> bool:
    """Re-encrypt one stored file with the newest key; False when it already was (or is gone).

    Written to a temporary file and renamed over the original, so a crash never leaves half a
    file."""
    try:
        token = path.read_bytes()
    except FileNotFoundError:
        return False
    if is_current(token):
        return False
    rotated = rotate_token(token)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rotate-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(rotated)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


# --- Private storage files (streamed AES-GCM) -------------------------------------------------
#
# Every file in the private storage is written by ``netra.core.storage.EncryptedFileSystemStorage``
# in this format (version 1), so that a 20 MB video is encrypted and served in 64 KiB pieces,
# a download can seek, and the plaintext size is known from the file size alone:
#
#   header  = MAGIC (7 bytes "NETRAF\0") | version (1 byte) | key id (8) | salt (16) | chunk (4)
#   chunk i = AES-256-GCM(file key, nonce = i as 11 bytes | last-flag byte, plaintext piece,
#                         associated data = header)            -> piece + 16-byte tag
#
# The file key is HKDF-SHA256(Fernet key, salt, "netra file v1"): a fresh key per file, so the
# counter nonces never repeat under one key. The key id (HMAC-SHA256 of the Fernet key, 8 bytes)
# names which configured key opens the file, so rotation sees which files are not yet under the
# newest key without decrypting them. The last-flag in the nonce and the header in every tag make
# truncating, reordering or editing a file fail to decrypt. Files without the magic header
# (written before encryption at rest) are read as they are.

FILE_MAGIC = b"NETRAF\x00"
FILE_VERSION = 1
FILE_CHUNK = 64 * 1024
_HEADER = struct.Struct(">7sB8s16sI")
FILE_HEADER_SIZE = _HEADER.size
_TAG = 16


class EncryptedFileError(OSError):
    """A stored encrypted file that no configured key opens, or that was damaged."""


@functools.lru_cache(maxsize=16)
def _file_key_id(key: str) -> bytes:
    secret = base64.urlsafe_b64decode(key)
    return hmac.new(secret, b"netra file key id", hashlib.sha256).digest()[:8]


def _file_aead(key: str, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                   info=b"netra file v1").derive(base64.urlsafe_b64decode(key))
    return AESGCM(derived)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_encrypted_file_header(head: bytes) -> bool:
    """Whether the first bytes of a stored file are this format's header."""
    return head[:len(FILE_MAGIC)] == FILE_MAGIC


def file_key_id_current(head: bytes) -> bool:
    """Whether an encrypted file (its first ``FILE_HEADER_SIZE`` bytes) is under the newest key."""
    return head[8:16] == _file_key_id(configured_keys()[0])


def encrypt_stream(source: Iterable[bytes | str], *,
                   chunk_size: int = FILE_CHUNK) -> Iterator[bytes]:
    """The encrypted form of the bytes in ``source`` (any piece sizes), piece by piece, under
    the newest key."""
    key = configured_keys()[0]
    salt = os.urandom(16)
    header = _HEADER.pack(FILE_MAGIC, FILE_VERSION, _file_key_id(key), salt, chunk_size)
    aead = _file_aead(key, salt)
    yield header
    buffer = bytearray()
    index = 0
    for piece in source:
        buffer += piece.encode() if isinstance(piece, str) else piece
        # Keep at least one full piece back: the last one is sealed with the last-flag.
        while len(buffer) > chunk_size:
            yield aead.encrypt(_nonce(index, False), bytes(buffer[:chunk_size]), header)
            del buffer[:chunk_size]
            index += 1
    yield aead.encrypt(_nonce(index, True), bytes(buffer), header)


def encrypt_file_bytes(data: bytes) -> bytes:
    """``data`` in the storage file format (for tests and small files)."""
    return b"".join(encrypt_stream([data]))


class DecryptingReader(io.RawIOBase):
    """A seekable, read-only view of the plaintext of an encrypted stored file.

    Decrypts one piece at a time (at most ``chunk`` bytes held); ``size`` is known from the
    file's length. ``EncryptedFileError`` when no configured key opens it or a piece fails its
    tag (damaged or truncated file)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        raw.seek(0)
        header = raw.read(FILE_HEADER_SIZE)
        if len(header) < FILE_HEADER_SIZE:
            raise EncryptedFileError("encrypted file: header is truncated")
        magic, version, key_id, salt, chunk = _HEADER.unpack(header)
        if magic != FILE_MAGIC or version != FILE_VERSION or chunk < 1:
            raise EncryptedFileError("encrypted file: unknown format")
        key = next((k for k in configured_keys() if _file_key_id(k) == key_id), None)
        if key is None:
            raise EncryptedFileError(
                "encrypted file: no key in NETRA_FIELD_ENCRYPTION_KEYS opens it "
                "(is an old key missing?)")
        self._header = header
        self._aead = _file_aead(key, salt)
        self._chunk = chunk
        body = raw.seek(0, io.SEEK_END) - FILE_HEADER_SIZE
        self._pieces = max(1, -(-body // (chunk + _TAG)))
        last = body - (self._pieces - 1) * (chunk + _TAG)
        if last < _TAG:
            raise EncryptedFileError("encrypted file: truncated")
        self.size = body - self._pieces * _TAG
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def _piece(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._raw.seek(FILE_HEADER_SIZE + index * (self._chunk + _TAG))
        sealed = self._raw.read(self._chunk + _TAG)
        try:
            plain = self._aead.decrypt(_nonce(index, index == self._pieces - 1), sealed,
                                       self._header)
        except InvalidTag as exc:
            raise EncryptedFileError("encrypted file: damaged (authentication failed)") from exc
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: Any) -> int:  # a writable buffer (memoryview, bytearray)
        if self._pos >= self.size:
            return 0
        index, offset = divmod(self._pos, self._chunk)
        piece = self._piece(index)[offset:offset + len(buffer)]
        buffer[:len(piece)] = piece
        self._pos += len(piece)
        return len(piece)

    def readall(self) -> bytes:
        parts = []
        while self._pos < self.size:
            index, offset = divmod(self._pos, self._chunk)
            piece = self._piece(index)[offset:]
            parts.append(piece)
            self._pos += len(piece)
        return b"".join(parts)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def plaintext_size(path: Path) -> int:
    """The size of a stored file's content: decrypted size for an encrypted file (from its
    length, nothing decrypted), the file size otherwise."""
    with open(path, "rb") as raw:
        head = raw.read(FILE_HEADER_SIZE)
        total = raw.seek(0, io.SEEK_END)
    if not is_encrypted_file_header(head) or len(head) < FILE_HEADER_SIZE:
        return total
    chunk = _HEADER.unpack(head)[4]
    body = total - FILE_HEADER_SIZE
    pieces = max(1, -(-body // (chunk + _TAG)))
    return body - pieces * _TAG


# --- Fields ---------------------------------------------------------------------------------


class EncryptedFieldMixin(_lib.EncryptedFieldMixin):
    """django-fernet-encrypted-fields' field, keyed by ``NETRA_FIELD_ENCRYPTION_KEYS``.

    Identity values live only here: the audit log never records them (``core.audit``).
    """

    @property
    def keys(self) -> list[bytes]:
        return [k.encode() for k in configured_keys()]

    @property
    def f(self) -> MultiFernet:
        return multifernet()


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    pass


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


class EncryptedEmailField(EncryptedFieldMixin, models.EmailField):
    pass


def is_encrypted_field(field) -> bool:
    """Encrypted with Netra's keys or the library's own (both hold identity)."""
    return isinstance(field, _lib.EncryptedFieldMixin)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and their field names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]
        if names:
            found.append((model, names))
    return found
