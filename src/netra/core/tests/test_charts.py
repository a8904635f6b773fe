"""The shared chart component: spec → JSON, the template tag, PNG/SVG, downloads, dashboard."""

import io
import json
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from PIL import Image

from netra.core import charts
from netra.core.charts import BarChart, LineChart, PieChart, Series


@pytest.fixture(autouse=True)
def _english():
    """The component's own texts are translated; these tests read the English ones."""
    with translation.override("en"):
        yield


@dataclass
class Table:
    """Shaped like ``cases.statistics.StatTable`` (core imports no app)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


TABLE = Table(
    key="by_category", title="Findings and reports by category",
    headers=["Category", "Findings", "Reports", "Total"],
    rows=[["Non-stage (ASN)", 2, 1, 3], ["Election crime", 1, 0, 1], ["Other laws", 0, 0, 0]],
)


def spec(**options) -> BarChart:
    return BarChart.from_table(TABLE, columns=(1, 2), unit="Cases", **options)


def render(source: str, request=None, **context) -> str:
    return Template("{% load charts %}" + source).render(
        Context({"request": request, **context}))


def data_of(html: str, element_id: str) -> dict:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>',
                      html, re.S)
    assert found, f"no json_script {element_id}"
    return json.loads(found.group(1))


# --- Spec -----------------------------------------------------------------------------------


def test_spec_from_a_table_gives_the_json_the_browser_draws():
    chart = spec(stacked=True, horizontal=True)
    assert chart.key == "by-category"
    assert chart.payload() == {
        "kind": "bar",
        "key": "by-category",
        "title": "Findings and reports by category",
        "labels": ["Non-stage (ASN)", "Election crime", "Other laws"],
        "series": [
            {"name": "Findings", "values": [2, 1, 0], "colour": charts.PALETTE[0]},
            {"name": "Reports", "values": [1, 0, 0], "colour": charts.PALETTE[1]},
        ],
        "stacked": True,
        "horizontal": True,
        "unit": "Cases",
        "percent": False,
    }
    assert chart.label_title == "Category"
    assert chart.table_rows()[0] == ("Non-stage (ASN)", [2, 1])
    json.dumps(chart.payload())  # serialisable as is


def test_extra_rows_none_values_and_percent():
    chart = BarChart.from_rows(
        [["BKN", 66.7, 66.7], ["Gakkumdu", None, 0.0]], key="rate", title="Rate",
        columns={1: "% of answered", 2: "% of sent"}, percent=True,
    )
    assert chart.payload()["series"][0]["values"] == [66.7, None]
    assert chart.payload()["percent"] is True
    assert not chart.is_empty
    assert BarChart.from_rows([["A", 0], ["B", None]], key="z", title="Z",
                              columns={1: "n"}).is_empty


def test_pie_colours_each_slice_and_line_keeps_order():
    pie = PieChart(key="share", title="Share", labels=("A", "B", "C"),
                   series=(Series("Cases", (1, 2, 3)),))
    assert pie.payload()["colours"] == list(charts.PALETTE[:3])
    assert "colour" not in pie.payload()["series"][0]
    line = LineChart(key="monthly", title="Monthly", labels=("Jan", "Feb"),
                     series=(Series("Reports", (3, 4)),))
    assert line.payload()["kind"] == "line"


@pytest.mark.parametrize(("make", "message"), [
    (lambda: BarChart(key="a", title="A", labels=("x", "y"), series=(Series("n", (1,)),)),
     "1 values for 2 labels"),
    (lambda: BarChart(key="Not OK", title="A", labels=(), series=()), "chart key"),
    (lambda: BarChart(key="a", title="A", labels=("x",), series=(Series("n", ("3",)),)),
     "must be numbers"),
    (lambda: PieChart(key="a", title="A", labels=("x",),
                      series=(Series("n", (1,)), Series("m", (2,)))), "exactly one series"),
    (lambda: PieChart(key="a", title="A", labels=("x",), series=(Series("n", (-1,)),)),
     "negative"),
])
def test_bad_specs_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_palette_contrasts_with_white():
    for colour in charts.PALETTE:
        ratio = 1.05 / (_luminance(colour) + 0.05)
        assert ratio >= 4.5, f"{colour} has contrast {ratio:.2f} against white"
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


# --- Template tag ---------------------------------------------------------------------------


def test_tag_renders_figure_canvas_data_and_table():
    html = render("{% chart spec %}", spec=spec(stacked=True))
    assert '<figure class="chart chart-bar" id="chart-by-category"' in html
    assert '<figcaption id="chart-by-category-caption">Findings and reports by category' in html
    assert re.search(r'<canvas role="img" aria-label="[^"]*Findings and reports by category', html)
    assert data_of(html, "chart-by-category-data") == spec(stacked=True).payload()
    # The same figures as a table, open until the script draws the chart.
    assert '<details class="chart-data" open>' in html
    assert '<th scope="col">Category</th><th scope="col">Findings</th>' in html
    assert ('<tr><th scope="row">Non-stage (ASN)</th><td>2</td><td>1</td></tr>'
            in html)
    # No inline script: the only <script> elements are external files and JSON data.
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or " src=" in tag, tag
    assert "netra/charts.js" in html
    assert "netra/vendor/chartjs/chart.umd.min.js" in html


def test_assets_once_per_page_and_ids_unique():
    html = render("{% chart a %}{% chart b %}{% chart a %}", a=spec(), b=spec(key="other"))
    assert html.count("chart.umd.min.js") == 1
    assert html.count("netra/charts.css") == 1
    ids = re.findall(r'<figure [^>]*id="([^"]+)"', html)
    assert ids == ["chart-by-category", "chart-other", "chart-by-category-2"]
    assert 'data-chart="chart-by-category-2-data"' in html


def test_labels_and_titles_are_escaped():
    chart = BarChart(key="x", title="<b>Title</b>", labels=("</script><script>alert(1)",),
                     series=(Series("<i>n</i>", (1,)),))
    html = render("{% chart spec %}", spec=chart)
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html
    assert data_of(html, "chart-x-data")["labels"] == ["</script><script>alert(1)"]


def test_empty_chart_says_so_without_canvas():
    empty = BarChart.from_rows([["A", 0]], key="none", title="Nothing", columns={1: "n"})
    html = render("{% chart spec %}", spec=empty)
    assert "<canvas" not in html
    assert "data-chart=" not in html
    assert "Nothing to show yet." in html
    assert render("{% chart nothing %}").strip() == ""


def test_download_links_keep_the_filters_and_percent_cells():
    request = RequestFactory().get("/stats/", {"election": "3", "format": "csv", "table": "x"})
    chart = BarChart.from_rows([["BKN", 66.7]], key="rate", title="Rate", columns={1: "Share"},
                               percent=True)
    html = render("{% chart spec downloads=True data_table=False %}", request, spec=chart)
    assert 'href="?election=3&amp;chart=rate&amp;format=png"' in html
    assert 'href="?election=3&amp;chart=rate&amp;format=svg"' in html
    assert "<details" not in html
    with translation.override("id"):
        assert "<td>66,7%</td>" in render("{% chart spec %}", request, spec=chart)
    with translation.override("en"):
        assert "<td>66.7%</td>" in render("{% chart spec %}", request, spec=chart)


# --- Server-side rendering and downloads ------------------------------------------------------


@pytest.mark.parametrize("chart", [
    spec(stacked=True, horizontal=True),
    spec(),
    BarChart.from_rows([["BKN", 66.7, None], ["Total", 50.0, 40.0]], key="rate", title="Rate",
                       columns={1: "% answered", 2: "% sent"}, percent=True, horizontal=True),
    PieChart(key="pie", title="Share", labels=("A", "B"), series=(Series("n", (1, 3)),)),
    LineChart(key="line", title="Monthly", labels=("Jan", "Feb", "Mar"),
              series=(Series("n", (1, None, 3)),)),
])
def test_png_is_a_png(chart):
    png = charts.render_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == 1200
    assert image.height > 300


def test_svg_parses_and_keeps_text_as_text():
    chart = BarChart(key="x", title="Cases <by> $region$ & form",
                     labels=("Kota Serang", "</text><script>alert(1)</script>"),
                     series=(Series("Findings", (2, 1)),))
    svg = charts.render_svg(chart)
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not root.findall(".//{http://www.w3.org/2000/svg}script")
    text = "".join(root.itertext())
    assert "Cases <by> $region$ & form" in text  # not mathtext, not markup
    assert "Kota Serang" in text
    assert charts.render_svg(chart) == svg  # deterministic: no date, fixed ids


def test_chart_download_view_pattern():
    factory = RequestFactory()
    built = {"by-category": spec()}
    assert charts.chart_download(factory.get("/s/"), built.get) is None
    response = charts.chart_download(factory.get("/s/", {"chart": "by-category",
                                                         "format": "svg"}), built.get,
                                     prefix="statistics-")
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == (
        'attachment; filename="statistics-by-category.svg"')
    png = charts.chart_download(factory.get("/s/", {"chart": "by-category", "format": "png"}),
                                built.get)
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    for query in ({"chart": "nope", "format": "png"}, {"chart": "by-category", "format": "pdf"},
                  {"chart": "../x", "format": "png"}):
        with pytest.raises(Http404):
            charts.chart_download(factory.get("/s/", query), built.get)


# --- Dashboard registry -----------------------------------------------------------------------


@pytest.fixture
def dashboard_entry():
    charts.register_dashboard_chart("test-chart", lambda user: spec(key="test-dash"), order=5)
    charts.register_dashboard_chart("test-none", lambda user: None, order=6)
    yield
    charts.unregister_dashboard_chart("test-chart")
    charts.unregister_dashboard_chart("test-none")


def test_a_module_puts_a_chart_on_the_dashboard(rf, dashboard_entry, django_user_model, db):
    user = django_user_model.objects.create_user(username="dash", password="x")
    keys = [c.key for c in charts.dashboard_charts(user)]
    assert "test-dash" in keys
    request = rf.get("/")
    request.user = user
    html = render("{% dashboard_charts %}", request)
    assert '<div class="chart-grid">' in html
    assert 'id="chart-test-dash"' in html
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert render("{% dashboard_charts %}", request).strip() == ""


# --- Served by Netra, not a CDN ----------------------------------------------------------------


def test_chart_library_is_a_local_static_file():
    path = finders.find("netra/vendor/chartjs/chart.umd.min.js")
    assert path, "Chart.js is not in the static files"
    with open(path, encoding="utf-8") as handle:
        head = handle.read(200)
    assert "Chart.js v4." in head
    assert finders.find("netra/vendor/chartjs/chart.umd.min.js.map")
    assert finders.find("netra/vendor/chartjs/LICENSE.md")
    for name in ("netra/charts.js", "netra/charts.css"):
        with open(finders.find(name), encoding="utf-8") as handle:
            assert "http://" not in handle.read().replace("https://", "")
