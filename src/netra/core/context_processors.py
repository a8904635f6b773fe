from netra.accounts.selectors import primary_membership
from netra.regions.selectors import region_label

from .navigation import nav_for


def netra(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = primary_membership(user)
    return {
        "netra_nav": nav_for(request),
        "netra_membership": membership,
        "netra_jurisdiction": region_label(membership.organisation.region_code)
        if membership
        else "",
    }
