"""The portal's rate limits (``netra.core.ratelimit``), configured by setting name as
``(count, seconds)``; see ``NETRA_PORTAL_*`` in ``settings/base.py``."""

from __future__ import annotations

from netra.core import ratelimit
from netra.core.ratelimit import session_ident

__all__ = ["DEFAULTS", "is_blocked", "limit_of", "over_limit", "session_ident"]

DEFAULTS = {
    "NETRA_PORTAL_SUBMIT_PER_IP": (20, 3600),
    "NETRA_PORTAL_SUBMIT_PER_SESSION": (5, 3600),
    "NETRA_PORTAL_LOOKUP_PER_IP": (10, 900),
    "NETRA_PORTAL_MESSAGE_PER_IP": (30, 3600),
}


def limit_of(setting: str) -> tuple[int, int]:
    return ratelimit.setting_limit(setting, DEFAULTS[setting])


def over_limit(request, name: str, *, per_ip: str, per_session: str | None = None,
               count: bool = True) -> bool:
    """Count one attempt of ``name`` (when ``count``) and say whether a limit is exceeded.
    The "session" is the visitor id of the portal's signed cookie (``grants``), not a database
    session."""
    from . import grants

    return ratelimit.over_limit(
        request, f"portal:{name}", per_ip=limit_of(per_ip),
        per_session=limit_of(per_session) if per_session else None, count=count,
        session=grants.visitor(request) if per_session else None)


def is_blocked(request, name: str, *, per_ip: str) -> bool:
    """Whether the address already used up ``name`` (without counting this request)."""
    return ratelimit.is_blocked(request, f"portal:{name}", per_ip=limit_of(per_ip))
