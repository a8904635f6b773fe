"""Audit trail through django-auditlog: who, when, which fields, from which request or channel.

Every domain model is registered here (a test fails for any that is not). Each entry stores the
actor, the remote address, the changed fields (old → new), the request id as correlation id, and
in ``additional_data`` the request's method and path and the ``channel`` the change came through
("web", "api", "public_portal", "task:<name>", "command:<name>"), so an entry without an actor
still says where it came from.

Identity never enters the log: encrypted fields (and any ``identity_fields`` named at
registration) are recorded only as changed, with the constant :data:`HIDDEN` for both the old and
the new value (ADR 0004).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import cast

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from . import request_context

# django-auditlog ships no Indonesian catalogue; declaring its action labels here puts them in
# Netra's catalogue, and Django's translation lookup finds them for the history panel.
ACTION_LABELS = (_("create"), _("update"), _("delete"), _("access"))

NOISE_FIELDS = ("id", "created_at", "updated_at")

# Stored in place of an identity value (language-neutral); shown translated as HIDDEN_LABEL.
HIDDEN = "[hidden]"
HIDDEN_LABEL = _("[hidden]")
EMPTY = "—"
# Month names in the reader's language ("2 September 2024" / "2 Oktober 2024").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def hide_value(value: str) -> str:
    """django-auditlog mask callable: no part of an identity value is kept."""
    return HIDDEN


def identity_field_names(model: type[models.Model], extra=()) -> list[str]:
    from .crypto import is_encrypted_field

    names = {f.name for f in model._meta.concrete_fields if is_encrypted_field(f)}
    return sorted(names | set(extra))


def register(model: type[models.Model], *, identity_fields=(), **options) -> None:
    """Register a model with the audit log (idempotent).

    Only the model's own fields are diffed: reverse relations (``memberships``, ``cases`` …) and
    bookkeeping timestamps would otherwise show up as noise in every object's history. Encrypted
    fields, ``identity_fields`` and ``mask_fields`` are recorded as changed without their values.
    """
    if auditlog.contains(model):
        return
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    options["exclude_fields"] = [*options.get("exclude_fields", []), *reverse, *NOISE_FIELDS]
    hidden = identity_field_names(model, [*identity_fields, *options.pop("mask_fields", [])])
    if hidden:
        options["mask_fields"] = hidden
        options["mask_callable"] = "netra.core.audit.hide_value"
    auditlog.register(model, **options)


def is_registered(model: type[models.Model]) -> bool:
    return auditlog.contains(model)


# --- Actor and channel ------------------------------------------------------------------------


def set_request_actor(user) -> None:
    """Make ``user`` the actor of the audit entries of the request being served.

    django-auditlog's middleware fixes the actor before django-ninja authenticates a bearer
    token, so an API request would otherwise be recorded as "system". The middleware keeps the
    request's audit context in a context variable for the whole request; the token's user is
    written into it (``api.urls.TokenAuth`` calls this after a successful authentication).
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


@contextlib.contextmanager
def system_actor(channel: str):
    """Work done without a person behind it: the entries record ``channel`` instead of an actor.

    ``system_actor("public_portal")`` for an anonymous intake inside a request (its request id
    and path are kept), ``system_actor("task:cases.send_deadline_reminders")`` in a Celery task.
    """
    current = request_context.current()
    if current is not None:
        cm = request_context.origin(current.method, current.path, current.request_id, channel)
    else:
        kind, _sep, name = channel.partition(":")
        cm = request_context.origin(kind if name else "system", name or channel, None, channel)
    with cm:
        yield


def require_channel() -> str:
    """The channel of work done without a person (inside :func:`system_actor`).

    Raises ``OutOfScope`` otherwise: a service that accepts ``actor=None`` must never run as an
    anonymous, unrecorded actor.
    """
    from .exceptions import OutOfScope

    origin = request_context.current()
    if origin is None or not origin.channel:
        raise OutOfScope(gettext("Work without a staff member must name its channel."))
    return origin.channel


def channel_for(origin: request_context.Origin | None) -> str:
    if origin is None:
        return "system"
    if origin.channel:
        return origin.channel
    if origin.method in HTTP_METHODS:
        return "api" if origin.path.startswith("/api/") else "web"
    return f"{origin.method}:{origin.path}"


