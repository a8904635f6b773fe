"""Document kinds (jenis dokumen): each app declares the documents it generates from its own
``apps.py`` with ``register_kind``; templates are stored against the kind's namespaced key
(``cases.receipt``, later ``prevention.appeal_letter``).

A kind gives the administrator's form its label and help text, and gives template validation a
sample context: the same keys, nested the same way, as the real data the app builds (every list
with one example item), so that a placeholder the app will never fill is refused at save time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

FORMATS = ("pdf", "docx")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class DocumentKind:
    """A registered kind of document."""

    key: str
    label: object  # lazy translation
    sample_context: Callable[[], dict]
    formats: tuple[str, ...] = FORMATS
    help_text: object = ""  # what data the templates receive, for administrators
    extra: dict = field(default_factory=dict)

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]


_KINDS: dict[str, DocumentKind] = {}


def register_kind(
    *,
    key: str,
    label,
    sample_context: Callable[[], dict],
    formats: Iterable[str] = FORMATS,
    help_text="",
) -> DocumentKind:
    """Declare a kind of document (idempotent for the same key: the last declaration wins, so
    that ``ready()`` may run twice in tests)."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"Document kind key {key!r} must look like 'app.name'.")
    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"Document kind {key!r}: formats must be among {FORMATS}.")
    kind = DocumentKind(
        key=key, label=label, sample_context=sample_context, formats=formats, help_text=help_text
    )
    _KINDS[key] = kind
    return kind


def unregister_kind(key: str) -> None:
    """Remove a kind (for tests that register their own)."""
    _KINDS.pop(key, None)


def get_kind(key: str) -> DocumentKind | None:
    return _KINDS.get(key)


def kinds() -> list[DocumentKind]:
    """Every registered kind, ordered by key."""
    return [_KINDS[key] for key in sorted(_KINDS)]


def kind_choices() -> list[tuple[str, object]]:
    return [(kind.key, kind.label) for kind in kinds()]
