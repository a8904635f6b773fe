"""``{% choropleth spec %}``: the map component (``netra.core.maps``).

Renders a ``<figure>`` with the map container, the GeoJSON in a ``json_script`` element, the
regions without a boundary named under it, and the same figures as a table. Leaflet,
``maps.js`` and ``maps.css`` are written once per rendered page, before the first map.
"""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from netra.core.maps import Choropleth

register = template.Library()

_STATE = "netra_maps"


@register.simple_tag(takes_context=True)
def choropleth(context: template.Context, spec: Choropleth | None) -> SafeString | str:
    if not isinstance(spec, Choropleth):  # None, or a missing variable ("")
        return ""
    root = cast("dict[str, Any]", context.render_context.dicts[0])
    state = cast("dict[str, Any]", root.setdefault(_STATE, {"assets": False, "ids": set()}))
    assets = not state["assets"]
    state["assets"] = True
    dom_id, n = f"map-{spec.key}", 1
    while dom_id in state["ids"]:
        n += 1
        dom_id = f"map-{spec.key}-{n}"
    state["ids"].add(dom_id)
    return render_to_string("core/_map.html", {
        "spec": spec,
        "assets": assets,
        "dom_id": dom_id,
        "data_id": f"{dom_id}-data",
        "payload": spec.payload(),
    })
