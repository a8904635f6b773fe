"""The reporter's access to their own submissions: a signed cookie, no server-side session.

A receipt (the answer to a report) or a correct receipt code on the status form grants that one
submission to the browser: its id joins the list held in the ``netra_portal`` cookie, signed
with the project's secret key (``django.core.signing``, salted for this use, time-stamped and
refused after :func:`max_age` seconds), HttpOnly, Secure in production, SameSite=Lax and limited
to the portal's paths. The status pages open only a submission whose id the cookie carries; a
cookie that was altered, forged, expired or signed for another purpose grants nothing.

The cookie also carries a random visitor id, the "session" of the per-session rate limit of the
report form, so that a submission neither reads nor writes a database session. Session fixation
has nothing to attack here: there is no server-side state to share, and a cookie planted by
someone else only lists what that person could already open.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse

COOKIE = "netra_portal"
SALT = "netra.portal.grant"
MAX_GRANTS = 20
_VALUE = re.compile(r"^([A-Za-z0-9_-]{16,32}):((?:\d{1,12}\.){0,19}\d{1,12})?$")


def max_age() -> int:
    """Seconds a grant stays valid after the last one: the staff session's age by default."""
    return int(getattr(settings, "NETRA_PORTAL_GRANT_AGE", settings.SESSION_COOKIE_AGE))


class Access:
    """What the request's cookie grants (read once per request, see :func:`of`)."""

    def __init__(self, visitor: str, ids: list[int], *, valid: bool) -> None:
        self.visitor = visitor
        self.ids = ids
        self.valid = valid

    def allows(self, pk: int) -> bool:
        return pk in self.ids


def _read(request) -> Access:
    try:
        raw = request.get_signed_cookie(COOKIE, salt=SALT, max_age=max_age())
    except (KeyError, signing.BadSignature):
        return Access(secrets.token_urlsafe(12), [], valid=False)
    match = _VALUE.match(raw)
    if match is None:
        return Access(secrets.token_urlsafe(12), [], valid=False)
    ids = [int(x) for x in match[2].split(".")] if match[2] else []
    return Access(match[1], ids, valid=True)


def of(request) -> Access:
    """The request's access, parsed once and kept on the request."""
    access = getattr(request, "_netra_portal_access", None)
    if access is None:
        access = _read(request)
        request._netra_portal_access = access
    return access


def visitor(request) -> str:
    """The browser's visitor id (new when the cookie is missing or invalid); the response must
    then carry the cookie (:func:`grant` or :func:`remember`)."""
    return of(request).visitor


def add(request, pk: int) -> None:
    """Add submission ``pk`` to the request's access (the newest :data:`MAX_GRANTS` are kept);
    :func:`remember` writes it on the response."""
    access = of(request)
    access.ids = ([x for x in access.ids if x != pk] + [pk])[-MAX_GRANTS:]


def grant(request, response, pk: int) -> None:
    """Add submission ``pk`` to what this browser may open, on ``response``."""
    add(request, pk)
    remember(request, response)


def remember(request, response) -> None:
    """Write the request's access (visitor id and grants) back into the cookie."""
    access = of(request)
    value = f"{access.visitor}:{'.'.join(str(x) for x in access.ids)}"
    response.set_signed_cookie(
        COOKIE, value, salt=SALT, max_age=max_age(), path=reverse("portal:home"),
        secure=bool(settings.SESSION_COOKIE_SECURE), httponly=True, samesite="Lax")
