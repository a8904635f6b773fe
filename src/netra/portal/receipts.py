"""Receipt codes (kode tanda terima): unguessable, typed back by people, never stored.

A code is 16 characters from an alphabet without look-alikes (no 0/O, 1/I/L), 80 bits, shown in
groups of four. It is derived from the form's idempotency key with an HMAC under ``SECRET_KEY``,
so a retried submission answers with the same code although only its SHA-256 is kept.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols, no 0/O, 1/I/L
CODE_LENGTH = 16
PREFIX_LENGTH = 4


def code_for_key(idempotency_key: str) -> str:
    """The receipt code of the submission made with ``idempotency_key``."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"netra.portal.receipt:" +
                      idempotency_key.encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars)


def normalise(text: str) -> str:
    """What a person typed, without spaces or dashes, upper case."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def display(code: str) -> str:
    """``ABCD-EFGH-JKMN-PQRS``."""
    code = normalise(code)
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(b"netra.portal.receipt:" + normalise(code).encode()).hexdigest()


def key_hash(idempotency_key: str) -> str:
    return hashlib.sha256(b"netra.portal.idempotency:" + idempotency_key.encode()).hexdigest()


def looks_valid(code: str) -> bool:
    value = normalise(code)
    return len(value) == CODE_LENGTH and all(ch in ALPHABET for ch in value)
