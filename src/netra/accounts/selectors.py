"""Reads about users and memberships."""

from django.db.models import QuerySet

from netra.core.scoping import Grant, get_scope
from netra.core.typing import AnyUser
from netra.orgs.choices import SUPERVISORY_KINDS

from .models import Membership
from .models import User as User  # re-exported: the staff user type other apps annotate with
from .permissions import AccountAction
from .roles import is_geographic, role_actions


def active_grants(user: User) -> list[Grant]:
    """The memberships that make up a user's scope, with what each role allows."""
    rows = Membership.objects.filter(user=user, is_active=True).values_list(
        "organisation_id", "organisation__region_code", "role", "organisation__kind"
    )
    return [
        Grant(
            org_id,
            region or "",
            role,
            supervisory=kind in SUPERVISORY_KINDS,
            actions=role_actions(role),
            geographic=is_geographic(role),
        )
        for org_id, region, role, kind in rows
    ]


def membership_list(*, user: AnyUser, action: str = AccountAction.VIEW) -> QuerySet[Membership]:
    return (
        Membership.objects.visible_to(user, action)
        .select_related("user", "organisation")
        .order_by("organisation__region_code", "organisation__name", "user__username")
    )


def primary_membership(user: User) -> Membership | None:
    """The membership shown in the header: the widest jurisdiction, then the oldest."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related("organisation")
    )
    if not memberships:
        return None
    return min(memberships, key=lambda m: (len(m.organisation.region_code), m.pk))


def user_scope_summary(user: User) -> list[Grant]:
    return get_scope(user).grants
