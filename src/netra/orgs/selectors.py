"""Reads of organisations, always narrowed to the requesting user."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from netra.core.refcache import Namespace
from netra.core.typing import AnyUser

from .models import Organisation as Organisation  # re-exported for annotations in other apps
from .permissions import OrgAction


def organisation_list(
    *,
    user: AnyUser,
    action: str = OrgAction.VIEW,
    kind: str = "",
    query: str = "",
    region: str = "",
) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user, action).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_code__subtree=region)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(office_code__icontains=query))
    return qs.order_by("region_code", "name")


def organisation_get(*, user: AnyUser, pk: int, action: str = OrgAction.VIEW) -> Organisation:
    """Raises ``Organisation.DoesNotExist`` outside the user's scope (views answer 404)."""
    return Organisation.objects.visible_to(user, action).select_related("parent").get(pk=pk)


def organisation_by_pk(pk: int) -> Organisation | None:
    """Unscoped lookup for services that check scope themselves (the case-intake port)."""
    return Organisation.objects.filter(pk=pk).first()


# Reference-data cache of the office lookup (every public report asks it; netra.core.refcache):
# any save or delete of an organisation starts afresh.
_OFFICES = Namespace("orgs.nearest_office", models=[Organisation])


def nearest_office(region_code: str, kinds: Iterable[str]) -> Organisation | None:
    """The organisation of one of ``kinds`` whose region is ``region_code`` or its nearest
    ancestor (village → district → regency → province → national). Cached."""
    kinds = sorted(kinds)
    return _OFFICES.get(f"{region_code}:{','.join(kinds)}",
                        lambda: _nearest_office(region_code, kinds))


def _nearest_office(region_code: str, kinds: list[str]) -> Organisation | None:
    parts = region_code.split(".") if region_code else []
    for depth in range(len(parts), -1, -1):
        code = ".".join(parts[:depth])
        office = (Organisation.objects.filter(kind__in=kinds, region_code=code)
                  .order_by("pk").first())
        if office is not None:
            return office
    return None


def offices_for(*, user: AnyUser, action: str, kinds: Iterable[str],
                roles: frozenset[str] | None = None, exclude_pk: int | None = None
                ) -> QuerySet[Organisation]:
    """Organisations of ``kinds`` on which ``user`` may perform ``action`` (through memberships
    with one of ``roles`` when given), for choice lists such as "record for which office"."""
    qs = Organisation.objects.visible_to(user, action, roles).filter(kind__in=kinds)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("region_code", "name")
