# ruff: noqa: F811 (the fixtures of test_statistics are imported and then requested by name)
"""Charts on the statistics page: they show the tables' figures, download as PNG/SVG, and load
nothing from outside Netra."""

import io
import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from PIL import Image

from netra.cases import statistics as stats
from netra.cases.tests.test_statistics import (  # noqa: F401 (fixtures)
    _english,
    dataset,
    serang_pemilu,
    world,
)

pytestmark = pytest.mark.django_db


def chart_data(html: str) -> dict[str, dict]:
    """Every chart's JSON on the page, by chart key."""
    found = re.findall(r'<script id="chart-[^"]+-data" type="application/json">(.*?)</script>',
                       html, re.S)
    return {data["key"]: data for data in map(json.loads, found)}


def page(client, world, **params):
    client.force_login(world.analyst)
    query = {"election": world.pemilu.pk, "office": world.serang.pk, **params}
    return client.get(reverse("cases:statistics"), query)


def series(data: dict) -> dict[str, dict[str, object]]:
    """{series name: {label: value}}."""
    return {s["name"]: dict(zip(data["labels"], s["values"], strict=True))
            for s in data["series"]}


def test_page_draws_a_chart_per_figure_above_the_tables(client, world, dataset):
    response = page(client, world)
    assert response.status_code == 200
    html = response.content.decode()
    charts = chart_data(html)
    assert list(charts) == ["category", "region", "violation-form", "status", "sanction-rate"]
    assert html.index('id="chart-category"') < html.index('id="stats-category"')
    assert html.count("<canvas") == 5
    assert html.count('<details class="chart-data" open>') == 5

    tables = {t.key: t for t in response.context["tables"]}
    category = series(charts["category"])
    assert category["Findings (temuan)"] == tables["category"].column(1)
    assert category["Reports (laporan)"] == tables["category"].column(2)
    assert category["Findings (temuan)"]["Non-stage supervision (ASN neutrality)"] == 2
    assert charts["category"]["stacked"]
    assert charts["category"]["horizontal"]

    region = series(charts["region"])
    assert region["Handled at regency/city level"] == {"Kota Serang": 5}
    assert region["Handled at district level"] == {"Kota Serang": 0}

    forms = series(charts["violation-form"])
    assert forms["Findings (temuan)"] == tables["violation_form"].column(2)
    assert forms["Reports (laporan)"] == tables["violation_form"].column(3)

    status = series(charts["status"])
    assert {label: status["Findings (temuan)"][label] + status["Reports (laporan)"][label]
            for label in charts["status"]["labels"]} == tables["status"].column(3)

    rate = charts["sanction-rate"]
    assert rate["percent"] is True
    assert rate["labels"] == [row[0] for row in tables["follow_up"].rows] + ["Total"]
    rate_series = series(rate)
    assert rate_series["Sanctioned, % of answered"]["Badan Kepegawaian Negara"] == 66.7
    assert rate_series["Sanctioned, % of answered"]["Sentra Gakkumdu Kota Serang"] is None
    assert rate_series["Sanctioned, % of sent"]["Total"] == 40.0


def test_no_resource_comes_from_outside_the_site(client, world, dataset):
    html = page(client, world).content.decode()
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
            assert not re.match(r"^(?:https?:)?//", url), tag
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert ' src="/static/netra/vendor/chartjs/chart.umd.min.js" defer' in scripts
    assert ' src="/static/netra/charts.js" defer' in scripts


def test_charts_download_as_png_and_svg_with_the_filters(client, world, dataset):
    response = page(client, world, chart="category", format="png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        'attachment; filename="statistics-category.png"')
    assert Image.open(io.BytesIO(response.content)).format == "PNG"

    response = page(client, world, chart="sanction-rate", format="svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    text = "".join(ElementTree.fromstring(response.content).itertext())
    assert "Recommendations ending in a sanction" in text
    assert "Badan Kepegawaian Negara" in text
    # A download is drawn from the same filtered figures as the page's chart.
    on_page = chart_data(page(client, world).content.decode())
    for key in stats.CHARTS:
        built = stats.statistics_chart(key, user=world.analyst, filters=serang_pemilu(world))
        assert built.payload() == on_page[key], key
    assert stats.statistics_chart("nope", user=world.analyst) is None


def test_page_links_each_chart_download(client, world, dataset):
    html = page(client, world).content.decode()
    query = f"election={world.pemilu.pk}&amp;office={world.serang.pk}&amp;"
    for key in stats.CHARTS:
        assert f'href="?{query}chart={key}&amp;format=png"' in html
        assert f'href="?{query}chart={key}&amp;format=svg"' in html


def test_bad_chart_downloads_answer_404(client, world, dataset):
    assert page(client, world, chart="nope", format="png").status_code == 404
    assert page(client, world, chart="category", format="pdf").status_code == 404
    assert page(client, world, chart="category").status_code == 404


def test_a_user_without_export_right_may_still_save_a_chart(client, world, dataset):
    """A chart is the picture of figures the page shows; only table exports need the right."""
    client.force_login(world.supervisor)
    response = client.get(reverse("cases:statistics"), {"chart": "status", "format": "png"})
    assert response.status_code == 200
    assert client.get(reverse("cases:statistics"),
                      {"table": "status", "format": "csv"}).status_code == 404


def test_charts_add_no_query(client, world, dataset, django_assert_max_num_queries):
    client.force_login(world.analyst)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("cases:statistics"))
    assert len(response.context["charts"]) == 5


def test_no_case_shows_empty_charts_without_canvas(client, world):
    client.force_login(world.analyst)
    html = client.get(reverse("cases:statistics")).content.decode()
    assert "Nothing to show yet." in html
    assert "<canvas" not in html
