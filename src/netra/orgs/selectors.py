"""Reads of organisations, always narrowed to the requesting user."""

from django.db.models import Q, QuerySet

from .models import Organisation
from .permissions import OrgAction


def organisation_list(
    *, user, action: str = OrgAction.VIEW, kind: str = "", query: str = "", region: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user, action).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_code__subtree=region)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(office_code__icontains=query))
    return qs.order_by("region_code", "name")


def organisation_get(*, user, pk: int, action: str = OrgAction.VIEW) -> Organisation:
    """Raises ``Organisation.DoesNotExist`` outside the user's scope (views answer 404)."""
    return Organisation.objects.visible_to(user, action).select_related("parent").get(pk=pk)
