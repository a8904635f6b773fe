"""Charts for every module: one small typed spec, drawn in the browser and on the server.

A module builds a spec (:class:`BarChart`, :class:`LineChart`, :class:`PieChart`) from labels
and named series of numbers, usually straight from a statistics table
(:meth:`Chart.from_table`), with every text already translated. Then:

* in a template, ``{% load charts %}{% chart spec %}`` renders a ``<figure>`` with its caption,
  a ``<canvas>`` that ``netra/charts.js`` draws with the vendored Chart.js (no inline script:
  the data travels in a ``json_script`` element), and the same figures as a table in a
  ``<details>`` element for screen readers and browsers without JavaScript;
* :func:`render_png` / :func:`render_svg` draw the same spec with matplotlib (Agg, no display)
  for PDF reports and downloads, and :func:`chart_download` is the view pattern that serves
  ``?chart=<key>&format=png|svg``::

      response = chart_download(request, lambda key: my_charts(user=request.user).get(key))
      if response is not None:
          return response

* a module puts a chart on the home dashboard with two lines in its ``AppConfig.ready``::

      from netra.core.charts import register_dashboard_chart
      register_dashboard_chart("cases-status", build_status_chart, order=20)

  where ``build_status_chart(user)`` returns a spec (or ``None`` to show nothing); the
  dashboard template draws them with ``{% dashboard_charts %}``.

``core`` knows no app: a table is anything with ``key``, ``title``, ``headers`` and ``rows``.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any, ClassVar, Protocol

from django.http import Http404, HttpRequest, HttpResponse

# Series colours: each has at least 4.5:1 contrast against white (text contrast, above the
# 3:1 that WCAG 1.4.11 asks for graphics) and neighbours differ in hue and lightness for
# colour-blind readers (a darkened Okabe–Ito order). Blue is the site's accent colour.
PALETTE: tuple[str, ...] = (
    "#0b5cad",  # blue
    "#b34d00",  # orange
    "#1e7b34",  # green
    "#8a3ca8",  # purple
    "#b3261e",  # red
    "#00727a",  # teal
    "#6d4c2f",  # brown
    "#4d5766",  # slate
)
TEXT_COLOUR = "#1d2430"
GRID_COLOUR = "#d7dbe2"
DOWNLOAD_FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

Number = int | float


class TableLike(Protocol):
    """What :meth:`Chart.from_table` reads (``cases.statistics.StatTable`` is one)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list]


