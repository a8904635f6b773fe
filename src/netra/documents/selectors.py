"""Reads of document templates."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from .models import DocumentTemplate


def active_template(*, key: str, language: str, on: date, fmt: str) -> DocumentTemplate | None:
    """The template in force on ``on`` for ``key`` that can produce ``fmt``, in ``language`` or
    else Indonesian; among several, the newest ``valid_from`` wins.

    PDF comes only from HTML templates; DOCX from a Word template or an HTML body."""
    rows = (
        DocumentTemplate.objects.filter(key=key, is_active=True, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .filter(Q(language=language) | Q(language="id"))
        .order_by("-valid_from", "-pk")
    )
    if fmt == "pdf":
        rows = rows.exclude(body="")
    chosen = None
    for row in rows:
        if row.language == language:
            return row
        chosen = chosen or row
    return chosen
