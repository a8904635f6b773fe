"""Checking the field-encryption key list (``NETRA_FIELD_ENCRYPTION_KEYS``).

Kept free of Django models and app imports so that the production settings can call it while
they load, and ``core.crypto`` uses the same check at run time.
"""

from __future__ import annotations

from collections.abc import Iterable

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def parse_keys(raw: str | Iterable[str]) -> list[str]:
    """Split and check a key list; ``ImproperlyConfigured`` names the position of a bad key."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    keys = [k.strip() for k in items if k and k.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"NETRA_FIELD_ENCRYPTION_KEYS: kunci ke-{position} bukan kunci Fernet yang sah / "
                f"key number {position} is not a valid Fernet key (32 url-safe base64 bytes; "
                "create one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')"
            ) from exc
    return keys
