"""Base models shared by every app."""

from datetime import timedelta

from django.conf import settings
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


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` for a creating request, kept for ``RETENTION``.

    A retry with the same key and the same request (method, path and canonical body, compared
    by ``fingerprint``) answers with the object the first request created, without creating
    another; the same key with another request is refused. Only a reference to the created
    object is kept, never the response body: bodies can hold reporter identity.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("response status"))
    object_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("created object"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)

    RETENTION = timedelta(hours=24)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
