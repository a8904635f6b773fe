"""Facts about the HTTP request that several apps need: the client's real address."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5050"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client address for lockouts (``AXES_CLIENT_IP_CALLABLE``).

    Without trusted proxies this is ``REMOTE_ADDR``. Behind ``n`` trusted proxies that each
    append the address they saw to ``X-Forwarded-For`` (nginx ``$proxy_add_x_forwarded_for``),
    the client is the ``n``-th entry from the right; entries further left are written by the
    client and can be forged, so they are never used.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    hops = int(getattr(settings, "NETRA_TRUSTED_PROXIES", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return remote
    return _valid_ip(forwarded[-hops]) or remote
