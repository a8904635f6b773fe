"""The receipt page from a per-process skeleton of its own template (issue #16 throughput).

The receipt is the answer to every accepted report, so its rendering is paid once per
submission. ``portal/receipt.html`` (with ``base_public.html`` and ``base.html``: header, language
form, footer, ~30 translated strings, static and ``{% url %}`` links) is the same text for every
anonymous visitor in one language except for six values: the receipt code, the intake number,
the handling office, the election, the submission id in the status link and the CSRF token. The
first receipt of a kind (language, URL prefix, which of the three closing notes, intake number
known or not) renders the real template with marker values in their place and keeps the output
cut at the markers; every later receipt of that kind joins the pieces with its own values,
escaped exactly as the template escapes them. The page is byte for byte the template's
(``tests/test_receipt_page.py`` compares both for every kind in both languages).

Everything the skeleton cannot stand for renders the template as before: a signed-in user (their
header has a menu), messages waiting to be shown, ``DEBUG`` (templates edited while the server
runs), or a template that reads anything of the submission other than the values above (the
marker object notices the read; the kind is then never cached).
"""

from __future__ import annotations

import logging
import re
import secrets
import threading

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.translation import get_language

log = logging.getLogger(__name__)

TEMPLATE = "portal/receipt.html"
# Marker values: letters and digits only, so that escaping leaves them as they are; random per
# process, so that no text of the page can contain one by chance.
_TAG = secrets.token_hex(8)
_TEXT = ("code", "intake", "office", "election", "csrf")
_MARKS = {name: f"q{_TAG}{name}q" for name in _TEXT}
# The id goes through ``{% url 'portal:status' pk %}``, which accepts digits only.
_PK_MARK = str(9 * 10**17 + secrets.randbelow(10**17))
_MARKS["pk"] = _PK_MARK
_SPLIT = re.compile("(" + "|".join(re.escape(m) for m in _MARKS.values()) + ")")
_NAME_OF = {mark: name for name, mark in _MARKS.items()}

_skeletons: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}
_lock = threading.Lock()


class _Named:
    """``.name`` of an office or election, as the marker."""

    def __init__(self, name: str) -> None:
        self.name = name


class _MarkedSubmission:
    """Stands for the submission while the skeleton is rendered; remembers any other read."""

    def __init__(self, has_intake: bool) -> None:
        self.pk = int(_PK_MARK)
        self.intake_number = _MARKS["intake"] if has_intake else ""
        self.office = _Named(_MARKS["office"])
        self.election = _Named(_MARKS["election"])
        self.unknown: set[str] = set()

    def __getattr__(self, name: str):
        # Only called for attributes not set above (template look-ups of anything else).
        if not name.startswith("__"):
            self.__dict__.setdefault("unknown", set()).add(name)
        raise AttributeError(name)


def _context(submission, code: str, formal: bool, requested_formal: bool) -> dict:
    return {"submission": submission, "code": code, "formal": formal,
            "requested_formal": requested_formal}


def _build(request: HttpRequest, key: tuple):
    """Render the template with markers for ``key``; the pieces and the value between each
    two, or None when the template reads something the skeleton cannot stand for."""
    _language, _prefix, formal, requested_formal, has_intake = key
    marked = _MarkedSubmission(has_intake)
    context = _context(marked, _MARKS["code"], formal, requested_formal)
    context["csrf_token"] = _MARKS["csrf"]  # overrides the context processor's token
    text = render_to_string(TEMPLATE, context, request=request)
    if marked.unknown:
        log.warning("portal: the receipt template reads %s of the submission; the receipt is "
                    "rendered in full", sorted(marked.unknown))
        return None
    parts = _SPLIT.split(text)
    pieces = tuple(parts[0::2])
    names = tuple(_NAME_OF[m] for m in parts[1::2])
    if not {"code", "pk", "csrf"} <= set(names):
        return None
    return pieces, names


def _fast_path_allowed(request: HttpRequest) -> bool:
    if settings.DEBUG:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # Pending messages would be shown (and consumed) by the full page.
    return len(get_messages(request)) == 0


def receipt(request: HttpRequest, *, submission, code: str, formal: bool,
            requested_formal: bool) -> HttpResponse:
    """The receipt page for ``submission`` (status 200), as ``render`` of ``TEMPLATE`` would
    answer it."""
    if not _fast_path_allowed(request):
        return render(request, TEMPLATE, _context(submission, code, formal, requested_formal))
    key = (get_language(), get_script_prefix(), bool(formal), bool(requested_formal),
           bool(submission.intake_number))
    try:
        skeleton = _skeletons[key]
    except KeyError:
        with _lock:
            skeleton = _skeletons[key] = _build(request, key)
    if skeleton is None:
        return render(request, TEMPLATE, _context(submission, code, formal, requested_formal))
    values = {
        "code": conditional_escape(code),
        "intake": conditional_escape(submission.intake_number),
        "office": conditional_escape(submission.office.name),
        "election": conditional_escape(submission.election.name),
        "pk": str(int(submission.pk)),
        "csrf": conditional_escape(get_token(request)),
    }
    pieces, names = skeleton
    out = [pieces[0]]
    for name, piece in zip(names, pieces[1:], strict=True):
        out.append(values[name])
        out.append(piece)
    return HttpResponse("".join(out))
