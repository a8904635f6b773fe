"""Audit trail through django-auditlog: who, when, which fields, from which request.

Every domain model is registered here (a test fails for any that is not). Each entry stores the
actor, the remote address, the changed fields (old → new), the request id as correlation id and
the request's method and path in ``additional_data``.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _

# django-auditlog ships no Indonesian catalogue; declaring its action labels here puts them in
# Netra's catalogue, and Django's translation lookup finds them for the history panel.
ACTION_LABELS = (_("create"), _("update"), _("delete"), _("access"))

NOISE_FIELDS = ("id", "created_at", "updated_at")


def register(model: type[models.Model], **options) -> None:
    """Register a model with the audit log (idempotent).

    Only the model's own fields are diffed: reverse relations (``memberships``, ``cases`` …) and
    bookkeeping timestamps would otherwise show up as noise in every object's history.
    """
    if auditlog.contains(model):
        return
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    options["exclude_fields"] = [*options.get("exclude_fields", []), *reverse, *NOISE_FIELDS]
    auditlog.register(model, **options)


def is_registered(model: type[models.Model]) -> bool:
    return auditlog.contains(model)


def object_history(obj: models.Model, *, limit: int = 100) -> list[LogEntry]:
    """Audit entries for one object, newest first. Callers have already checked access."""
    return list(
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit]
    )
