"""What accounts contributes to shared pages: the header's user summary, the dashboard's
"your organisations" panel and the staff section of an organisation's page."""

from netra.regions.selectors import region_label

from .permissions import AccountAction
from .selectors import membership_list, primary_membership


def header(request) -> dict:
    membership = primary_membership(request.user)
    return {
        "netra_membership": membership,
        "netra_jurisdiction": region_label(membership.organisation.region_code)
        if membership
        else "",
    }


def home_memberships(request) -> dict:
    memberships = [
        {"membership": m, "jurisdiction": region_label(m.organisation.region_code)}
        for m in request.user.memberships.filter(is_active=True).select_related("organisation")
    ]
    return {
        "memberships": memberships,
        "staff_count": membership_list(user=request.user).filter(is_active=True).count(),
    }


def organisation_staff(request, *, obj) -> dict:
    return {
        "members": membership_list(user=request.user, action=AccountAction.VIEW).filter(
            organisation=obj, is_active=True
        ),
    }
