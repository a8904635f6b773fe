"""Two-factor authentication with TOTP (django-otp): enrolment, verification, recovery codes.

Services change state (atomic, acting user passed in); ``totp_device`` and
``recovery_codes_left`` are the reads the pages need. A user has at most one confirmed TOTP
device ("authenticator") and one static device holding their single-use recovery codes.
"""

from __future__ import annotations

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def totp_device(user: User, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.filter(user=user, name=TOTP_NAME)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-pk").first()


def users_with_second_factor(user_ids) -> set[int]:
    """Of ``user_ids``, those with a confirmed authenticator (one query for a list page)."""
    return set(TOTPDevice.objects.filter(user_id__in=list(user_ids), name=TOTP_NAME,
                                         confirmed=True).values_list("user_id", flat=True))


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user: User) -> bool:
    return totp_device(user) is not None


def start_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the user is about to scan (re-used on reload)."""
    if has_second_factor(user):
        raise ValidationError(_("Two-factor authentication is already set up."))
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (no external image, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app instead of scanning."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _normalise(code: str) -> str:
    return "".join(str(code).split()).lower()


def confirm_enrolment(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; returns it with fresh recovery
    codes, which are shown once."""
    device = totp_device(user, confirmed=False)
    if device is None:
        raise ValidationError(_("Start the set-up again: no pending authenticator was found."))
    # Verified outside the write transaction: a failure must stay counted by the throttle.
    if verify_token(user, device.persistent_id, _normalise(code)) is None:
        raise ValidationError({"code": [_("The code is wrong or has expired.")]})
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, name=TOTP_NAME).exclude(pk=device.pk).delete()
        codes = _replace_recovery_codes(user)
    return device, codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def regenerate_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working. Shown once."""
    if not has_second_factor(user):
        raise ValidationError(_("Two-factor authentication is not set up."))
    with transaction.atomic():
        return _replace_recovery_codes(user)


def check_code(*, user: User, code: str):
    """The device that accepts ``code`` (an authenticator code or an unused recovery code,
    which is then used up), or None. django-otp throttles repeated failures per device."""
    code = _normalise(code)
    if not code:
        return None
    candidates = []
    device = totp_device(user)
    if device is not None and code.isdigit():
        candidates.append(device)
    candidates += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for candidate in candidates:
        verified = verify_token(user, candidate.persistent_id, code)  # atomic, row-locked
        if verified is not None:
            return verified
    return None


def disable(*, user: User, code: str) -> None:
    """Remove the user's second factor; a current code (or a recovery code) is required."""
    if not has_second_factor(user):
        raise ValidationError(_("Two-factor authentication is not set up."))
    if check_code(user=user, code=code) is None:
        raise ValidationError({"code": [_("The code is wrong or has expired.")]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


RESET_REASON_MIN = 10


def may_reset(*, actor: User, user: User) -> bool:
    """Whether ``actor`` administers every active membership of ``user`` (a regency
    administrator cannot reset the factor of someone who also serves at the province)."""
    from netra.core.scoping import may

    from .models import Membership
    from .permissions import AccountAction

    if actor.pk == user.pk or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if not may(actor, AccountAction.ADMINISTER):
        return False
    memberships = Membership.objects.filter(user=user, is_active=True)
    administered = Membership.objects.visible_to(actor, AccountAction.ADMINISTER).filter(
        user=user, is_active=True)
    return memberships.exists() and memberships.count() == administered.count()


def reset_by_administrator(*, actor: User, user: User, reason: str) -> None:
    """A staff member lost their phone and their recovery codes: an administrator of all their
    memberships removes their second factor, saying why. They enrol again at their next
    sign-in (required roles cannot skip it); their sessions verified with the removed device
    are no longer verified. The device removals and an entry naming the reason and the
    administrator go to the audit trail."""
    from auditlog.models import LogEntry

    from netra.core.exceptions import OutOfScope
    from netra.core.request_context import current

    if actor.pk == user.pk:
        raise ValidationError(_("Your own second factor is managed on your two-factor page."))
    if not may_reset(actor=actor, user=user):
        raise OutOfScope
    reason = " ".join(str(reason).split())
    if len(reason) < RESET_REASON_MIN:
        raise ValidationError({"reason": [
            _("Say why the second factor is reset (at least %(n)s characters), e.g. how the "
              "staff member's identity was checked.") % {"n": RESET_REASON_MIN}]})
    with transaction.atomic():
        devices = (TOTPDevice.objects.filter(user=user).count()
                   + StaticDevice.objects.filter(user=user).count())
        if not devices:
            raise ValidationError(_("%(name)s has no second factor to reset.")
                                  % {"name": user.get_full_name() or user.username})
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        origin = current()
        LogEntry.objects.log_create(
            user,
            action=LogEntry.Action.UPDATE,
            actor=actor,
            changes={"second_factor": ["set up", "removed"]},
            additional_data={
                "event": "second_factor_reset",
                "reason": reason,
                "by": actor.username,
                **(origin.as_dict() if origin else {"channel": "command"}),
            },
            force_log=True,
        )
