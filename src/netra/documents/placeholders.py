"""Placeholder detection (isian kosong): the one rule that says whether the text of a rendered
document still has something left to fill in, so that a draft full of dotted lines can never
become a document of record.

A placeholder is any of:

* an ellipsis character (``…``, as in ``……``) or three or more full stops (``.....``);
* three or more underscores (``____``, a blank line to write on);
* an opening square bracket (``[nama]``, ``[tanggal]``);
* template syntax that was not rendered (``{{`` or ``{%``);
* the word ``TODO`` (any case, as a word).

Empty required facts are the owning app's check (it knows which facts a kind states); this
module only reads text.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(
    r"…+|\.{3,}|_{3,}|\[|\{\{|\{%|\bTODO\b",
    re.IGNORECASE,
)
EXCERPT = 30  # characters of context either side of a placeholder in a refusal message
MAX_FOUND = 5


def find_placeholders(text: str) -> list[str]:
    """Short excerpts of ``text`` around each placeholder left in it (at most ``MAX_FOUND``),
    in order; an empty list when nothing is left to fill in."""
    found: list[str] = []
    for match in PLACEHOLDER.finditer(text or ""):
        start = max(0, match.start() - EXCERPT)
        end = min(len(text), match.end() + EXCERPT)
        # Whole words only: drop a word cut at either end of the excerpt.
        if start > 0 and not text[start - 1].isspace():
            start = next((i for i in range(start, match.start()) if text[i].isspace()),
                         match.start())
        if end < len(text) and not text[end].isspace():
            end = next((i for i in range(end, match.end(), -1) if text[i - 1].isspace()),
                       match.end())
        excerpt = " ".join(text[start:end].split())
        if excerpt not in found:
            found.append(excerpt)
        if len(found) >= MAX_FOUND:
            break
    return found
