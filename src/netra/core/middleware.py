"""Request id for logs, the audit trail and the ``X-Request-ID`` response header."""

import re

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware

from . import request_context
from .http import client_ip

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else request_context.new_request_id()
        request.request_id = request_id
        # django-auditlog's middleware reads its correlation id from this header: hand it the id
        # actually used, so a missing or invalid incoming id never reaches the audit trail.
        request.META["HTTP_X_REQUEST_ID"] = request_id
        request.__dict__.pop("headers", None)  # HttpRequest.headers is a cached property
        with request_context.origin(request.method, request.path[:255], request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware, recording the client address the way lockouts see it.

    The stock middleware takes the left-most ``X-Forwarded-For`` entry, which any client can
    write; :func:`netra.core.http.client_ip` trusts only the entries added by the
    ``NETRA_TRUSTED_PROXIES`` proxies in front of Netra.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)
