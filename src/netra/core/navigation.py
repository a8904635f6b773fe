"""Module navigation. Each app registers its entry in ``AppConfig.ready``; the layout draws them.

An entry may name who sees it: ``visible`` is a predicate on the user (e.g.
``visible=lambda user: may(user, CaseAction.VIEW)``), so the menu shows only what the role can
use. Entries without one are shown to every signed-in user. Hiding an entry is a convenience,
never the access check: each view still checks its own permission.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

Visibility = Callable[[Any], bool]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Visibility | None = None

    def shown_to(self, user) -> bool:
        return self.visible is None or bool(self.visible(user))


_items: dict[str, NavItem] = {}


def may_use(action: str) -> Visibility:
    """The usual predicate: the user holds ``action`` somewhere (``core.scoping.may``)."""
    from .scoping import may

    return lambda user: may(user, action)


def register_nav(*, label, url_name: str, order: int, visible: Visibility | None = None) -> None:
    _items[url_name] = NavItem(label, url_name, order, visible)


def nav_items() -> list[NavItem]:
    return sorted(_items.values(), key=lambda i: i.order)


def nav_for(request) -> list[dict]:
    path = request.path
    user = getattr(request, "user", None)
    entries = []
    for item in nav_items():
        if user is not None and not item.shown_to(user):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": item.label, "url": url, "active": active})
    return entries
