"""The header's unread count (slot ``core.header``)."""

from typing import Any

from . import selectors


def header_unread(request: Any) -> dict[str, Any] | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return {"unread_count": selectors.unread_count(user=user)}
