"""Fixed-window rate limits in the Django cache (per address, per session), no third party.

Limits come from settings as ``(count, seconds)``; see ``NETRA_PORTAL_*`` in ``settings/base.py``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from netra.core.http import client_ip

DEFAULTS = {
    "NETRA_PORTAL_SUBMIT_PER_IP": (20, 3600),
    "NETRA_PORTAL_SUBMIT_PER_SESSION": (5, 3600),
    "NETRA_PORTAL_LOOKUP_PER_IP": (10, 900),
    "NETRA_PORTAL_MESSAGE_PER_IP": (30, 3600),
}


def limit_of(setting: str) -> tuple[int, int]:
    value = getattr(settings, setting, None) or DEFAULTS[setting]
    return int(value[0]), int(value[1])


def _bucket(name: str, ident: str, window: int) -> str:
    return f"netra:portal:rl:{name}:{ident}:{int(time.time()) // window}"


def _count(key: str, window: int, *, add: bool) -> int:
    if not add:
        return int(cache.get(key, 0))
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def session_ident(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or "-"


def over_limit(request, name: str, *, per_ip: str, per_session: str | None = None,
               count: bool = True) -> bool:
    """Count one attempt of ``name`` (when ``count``) and say whether a limit is exceeded."""
    checks = [(per_ip, client_ip(request) or "-")]
    if per_session:
        checks.append((per_session, session_ident(request)))
    exceeded = False
    for setting, ident in checks:
        limit, window = limit_of(setting)
        if _count(_bucket(f"{name}:{setting}", ident, window), window, add=count) > limit:
            exceeded = True
    return exceeded


def is_blocked(request, name: str, *, per_ip: str) -> bool:
    """Whether the address already used up ``name`` (without counting this request)."""
    limit, window = limit_of(per_ip)
    ident = client_ip(request) or "-"
    return _count(_bucket(f"{name}:{per_ip}", ident, window), window, add=False) >= limit
