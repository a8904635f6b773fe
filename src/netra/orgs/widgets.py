"""The organisations card on the dashboard."""

from .selectors import organisation_list


def home_organisations(request) -> dict:
    return {"organisation_count": organisation_list(user=request.user).count()}
