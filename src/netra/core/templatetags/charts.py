"""``{% chart spec %}`` and ``{% dashboard_charts %}``: the chart component (``netra.core.charts``).

``{% load charts %}{% chart spec %}`` renders the figure; options:

* ``downloads=True`` adds "Download PNG / SVG" links to ``?<current filters>&chart=<key>&format=…``,
  which the page's view answers with :func:`netra.core.charts.chart_download`;
* ``data_table=False`` leaves out the figures table (only when the page shows the same figures in
  a table of its own).

The Chart.js, ``charts.js`` and ``charts.css`` tags are written once per rendered page, before the
first chart.
"""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from netra.core.charts import Chart
from netra.core.charts import dashboard_charts as registered_dashboard_charts

register = template.Library()

_STATE = "netra_charts"
_DOWNLOAD_PARAMS = ("chart", "format", "table", "page")


def _state(context: template.Context) -> dict[str, Any]:
    """Per rendered page: whether the assets are out, and the DOM ids already used."""
    # django-stubs types render-context values as strings; Django stores any object there.
    root = cast("dict[str, Any]", context.render_context.dicts[0])
    return cast("dict[str, Any]", root.setdefault(_STATE, {"assets": False, "ids": set()}))


def _dom_id(state: dict, key: str) -> str:
    base = f"chart-{key}"
    dom_id, n = base, 1
    while dom_id in state["ids"]:
        n += 1
        dom_id = f"{base}-{n}"
    state["ids"].add(dom_id)
    return dom_id


def _download_query(context: template.Context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    query = request.GET.copy()
    for name in _DOWNLOAD_PARAMS:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


@register.simple_tag(takes_context=True)
def chart(context: template.Context, spec: Chart | None, *, downloads: bool = False,
          data_table: bool = True) -> SafeString | str:
    if not isinstance(spec, Chart):  # None, or a missing variable ("")
        return ""
    state = _state(context)
    assets = not state["assets"]
    state["assets"] = True
    dom_id = _dom_id(state, spec.key)
    return render_to_string("core/_chart.html", {
        "spec": spec,
        "assets": assets,
        "dom_id": dom_id,
        "data_id": f"{dom_id}-data",
        "payload": spec.payload(),
        "rows": spec.table_rows(),
        "label_title": spec.label_title or _("Item"),
        "data_table": data_table,
        "download_query": _download_query(context) if downloads else None,
    })


@register.simple_tag(takes_context=True)
def dashboard_charts(context: template.Context) -> SafeString | str:
    """Every chart the apps registered for the home dashboard, for the current user."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    specs = registered_dashboard_charts(user)
    if not specs:
        return ""
    figures = "".join(chart(context, spec, downloads=True) for spec in specs)
    return SafeString(f'<div class="chart-grid">{figures}</div>')