def _complete_entry(sender, instance: LogEntry, **kwargs) -> None:
    """Every entry carries its origin and channel, whichever model it is about."""
    if instance.pk is not None:
        return
    origin = request_context.current()
    data = dict(instance.additional_data or {})
    if origin is not None:
        for key, value in origin.as_dict().items():
            data.setdefault(key, value)
    data.setdefault("channel", channel_for(origin))
    instance.additional_data = data


pre_save.connect(_complete_entry, sender=LogEntry, dispatch_uid="netra.audit.complete_entry")


# --- Identity reveals -------------------------------------------------------------------------


def record_access(obj: models.Model, *, actor, **data) -> LogEntry:
    """An ACCESS entry on ``obj`` (e.g. an identity reveal), with ``data`` in additional_data."""
    origin = request_context.current()
    extra = {**(origin.as_dict() if origin else {}), **data}
    return LogEntry.objects.log_create(
        obj, action=LogEntry.Action.ACCESS, changes=None, force_log=True,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        additional_data=extra,
    )


# --- History for people -----------------------------------------------------------------------


class History(list):
    """Audit entries of one object, newest first; remembers the object for the history panel."""

    obj: models.Model | None = None


def object_history(obj: models.Model, *, limit: int = 100) -> History:
    """Audit entries for one object, newest first. Callers have already checked access.

    Reads (ACCESS entries such as identity reveals) are kept out: the panel shows changes."""
    entries = History(
        LogEntry.objects.get_for_object(obj)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
    entries.obj = obj
    return entries


@dataclass
class ChangeRow:
    field: str
    before: str
    after: str


@dataclass
class HistoryRow:
    entry: LogEntry
    action: str
    timestamp: dt.datetime
    when: str
    actor: str
    changes: list[ChangeRow] = field(default_factory=list)
    request: str = ""  # method, path and request id: office administrators only
    remote_addr: str = ""


def may_see_request_details(user, obj: models.Model | None) -> bool:
    """IP address, request path and request id: only administrators of the object's office (or of
    an office above it). Never recipient bodies, whose memberships are not supervisory."""
    from .permissions import CoreAction
    from .scoping import get_scope, region_within

    scope = get_scope(user)
    if scope.superuser:
        return True
    region = _region_of(obj)
    if region is None:
        return False
    return any(
        g.allows(CoreAction.AUDIT_DETAILS)
        and g.supervisory
        and region_within(region, g.region_code)
        for g in scope.grants
    )


def _region_of(obj) -> str | None:
    for candidate in (obj, getattr(obj, "case", None), getattr(obj, "office", None)):
        code = getattr(candidate, "region_code", None)
        if code is not None:
            return code
    return None


def _is_empty(value) -> bool:
    return value is None or value in ("", "None", "null", [], {})


def _format_value(model, field_name: str, raw, fk_labels: dict) -> str:
    """A stored diff value as a person reads it, in the active language."""
    if raw == HIDDEN:
        return str(HIDDEN_LABEL)
    if isinstance(raw, dict) and raw.get("type") == "m2m":
        related = _related_model(model, field_name)
        objects = ", ".join(fk_labels.get((related, "m2m", str(o)), str(o))
                            for o in raw.get("objects", [])) or EMPTY
        return (gettext("added: %(objects)s") if raw.get("operation") == "add"
                else gettext("removed: %(objects)s")) % {"objects": objects}
    if _is_empty(raw):
        return EMPTY
    try:
        model_field = model._meta.get_field(field_name) if model else None
    except Exception:  # noqa: BLE001 (a field removed since the entry was written)
        model_field = None
    text = str(raw)
    if model_field is None:
        return text
    if model_field.choices:
        labels = {str(k): v for k, v in model_field.flatchoices}
        return str(labels.get(text, text))
    if isinstance(model_field, models.ForeignKey):
        return fk_labels.get((model_field.related_model, text), text)
    if isinstance(model_field, models.BooleanField):
        return gettext("yes") if text in ("True", "true", "1") else gettext("no")
    if isinstance(model_field, models.DateTimeField):
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(value):  # django-auditlog stores datetimes as naive UTC
            value = value.replace(tzinfo=dt.UTC)
        return formats.date_format(timezone.localtime(value), DATETIME_FORMAT)
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(dt.date.fromisoformat(text[:10]), DATE_FORMAT)
        except ValueError:
            return text
    return text


def _changes(entry: LogEntry) -> dict:
    changes = entry.changes
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            return {}
    return changes or {}


def _fk_labels(entries: list[LogEntry]) -> dict:
    """Labels of the objects FK values point to, one query per related model (cheap)."""
    wanted: dict[type[models.Model], set[str]] = {}
    m2m: set[type[models.Model]] = set()
    for entry in entries:
        model = entry.content_type.model_class()
        if model is None:
            continue
        for name, values in _changes(entry).items():
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001, S112
                continue
            if (isinstance(values, dict) and values.get("type") == "m2m"
                    and _is_translated(model_field.related_model)):
                m2m.add(cast("type[models.Model]", model_field.related_model))
            if isinstance(model_field, models.ForeignKey) and isinstance(values, list):
                for value in values:
                    if not _is_empty(value) and value != HIDDEN:
                        related = cast("type[models.Model]", model_field.related_model)
                        wanted.setdefault(related, set()).add(str(value))
    labels: dict = {}
    for model, ids in wanted.items():
        clean = [i for i in ids if i.isdigit()]
        for pk, obj in model._default_manager.in_bulk(clean).items():
            label = obj.get_full_name() if hasattr(obj, "get_full_name") else str(obj)
            labels[(model, str(pk))] = label or str(obj)
    for model in m2m:
        labels.update(_translated_labels(model))
    return labels


def _related_model(model, field_name: str):
    try:
        return model._meta.get_field(field_name).related_model if model else None
    except Exception:  # noqa: BLE001 (a field removed since the entry was written)
        return None


def _is_translated(model) -> bool:
    if model is None:
        return False
    try:
        translator.get_options_for_model(model)
    except NotRegistered:
        return False
    return True


def _translated_labels(model: type[models.Model]) -> dict:
    """An m2m diff keeps its objects' labels as they read that day, in the language of whoever
    made the change. For a model with per-language texts (django-modeltranslation: the rule
    catalogue's violation forms) map the label in every language to the active language's, so
    the history reads in the reader's language. One query per such model."""
    rows = list(model._default_manager.all())
    current = {row.pk: str(row) for row in rows}
    labels: dict = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for row in rows:
                labels.setdefault((model, "m2m", str(row)), current[row.pk])
    return labels


def _field_label(model, name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except Exception:  # noqa: BLE001
        return name


def history_rows(entries: list[LogEntry], *, user, obj: models.Model | None = None
                 ) -> list[HistoryRow]:
    """The change history written for people: translated field names, "—" for empty, dates in the
    active language, choice labels, object labels for references; request details only for the
    office's administrators (:func:`may_see_request_details`)."""
    show_request = may_see_request_details(user, obj)
    fk_labels = _fk_labels(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, values in _changes(entry).items():
            if isinstance(values, dict):  # m2m
                before, after = EMPTY, _format_value(model, name, values, fk_labels)
            else:
                old, new = (list(values) + [None, None])[:2]
                before = _format_value(model, name, old, fk_labels)
                after = _format_value(model, name, new, fk_labels)
            changes.append(ChangeRow(_field_label(model, name) if model else name,
                                     before, after))
        data = entry.additional_data or {}
        actor = ""
        if entry.actor is not None:
            actor = entry.actor.get_full_name() or entry.actor.get_username()
        request = ""
        if show_request and data.get("path"):
            request = f"{data.get('method', '')} {data['path']} · {entry.cid or ''}".strip(" ·")
        rows.append(HistoryRow(
            entry=entry,
            action=str(entry.get_action_display()),
            timestamp=entry.timestamp,
            when=formats.date_format(timezone.localtime(entry.timestamp), DATETIME_FORMAT),
            actor=actor or channel_label(data.get("channel", "")),
            changes=changes,
            request=request,
            remote_addr=(entry.remote_addr or "") if show_request else "",
        ))
    return rows


_channel_labels: dict[str, object] = {}


def register_channel_label(channel: str, label) -> None:
    """Name an intake channel for people ("social_media" → "Social-media monitoring"); apps
    register their own (``cases`` registers its sources)."""
    _channel_labels[channel] = label


def channel_label(channel: str) -> str:
    """Who acted when no person did, for the history panel and the case timeline."""
    if channel in _channel_labels:
        return str(_channel_labels[channel])
    if channel == "public_portal":
        return gettext("public portal")
    if channel.startswith("task:"):
        return gettext("system (scheduled task)")
    if channel.startswith("command:"):
        return gettext("system (command)")
    return gettext("system")
