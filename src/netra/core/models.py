"""Base models shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import request_context
from .scoping import ScopedQuerySet


class AuditedModel(models.Model):
    """Base for every domain model: timestamps, and the request behind each audit entry.

    Subclasses must be registered with django-auditlog (``core.audit.register``); a test fails
    for any model of a Netra app that is not.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict | None:
        origin = request_context.current()
        return origin.as_dict() if origin else None


class ScopedModel(AuditedModel):
    """A jurisdiction-bound model: an indexed Kemendagri ``region_code`` and the scoped manager.

    ``region_code`` is empty for national records (Bawaslu RI, BKN). A subtree is a code prefix.
    """

    region_code = models.CharField(_("region code"), max_length=13, blank=True, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
