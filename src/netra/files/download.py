"""Audited downloads (unduhan tercatat) of privately stored files.

The view checks access first (out of scope is 404) and then calls ``serve_private_file``: the
file goes out as an attachment with ``X-Content-Type-Options: nosniff``, no caching and a
sandboxing Content-Security-Policy, and an ``ACCESS`` entry is written to the audit trail with
the actor (chain of custody: who opened which bytes, when, from which request).
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.http import FileResponse, Http404


def record_access(*, obj, actor, sha256: str | None = None) -> LogEntry:
    """Chain of custody: log who opened a stored file, when and from which request."""
    digest = sha256 if sha256 is not None else getattr(obj, "sha256", "")
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"sha256": [digest, digest]},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def private_file_response(field_file, *, content_type: str, file_name: str) -> FileResponse:
    """The stored file as a safe attachment (no audit entry: see ``serve_private_file``)."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    if content_type.startswith("text/") and "charset" not in content_type:
        content_type += "; charset=utf-8"  # intake accepts only UTF-8 text
    response = FileResponse(handle, as_attachment=True, filename=file_name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def serve_private_file(request, *, obj, field_file, content_type: str,
                       file_name: str) -> FileResponse:
    """Serve ``field_file`` (of the row ``obj``) to ``request.user`` as an attachment and audit
    the access. Call it only after the access check."""
    response = private_file_response(field_file, content_type=content_type, file_name=file_name)
    record_access(obj=obj, actor=request.user)
    return response
