"""Audit trail through django-auditlog: who, when, which fields, from which request.

Every domain model is registered here (a test fails for any that is not). Each entry stores the
actor, the remote address, the changed fields (old → new), the request id as correlation id and
the request's method and path in ``additional_data``.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models


def register(model: type[models.Model], **options) -> None:
    """Register a model with the audit log (idempotent)."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)


def is_registered(model: type[models.Model]) -> bool:
    return auditlog.contains(model)


def object_history(obj: models.Model, *, limit: int = 100) -> list[LogEntry]:
    """Audit entries for one object, newest first. Callers have already checked access."""
    return list(
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit]
    )
