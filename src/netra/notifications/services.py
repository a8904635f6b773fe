"""Creating and reading notifications. Every change is the owner's own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(user: Any, *, kind: str, title: str, body: str = "", url: str = ""
           ) -> Notification:
    """One notification for ``user`` (the text already in their language)."""
    return Notification.objects.create(user=user, kind=kind, title=title[:255], body=body,
                                       url=url[:500])


def mark_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the user's own notifications read; another user's raises DoesNotExist."""
    with transaction.atomic():
        note = Notification.objects.select_for_update().get(pk=pk, user_id=user.pk)
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at", "updated_at"])
    return note


def mark_all_read(*, user: Any) -> int:
    now = timezone.now()
    with transaction.atomic():
        notes: Iterable[Notification] = Notification.objects.select_for_update().filter(
            user_id=user.pk, read_at__isnull=True)
        count = 0
        for note in notes:  # one save each, so the audit log records every change
            note.read_at = now
            note.save(update_fields=["read_at", "updated_at"])
            count += 1
    return count
