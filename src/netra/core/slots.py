"""Extension points ("slots") that apps fill, so that ``core`` and each app's pages know no
other app.

A slot is a named place on a page: the home dashboard (``core.home``), a section of an
organisation's page (``orgs.organisation_detail``) … An app registers an entry from its
``AppConfig.ready``: the template to render and a function that builds its context for the
current request (returning ``None`` hides the entry, e.g. when the user may not see it). Pages
render a slot with ``{% slot "core.home" %}`` or ``{% slot "orgs.organisation_detail" obj=org %}``.

The header's user summary (organisation, jurisdiction) comes from one registered provider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

ContextBuilder = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class SlotEntry:
    key: str
    template: str
    context: ContextBuilder
    order: int


_slots: dict[str, dict[str, SlotEntry]] = {}
_header_provider: Callable[[Any], dict[str, Any]] | None = None


def register_slot(slot: str, *, key: str, template: str, context: ContextBuilder,
                  order: int = 50) -> None:
    """Add (or replace, by ``key``) an entry in ``slot``."""
    _slots.setdefault(slot, {})[key] = SlotEntry(key, template, context, order)


def slot_entries(slot: str) -> list[SlotEntry]:
    return sorted(_slots.get(slot, {}).values(), key=lambda e: (e.order, e.key))


def render_slot(slot: str, request, **kwargs: Any) -> SafeString:
    parts = []
    for entry in slot_entries(slot):
        context = entry.context(request, **kwargs)
        if context is None:
            continue
        parts.append(render_to_string(entry.template, context, request=request))
    return mark_safe("".join(parts))  # noqa: S308  (rendered templates, autoescaped)


def register_header_provider(provider: Callable[[Any], dict[str, Any]]) -> None:
    """The app that owns memberships tells the layout what to show about the user."""
    global _header_provider
    _header_provider = provider


def header_context(request) -> dict[str, Any]:
    return _header_provider(request) if _header_provider is not None else {}
