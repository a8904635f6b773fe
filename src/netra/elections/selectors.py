"""Reads of elections, through the scoped manager."""

from datetime import date

from django.db.models import QuerySet

from netra.core.refcache import Namespace
from netra.core.typing import AnyUser

from .models import Election as Election  # re-exported for annotations in other apps
from .permissions import ElectionAction


def election_list(*, user: AnyUser, action: str = ElectionAction.VIEW) -> QuerySet[Election]:
    return Election.objects.visible_to(user, action).prefetch_related("stages")


def election_get(*, user: AnyUser, pk: int, action: str = ElectionAction.VIEW) -> Election:
    return election_list(user=user, action=action).get(pk=pk)


def election_period_start(election: Election) -> date | None:
    """The first day of the election's period: its earliest stage (tahapan); None when no stage
    is recorded."""
    return election.stages.order_by("starts_on").values_list("starts_on", flat=True).first()


def election_by_pk(pk: int) -> Election | None:
    """Unscoped lookup for services that check access themselves (the case-intake port)."""
    return Election.objects.filter(pk=pk).first()


def active_elections() -> QuerySet[Election]:
    """Elections that accept new cases, newest first (the public report form offers these)."""
    return Election.objects.filter(is_active=True).order_by("-pk")


# Reference-data cache of the open elections (every public report form asks it;
# netra.core.refcache): any save or delete of an election starts afresh.
_ACTIVE = Namespace("elections.active", models=[Election])


def active_election_list() -> list[Election]:
    """``active_elections()`` as a list, cached: for the public report form and its service."""
    return _ACTIVE.get("list", lambda: list(active_elections()))


def active_election(pk: int) -> Election | None:
    """The open election ``pk``, or None (cached, like :func:`active_election_list`)."""
    return next((e for e in active_election_list() if e.pk == pk), None)

