"""Idempotent creation: a client's ``Idempotency-Key`` makes a retried creating request answer
with what the first one created instead of creating it again.

``run_once(user=…, key=…, fingerprint=…, create=…)`` is called by an entry point (an API
operation, a form) around the one service that creates the object.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyKey

M = TypeVar("M", bound=models.Model)


class IdempotencyKeyReused(Exception):
    """The key was used for another request (another body, path or method): HTTP 422."""


def request_fingerprint(*, method: str, path: str, body: bytes) -> str:
    """SHA-256 of method, path and body; a JSON body is compared by content, so a retry that
    orders keys or spaces differently is the same request."""
    try:
        canonical = json.dumps(
            json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    except ValueError:
        canonical = body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), canonical):
        digest.update(part)
        digest.update(b"\n")
    return digest.hexdigest()


def run_once(*, user, key: str, fingerprint: str, create: Callable[[], M]) -> M:
    """Call ``create()`` once per ``user`` and ``key`` within ``IdempotencyKey.RETENTION`` and
    return its object; a repeat of the same request returns the object the first one created.

    The key row is written before ``create()`` in the same transaction: a concurrent request with
    the same key waits on the unique constraint and then finds the committed row. If ``create()``
    raises (a refusal), the row goes with it, so a corrected retry may use the same key.
    """
    now = timezone.now()
    with transaction.atomic():
        IdempotencyKey.objects.filter(
            user=user, key=key, created_at__lte=now - IdempotencyKey.RETENTION
        ).delete()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=fingerprint, status_code=201, created_at=now
                )
        except IntegrityError:
            row = IdempotencyKey.objects.select_related("object_type").get(user=user, key=key)
            if row.fingerprint != fingerprint:
                raise IdempotencyKeyReused(
                    _(
                        "This Idempotency-Key was already used for a different request. "
                        "Send a new key with a new request."
                    )
                ) from None
            # A committed row always names what it created: it is filled in the same transaction.
            content_type = cast(ContentType, row.object_type)
            model = cast("type[M]", content_type.model_class())
            return model._base_manager.get(pk=row.object_id)
        created = create()
        row.object_type = ContentType.objects.get_for_model(created)
        row.object_id = str(created.pk)
        row.save(update_fields=["object_type", "object_id"])
        return created


def purge_expired(*, now=None) -> int:
    """Delete keys past their retention; returns how many."""
    limit = (now or timezone.now()) - IdempotencyKey.RETENTION
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lte=limit).delete()
    return deleted
