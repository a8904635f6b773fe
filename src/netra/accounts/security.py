"""Staff login security policy: lockout (django-axes) and two-factor (django-otp) glue.

The settings in ``settings/base.py`` ("Staff authentication" block) point django-axes at the
callables below; ADR 0005 explains the choices. In short:

* failed sign-ins are counted per account *and* per client address; the staff login, the admin
  login and API token authentication all count, and all are refused once either is locked;
* the client address is ``REMOTE_ADDR`` unless ``NETRA_TRUSTED_PROXIES`` says how many reverse
  proxies in front of Netra append to ``X-Forwarded-For``: then the address the outermost
  trusted proxy saw is used, never the client-controlled left end of the header;
* roles that can see reporter identity or decide in plenary must sign in with a second factor
  (``OTP_REQUIRED_ROLES``); anyone who enrolled a device voluntarily must use it too.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.core.http import client_ip  # noqa: F401  (moved to core; kept for callers)

from .roles import Role

log = logging.getLogger(__name__)

# Roles that see reporter identity or decide in plenary: a second factor is required for them
# whenever ``NETRA_OTP_REQUIRED`` is on.
OTP_REQUIRED_ROLES: frozenset[str] = frozenset(
    {Role.ADMINISTRATOR, Role.COMMISSIONER, Role.HANDLING_STAFF, Role.FIELD_SUPERVISOR}
)

# Session flag set at sign-in for a user who owns a confirmed device (see ``_flag_otp_owner``).
OTP_PENDING_SESSION_KEY = "netra_otp_device_owner"

API_PATH_PREFIX = "/api/"


# --- django-axes callables ----------------------------------------------------------------------


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account an attempt names (``AXES_USERNAME_CALLABLE``), trimmed and lower-cased so that
    ``Admin.RI`` and ``admin.ri`` count against the same account."""
    if credentials is not None:
        value = credentials.get("username")
    else:
        data = getattr(request, "POST", None) or {}
        value = data.get("username")
    if not value:
        return None
    return str(value).strip().lower()[:150] or None


def lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list[str]:
    """Lock per account and per address (``AXES_LOCKOUT_PARAMETERS``).

    An attempt that names no account (a wrong API token) counts only against its address;
    counting it under an empty username would lock every token user everywhere.
    """
    from axes.models import AccessBase

    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username
    else:
        username = attempted_username(request_or_attempt, credentials)
    return ["username", "ip_address"] if username else ["ip_address"]


def cooloff() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, timedelta) else timedelta(minutes=30)


def lockout_message() -> str:
    minutes = max(1, int(cooloff().total_seconds() // 60))
    return _(
        "Too many failed sign-in attempts. Sign-in for this account or from this address is "
        "locked for %(minutes)s minutes. Try again later, or ask your office administrator "
        "to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out client gets (``AXES_LOCKOUT_CALLABLE``): 429, in the user's language,
    as JSON for the API and as a Netra page elsewhere."""
    message = lockout_message()
    if request.path.startswith(API_PATH_PREFIX):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "accounts/lockout.html",
            {"message": message, "breadcrumbs": [(_("Sign-in locked"), None)]},
            status=429,
        )
    response["Retry-After"] = str(int(cooloff().total_seconds()))
    return response


# --- API tokens ---------------------------------------------------------------------------------


def record_failed_token(request: HttpRequest) -> None:
    """Count a wrong or unknown API token against the request's address. When the failures
    reach the limit, axes marks the request and its middleware answers 429 instead of 401.

    A valid token is not refused from a locked address: it is a 256-bit secret that cannot have
    been guessed, and refusing it would let anyone sharing an office's address cut off that
    office's integrations. The lock stops the guessing, which is what it is for. Checking the
    lock only on failure also keeps valid token requests free of extra queries."""
    user_login_failed.send(
        sender="netra.api.token", credentials={"username": None}, request=request
    )


# --- Two-factor authentication ------------------------------------------------------------------


def otp_required_by_role(user) -> bool:
    """Whether the user's roles require a second factor (``NETRA_OTP_REQUIRED`` on)."""
    if not getattr(settings, "NETRA_OTP_REQUIRED", True):
        return False
    if user.is_superuser:
        return True
    from netra.core.scoping import get_scope

    return any(grant.role in OTP_REQUIRED_ROLES for grant in get_scope(user).grants)


def otp_required(request: HttpRequest) -> bool:
    """Whether this signed-in session must be verified with a second factor."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(OTP_PENDING_SESSION_KEY):
        return True
    return otp_required_by_role(user)


def otp_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _flag_otp_owner(sender, request, user, **kwargs) -> None:
    """At sign-in, remember in the session that the user owns a confirmed device, so that
    verification is asked of them whatever their role (one query per sign-in, none per page)."""
    if request is None or not hasattr(request, "session"):
        return
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        request.session[OTP_PENDING_SESSION_KEY] = True


# --- Auditing unlocks ---------------------------------------------------------------------------


def _audit_unlock(sender, instance, **kwargs) -> None:
    """Write an audit entry when a live lockout record is removed, whoever removes it: the
    unlock page, ``netra axes_reset*`` commands, or the admin. Records that had expired anyway
    (axes cleans them up on each attempt) are not noise worth recording."""
    if instance.attempt_time and instance.attempt_time < timezone.now() - cooloff():
        return
    from auditlog.models import LogEntry

    from netra.core.request_context import current

    origin = current()
    LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.DELETE,
        changes={
            "username": [instance.username, None],
            "ip_address": [instance.ip_address, None],
            "failures_since_start": [instance.failures_since_start, None],
        },
        additional_data={
            "event": "login_unlocked",
            **(origin.as_dict() if origin else {"channel": "command"}),
        },
    )
    log.warning(
        "Sign-in lock removed: username=%s address=%s", instance.username, instance.ip_address
    )


def connect() -> None:
    """Wire the receivers and audit registrations (called from ``AccountsConfig.ready``)."""
    from axes.models import AccessAttempt
    from django.db.models.signals import post_delete
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netra.core.audit import register

    user_logged_in.connect(_flag_otp_owner, dispatch_uid="netra.accounts.otp_owner")
    post_delete.connect(_audit_unlock, sender=AccessAttempt, dispatch_uid="netra.accounts.unlock")
    # Enrolment and removal of second factors appear in the audit trail; secrets never do.
    register(TOTPDevice, include_fields=["user", "name", "confirmed"])
    register(StaticDevice, include_fields=["user", "name", "confirmed"])
