"""Fixed-window rate limits in the Django cache, per client address and per browser session.

One home for the public forms' limits (portal reports, status lookups and messages,
questionnaire responses). A limit is ``(count, seconds)``: more than ``count`` attempts of one
``name`` from one address (or session) within a window of ``seconds`` is over the limit. The
window is fixed (the counter key carries the window's number), so a burst at a window's edge
can reach twice the count; that is accepted for forms whose limits are generous by design.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from netra.core.http import client_ip

Limit = tuple[int, int]


def setting_limit(setting: str, default: Limit) -> Limit:
    """The ``(count, seconds)`` limit configured as ``setting``, else ``default``."""
    value = getattr(settings, setting, None) or default
    return int(value[0]), int(value[1])


def session_ident(request) -> str:
    """The browser session's key (a session is created when there is none yet)."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or "-"


def _bucket(name: str, kind: str, ident: str, window: int) -> str:
    return f"netra:rl:{name}:{kind}:{ident}:{int(time.time()) // window}"


def _count(key: str, window: int, *, add: bool) -> int:
    if not add:
        return int(cache.get(key, 0))
    # Increment first: after the window's first attempt the counter exists, and with Redis that
    # is two round trips (EXISTS, INCRBY) instead of three (a failing SET NX first).
    try:
        return int(cache.incr(key))
    except ValueError:  # no counter in this window yet
        if cache.add(key, 1, timeout=window + 1):
            return 1
    try:
        return int(cache.incr(key))  # another request created it in between
    except ValueError:  # and it expired already
        cache.add(key, 1, timeout=window + 1)
        return 1


def over_limit(request, name: str, *, per_ip: Limit | None = None,
               per_session: Limit | None = None, count: bool = True,
               session: str | None = None) -> bool:
    """Count one attempt of ``name`` (when ``count``) for this address and this session, and say
    whether either is now over its limit. ``session`` identifies the browser instead of the
    Django session (the portal's signed cookie, which spares a session row per visitor)."""
    checks = []
    if per_ip is not None:
        checks.append(("ip", client_ip(request) or "-", per_ip))
    if per_session is not None:
        checks.append(("session", session or session_ident(request), per_session))
    exceeded = False
    for kind, ident, (limit, window) in checks:
        if _count(_bucket(name, kind, ident, window), window, add=count) > limit:
            exceeded = True
    return exceeded


def is_blocked(request, name: str, *, per_ip: Limit) -> bool:
    """Whether this address already used up ``name`` (without counting this request)."""
    limit, window = per_ip
    ident = client_ip(request) or "-"
    return _count(_bucket(name, "ip", ident, window), window, add=False) >= limit
