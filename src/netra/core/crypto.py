"""Encryption at rest for identity (identitas pelapor dan saksi): fields and whole files.

Keys come from their own setting, never from ``SECRET_KEY``:

* ``NETRA_FIELD_ENCRYPTION_KEYS`` (environment variable of the same name): a comma-separated list
  of Fernet keys, newest first. Data is encrypted with the first key and decrypted with any of
  them (:class:`cryptography.fernet.MultiFernet`), so a key is rotated by putting a new one in
  front, running ``netra rotate_encryption_keys`` and then dropping the old one.
* Without the variable (embedded demo and tests only; production settings refuse to start), a key
  is generated once and kept in ``NETRA_DATA_DIR/field-keys`` (mode 0600).

The field classes below are django-fernet-encrypted-fields' fields with the key source replaced;
their stored format (a Fernet token as text, NULL for empty) is unchanged. Files: apps that keep
identity-bearing files encrypted use :func:`encrypt_bytes` / :func:`decrypt_bytes` and declare
those files with :func:`register_encrypted_files` so that rotation re-encrypts them too.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models
from encrypted_fields import fields as _lib

from .keys import parse_keys

KEY_FILE_NAME = "field-keys"

__all__ = [
    "EncryptedCharField",
    "EncryptedEmailField",
    "EncryptedFieldMixin",
    "EncryptedTextField",
    "InvalidToken",
    "decrypt_bytes",
    "encrypt_bytes",
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
