"""Locked sign-ins (django-axes records) as administrators see and lift them.

An office administrator sees and unlocks the accounts of staff they administer; locked client
addresses are national: only an administrator with national scope (or a superuser) sees and
unlocks them. Every unlock is audited (``security._audit_unlock``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.core.exceptions import OutOfScope
from netra.core.scoping import get_scope, may

from .models import Membership, User
from .permissions import AccountAction
from .security import cooloff


@dataclass(frozen=True)
class Lock:
    key: str  # the username or the address
    failures: int
    last_attempt: datetime
    until: datetime


def may_unlock(user: User) -> bool:
    return may(user, AccountAction.ADMINISTER)


def may_unlock_addresses(user: User) -> bool:
    return get_scope(user).is_national(AccountAction.ADMINISTER)


def _administered_usernames(user: User) -> set[str] | None:
    """Lower-cased usernames of the staff ``user`` administers; None means everyone."""
    if may_unlock_addresses(user):
        return None
    names = Membership.objects.visible_to(user, AccountAction.ADMINISTER).values_list(
        "user__username", flat=True
    )
    return {n.lower() for n in names}


def _live_attempts():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff())


def _locks(field: str) -> list[Lock]:
    rows = (
        _live_attempts()
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [
        Lock(
            key=row[field],
            failures=row["failures"],
            last_attempt=row["last"],
            until=row["last"] + cooloff(),
        )
        for row in rows
    ]


def locked_accounts(*, user: User) -> list[Lock]:
    """Locked accounts the user may unlock, most recent first."""
    allowed = _administered_usernames(user)
    return [lock for lock in _locks("username") if allowed is None or lock.key in allowed]


def locked_addresses(*, user: User) -> list[Lock]:
    """Locked client addresses (national administrators only)."""
    return _locks("ip_address") if may_unlock_addresses(user) else []


def unlock_account(*, actor: User, username: str) -> int:
    """Lift the lock on an account: its failures from every address are forgotten. Returns the
    number of records removed; each removal is audited."""
    username = username.strip().lower()
    allowed = _administered_usernames(actor)
    if not may_unlock(actor) or (allowed is not None and username not in allowed):
        raise OutOfScope(_("You may not unlock this account."))
    with transaction.atomic():
        attempts = list(AccessAttempt.objects.filter(username=username))
        for attempt in attempts:
            attempt.delete()  # one audited deletion per record
    return len(attempts)


def unlock_address(*, actor: User, ip_address: str) -> int:
    """Lift the lock on a client address (national administrators only)."""
    if not may_unlock_addresses(actor):
        raise OutOfScope(_("You may not unlock this address."))
    with transaction.atomic():
        attempts = list(AccessAttempt.objects.filter(ip_address=ip_address))
        for attempt in attempts:
            attempt.delete()
    return len(attempts)
