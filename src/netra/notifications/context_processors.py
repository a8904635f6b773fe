"""The header's notification link, for signed-in users. No query here: the unread count is
fetched by the page itself (htmx, ``views.unread_count``), so no page pays for it."""

from typing import Any

from django.urls import reverse


def header(request: Any) -> dict[str, str]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"netra_notifications_url": reverse("notifications:notification_list")}
