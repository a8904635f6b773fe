"""Region browsing and the htmx region picker (province → regency → district → village)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Level
from .selectors import region_ancestors, region_children, region_get, region_search

_FIELD = re.compile(r"^[a-z_][a-z0-9_-]{0,40}$")
_CODE = re.compile(r"^[0-9.]{0,13}$")


@login_required
def region_list(request, code: str = ""):
    region = None
    if code:
        region = region_get(code)
        if region is None:
            raise Http404
    crumbs = [(_("Regions"), None if not code else "/regions/")]
    if region:
        crumbs += [(r.name, f"/regions/{r.code}/") for r in region_ancestors(code)[:-1]]
        crumbs.append((region.name, None))
    return render(
        request,
        "regions/region_list.html",
        {"region": region, "children": region_children(code), "breadcrumbs": crumbs},
    )


def picker_context(field: str, code: str, *, required_level: int | None = None) -> dict:
    """Everything the picker fragment needs for a chosen ``code`` (may be empty)."""
    chosen = region_ancestors(code) if code else []
    levels = []
    parent = ""
    for depth, label in enumerate(Level.labels, start=1):
        options = region_children(parent) if depth == 1 or parent else []
        selected = chosen[depth - 1].code if len(chosen) >= depth else ""
        levels.append(
            {
                "depth": depth,
                "label": label,
                "options": options,
                "selected": selected,
                "parent": parent,
            }
        )
        parent = selected
        if not selected:
            break
    return {
        "field": field,
        "code": code,
        "chosen": chosen[-1] if chosen else None,
        "levels": levels,
        "required_level": required_level,
    }


@login_required
def picker(request):
    field = request.GET.get("field", "")
    code = request.GET.get("_region_pick", request.GET.get("code", ""))
    if not _FIELD.match(field) or not _CODE.match(code):
        return HttpResponseBadRequest(_("Invalid picker request."))
    if code and region_get(code) is None:
        code = ""
    return render(request, "regions/_picker.html", picker_context(field, code))


@login_required
def picker_search(request):
    field = request.GET.get("field", "")
    if not _FIELD.match(field):
        return HttpResponseBadRequest(_("Invalid picker request."))
    query = request.GET.get("q", "")[:80]
    results = region_search(query) if len(query.strip()) >= 2 else []
    return render(
        request, "regions/_picker_results.html", {"field": field, "results": results, "q": query}
    )
