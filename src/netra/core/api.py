"""What every API router shares: bounded id and page types, the error schema, the status codes
each operation declares, the atomic wrapper of write requests and the refusal of NUL characters.

Apps' ``api.py`` modules import from here (``netra.core.api``); ``netra.api.urls`` installs
the wrappers and the handlers that turn exceptions into these answers.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Annotated, Any

from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Path, Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field

# Primary keys are 64-bit signed integers (BigAutoField); ``version`` counters 32-bit.
MAX_ID = 2**63 - 1
MAX_INT32 = 2**31 - 1
MAX_PAGE_SIZE = 100

#: A path id: a number beyond 64 bits (or below 1) names nothing and answers 404.
# django-ninja's ``Path[type, {...}]`` shorthand is read at runtime; mypy cannot parse it.
ObjectId = Path[int, {"ge": 1, "le": MAX_ID}]  # type: ignore[type-arg, misc, valid-type]
#: An id in a body or query string: out of range is malformed input (422).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: The optimistic-locking ``version`` the client last read.
Version = Annotated[int, Field(ge=0, le=MAX_INT32)]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ErrorOut(Schema):
    """Every error answer: ``detail`` is a message, a list of messages, or messages keyed by
    field (``{"field": ["message", …]}``); a refused workflow step adds ``reasons``."""

    detail: str | list[str] | dict[str, list[str]]
    reasons: list[str] = []


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error answers an operation gives besides those every operation may give (401, 429,
    and 400/422 for operations with input, added to the document by ``NetraAPI``)."""
    return {code: ErrorOut for code in codes}


class Pagination(PageNumberPagination):
    """Page-number pagination that answers 404 for a page past the last one instead of slicing
    at an offset the database cannot hold (``?page=99999999999999999999``)."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    # ninja resolves ``Input`` per paginator class, so the narrower schema is intended.
    def paginate_queryset(  # type: ignore[override]
        self, queryset, pagination: Input, request: HttpRequest, **params
    ):
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * page_size
        if pagination.page > 1 and offset >= count:
            raise Http404(_("There is no page %(page)s.") % {"page": pagination.page})
        return {self.items_attribute: queryset[offset : offset + page_size], "count": count}


# --- Wrappers installed on every operation (``NinjaAPI.add_decorator(..., mode="view")``) -----


def atomic_writes(run):
    """Run a write request (POST, PUT, PATCH, DELETE) in one transaction, from parsing the input
    to serialising the answer, and roll it back if the answer is a server error.

    Why not ``ATOMIC_REQUESTS``: it would open a transaction (on SQLite a write lock, with
    ``transaction_mode=IMMEDIATE``) for every read and every page too, and it commits when a
    view *returns* an error response, which is how django-ninja reports exceptions under DEBUG.
    Client errors (4xx) commit: they are answered before any write (input, authentication,
    scope) or by a service refusal that is atomic itself, and the failed-login records django-axes
    keeps for token authentication must survive a 401. ``transaction.on_commit`` callbacks
    (notifications) run only once the whole request has committed.
    """

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response

    return wrapper


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters(run):
    """Answer 400 for a NUL character in the path, the query string or a JSON body: no text
    field holds one, and PostgreSQL refuses it outright (a server error otherwise)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        found = _has_nul(kwargs) or _has_nul(dict(request.GET.lists()))
        if not found and request.body and "json" in request.content_type:
            try:
                found = _has_nul(json.loads(request.body))
            except ValueError:
                found = False  # the body parser answers 400 for malformed JSON
        if found:
            message = _("The request contains a NUL character, which no field accepts.")
            return JsonResponse({"detail": message}, status=400)
        return run(request, *args, **kwargs)

    return wrapper