@dataclass(frozen=True)
class Series:
    """One named row of values, one value per label; ``None`` is "no value" (drawn as a gap)."""

    name: str
    values: tuple[Number | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart: ``labels`` along one axis, one or more ``series`` of values.

    ``key`` names the chart in DOM ids and download file names (lower case, digits, ``-``/``_``).
    ``unit`` is the value axis title (e.g. "Cases"); ``percent`` formats values as percentages
    (0–100); ``label_title`` heads the label column of the data table. Texts are shown as given:
    pass translated strings.
    """

    kind: ClassVar[str] = "bar"

    key: str
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False
    horizontal: bool = False
    unit: str = ""
    percent: bool = False
    label_title: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"chart key {self.key!r} must be lower case letters, digits, - or _")
        object.__setattr__(self, "labels", tuple(str(label) for label in self.labels))
        object.__setattr__(self, "series", tuple(
            Series(str(s.name), tuple(_number(v) for v in s.values)) for s in self.series))
        for s in self.series:
            if len(s.values) != len(self.labels):
                raise ValueError(f"series {s.name!r} has {len(s.values)} values for "
                                 f"{len(self.labels)} labels")

    # --- Building -------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]], *, key: str, title: str,
                  columns: Mapping[int, str], label: int = 0, **options: Any) -> Chart:
        """A chart from table rows: the cell at ``label`` names each bar; ``columns`` maps a
        cell index to the series name (in the order given)."""
        rows = list(rows)
        series = tuple(Series(name, tuple(row[index] for row in rows))
                       for index, name in columns.items())
        return cls(key=key, title=title, labels=tuple(str(row[label]) for row in rows),
                   series=series, **options)

    @classmethod
    def from_table(cls, table: TableLike, *, columns: Sequence[int], label: int = 0,
                   key: str | None = None, title: str | None = None,
                   extra_rows: Iterable[Sequence[Any]] = (), **options: Any) -> Chart:
        """A chart from a statistics table: series named by the table's headers.
        ``extra_rows`` are appended (e.g. a total row that is a rate, not a sum)."""
        options.setdefault("label_title", table.headers[label])
        return cls.from_rows(
            [*table.rows, *extra_rows], key=key or table.key.replace("_", "-"),
            title=title if title is not None else table.title,
            columns={index: table.headers[index] for index in columns}, label=label, **options,
        )

    # --- Reading --------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """No label, or every value is empty or zero: nothing worth drawing."""
        return not any(v for s in self.series for v in s.values)

    def colours(self) -> list[str]:
        count = len(self.labels) if self.kind == "pie" else len(self.series)
        return [PALETTE[i % len(PALETTE)] for i in range(count)]

    def table_rows(self) -> list[tuple[str, list[Number | None]]]:
        """The figures as (label, one value per series) rows: the accessible table."""
        return [(label, [s.values[i] for s in self.series])
                for i, label in enumerate(self.labels)]

    def payload(self) -> dict[str, Any]:
        """The JSON the browser script draws (``netra/charts.js``)."""
        colours = self.colours()
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "labels": list(self.labels),
            "series": [
                {"name": s.name, "values": list(s.values),
                 **({} if self.kind == "pie" else {"colour": colours[i]})}
                for i, s in enumerate(self.series)
            ],
            **({"colours": colours} if self.kind == "pie" else {}),
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "unit": self.unit,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class BarChart(Chart):
    """Bars per label; several series side by side, or stacked with ``stacked=True``;
    ``horizontal=True`` for long labels (the usual choice for names of regions and forms)."""

    kind: ClassVar[str] = "bar"


@dataclass(frozen=True)
class LineChart(Chart):
    """A line per series along ordered labels (months, days)."""

    kind: ClassVar[str] = "line"


@dataclass(frozen=True)
class PieChart(Chart):
    """Shares of one whole: exactly one series, no negative value."""

    kind: ClassVar[str] = "pie"

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.series) != 1:
            raise ValueError("a pie chart has exactly one series")
        if any(v is not None and v < 0 for v in self.series[0].values):
            raise ValueError("a pie chart cannot show negative values")


def _number(value: Any) -> Number | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"chart values must be numbers, not {value!r}")
    return value if isinstance(value, int) else float(value)


# --- Dashboard registry ---------------------------------------------------------------------


@dataclass(frozen=True)
class _DashboardChart:
    key: str
    build: Callable[[Any], Chart | None]
    order: int


_dashboard: dict[str, _DashboardChart] = {}


def register_dashboard_chart(key: str, build: Callable[[Any], Chart | None], *,
                             order: int = 100) -> None:
    """Show ``build(user)`` on the home dashboard (``None`` shows nothing for that user).
    Registering the same key again replaces the entry (idempotent across reloads)."""
    _dashboard[key] = _DashboardChart(key, build, order)


def unregister_dashboard_chart(key: str) -> None:
    _dashboard.pop(key, None)


def dashboard_charts(user: Any) -> list[Chart]:
    """The registered dashboard charts for ``user``, in order."""
    charts = []
    for entry in sorted(_dashboard.values(), key=lambda e: (e.order, e.key)):
        spec = entry.build(user)
        if spec is not None:
            charts.append(spec)
    return charts


# --- Server-side rendering (matplotlib) -------------------------------------------------------

_render_lock = threading.Lock()  # matplotlib's rcParams are process-global
_WRAP = 28


def _text(value: str) -> str:
    """Plain text for matplotlib: ``$`` would start mathtext."""
    return str(value).replace("$", r"\$")


def _label(value: str, width: int = _WRAP) -> str:
    return "\n".join(textwrap.wrap(_text(value), width, max_lines=3, placeholder="…")) or " "


def _format(value: Number | None, percent: bool) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{text}%" if percent else text


def _figure(spec: Chart, *, width: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    n = max(len(spec.labels), 1)
    lines = max((_label(label).count("\n") + 1 for label in spec.labels), default=1)
    if spec.kind == "bar" and spec.horizontal:
        per_row = 0.32 * (1 if spec.stacked else len(spec.series)) + 0.12 * lines
        height = max(2.6, 1.3 + n * max(per_row, 0.38))
    else:
        height = 4.2
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colours = spec.colours()
    fig.suptitle(_text(spec.title), x=0.02, ha="left", fontsize=12, fontweight="bold",
                 color=TEXT_COLOUR)
    if spec.kind == "pie":
        values = [v or 0 for v in spec.series[0].values]
        wedges, _texts = ax.pie(values, colors=colours, startangle=90, counterclock=False,
                                wedgeprops={"linewidth": 1.5, "edgecolor": "white"})
        total = sum(values) or 1
        ax.legend(wedges, [f"{_label(label)} ({_format(v, spec.percent)}, "
                           f"{100 * v / total:.0f}%)" for label, v in zip(spec.labels, values,
                                                                          strict=True)],
                  loc="center left", bbox_to_anchor=(1, 0.5), frameon=False)
        ax.set_aspect("equal")
        return fig
    positions = list(range(len(spec.labels)))
    value_axis = ax.xaxis if spec.horizontal else ax.yaxis
    if spec.kind == "line":
        for s, colour in zip(spec.series, colours, strict=True):
            values = [float("nan") if v is None else v for v in s.values]
            ax.plot(positions, values, marker="o", color=colour, label=_text(s.name),
                    linewidth=2)
    else:
        count = len(spec.series)
        thickness = 0.8 if spec.stacked else 0.8 / count
        base = [0.0] * len(positions)
        for i, (s, colour) in enumerate(zip(spec.series, colours, strict=True)):
            values = [v or 0 for v in s.values]
            offset = 0.0 if spec.stacked else (i - (count - 1) / 2) * thickness
            where = [p + offset for p in positions]
            if spec.horizontal:
                ax.barh(where, values, height=thickness, left=base if spec.stacked else None,
                        color=colour, label=_text(s.name))
            else:
                ax.bar(where, values, width=thickness, bottom=base if spec.stacked else None,
                       color=colour, label=_text(s.name))
            if spec.stacked:
                base = [b + v for b, v in zip(base, values, strict=True)]
    labels = [_label(label, 24 if spec.horizontal else 14) for label in spec.labels]
    if spec.horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # first label on top, as in the table
        ax.grid(axis="x", color=GRID_COLOUR)
    else:
        ax.set_xticks(positions, labels)
        ax.grid(axis="y", color=GRID_COLOUR)
    ax.set_axisbelow(True)
    if spec.percent:
        value_axis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    elif all(isinstance(v, int) or v is None for s in spec.series for v in s.values):
        value_axis.set_major_locator(MaxNLocator(integer=True))
    if spec.unit:
        (ax.set_xlabel if spec.horizontal else ax.set_ylabel)(_text(spec.unit))
    if all(v is None or v >= 0 for s in spec.series for v in s.values):
        if spec.horizontal:
            ax.set_xlim(left=0)
        else:
            ax.set_ylim(bottom=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=TEXT_COLOUR)
    if len(spec.series) > 1:
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center",
                   ncols=min(len(spec.series), 3), frameon=False)
    return fig


def render_png(spec: Chart, *, width: float = 8.0, dpi: int = 150) -> bytes:
    """The chart as a PNG (``width`` in inches)."""
    with _render_lock:
        fig = _figure(spec, width=width)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white",
                    metadata={"Software": None})
    return buffer.getvalue()


def render_svg(spec: Chart, *, width: float = 8.0) -> bytes:
    """The chart as SVG; text stays text (searchable, selectable, smaller)."""
    import matplotlib

    with _render_lock, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": spec.key}):
        fig = _figure(spec, width=width)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    return buffer.getvalue()


def chart_response(spec: Chart, fmt: str, *, filename: str | None = None) -> HttpResponse:
    """``spec`` as a PNG or SVG download."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    body = render_png(spec) if fmt == "png" else render_svg(spec)
    response = HttpResponse(body, content_type=DOWNLOAD_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename or spec.key}.{fmt}"'
    return response


def chart_download(request: HttpRequest, build: Callable[[str], Chart | None], *,
                   prefix: str = "") -> HttpResponse | None:
    """The view pattern for "download chart as PNG/SVG": answers ``?chart=<key>&format=png|svg``
    with ``build(key)`` rendered, or returns ``None`` when the request asks for no chart. An
    unknown key (``build`` returns ``None``) or format answers 404."""
    key = request.GET.get("chart", "")
    if not key:
        return None
    fmt = request.GET.get("format", "")
    if fmt not in DOWNLOAD_FORMATS or not _KEY.match(key):
        raise Http404
    spec = build(key)
    if spec is None:
        raise Http404
    return chart_response(spec, fmt, filename=f"{prefix}{spec.key}")


__all__ = [
    "DOWNLOAD_FORMATS", "PALETTE", "BarChart", "Chart", "LineChart", "PieChart", "Series",
    "TableLike", "chart_download", "chart_response", "dashboard_charts",
    "register_dashboard_chart", "render_png", "render_svg", "unregister_dashboard_chart",
]
