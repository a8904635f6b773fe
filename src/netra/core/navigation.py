"""Module navigation. Each app registers its entry in ``AppConfig.ready``; the layout draws them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int


_items: dict[str, NavItem] = {}


def register_nav(*, label, url_name: str, order: int) -> None:
    _items[url_name] = NavItem(label, url_name, order)


def nav_for(request) -> list[dict]:
    path = request.path
    entries = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": item.label, "url": url, "active": active})
    return entries
