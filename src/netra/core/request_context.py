"""The request (or background job) currently being served, for the audit trail.

``RequestIdMiddleware`` sets it for each HTTP request; Celery tasks and management commands set it
with :func:`origin` so every audit entry says where a change came from.
"""

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    request_id: str
    method: str
    path: str
    # Set for work done without a person behind it (``core.audit.system_actor``), e.g.
    # "public_portal" or "task:cases.send_deadline_reminders".
    channel: str = ""

    def as_dict(self) -> dict[str, str]:
        data = {"request_id": self.request_id, "method": self.method, "path": self.path}
        if self.channel:
            data["channel"] = self.channel
        return data


_current: ContextVar[Origin | None] = ContextVar("netra_origin", default=None)


def current() -> Origin | None:
    return _current.get()


def current_request_id() -> str | None:
    """Correlation id getter for django-auditlog (``AUDITLOG_CID_GETTER``)."""
    value = _current.get()
    return value.request_id if value else None


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def origin(method: str, path: str, request_id: str | None = None, channel: str = ""):
    """Mark work done outside HTTP, e.g. ``origin("task", "regions.import_regions")``."""
    token = _current.set(Origin(request_id or new_request_id(), method, path, channel))
    try:
        yield
    finally:
        _current.reset(token)
