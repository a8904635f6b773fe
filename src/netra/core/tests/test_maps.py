"""The shared map component: boundary sources, the spec, and the rendered figure."""

import json
import re

import pytest
from django.template import Context, Template

from netra.core import maps
from netra.core.maps import Choropleth, MapArea, RegionShape

SQUARE = {"type": "Polygon", "coordinates": [[[106.1, -6.1], [106.2, -6.1], [106.2, -6.2],
                                              [106.1, -6.2], [106.1, -6.1]]]}


@pytest.fixture
def sources(monkeypatch):
    """An isolated registry with one source that knows two districts."""
    monkeypatch.setattr(maps, "_SOURCES", [])
    asked = []

    def source(codes):
        asked.append(list(codes))
        known = {"36.73.01": "Serang", "36.73.02": "Cipocok Jaya"}
        return {c: RegionShape(known[c], SQUARE) for c in codes if c in known}

    maps.register_boundary_source(source)
    maps.register_boundary_source(source)  # idempotent
    return asked


def test_no_boundary_means_no_map(sources):
    assert Choropleth.build(key="k", title="T", areas=[MapArea("36.73.09", "Walantaka", 5)]) \
        is None


def test_spec_draws_known_regions_and_names_the_missing_ones(sources):
    spec = Choropleth.build(key="banners", title="Coverage", unit="%", maximum=100, areas=[
        MapArea("36.73.01", "Serang", 100.0, "13 of 13 villages"),
        MapArea("36.73.02", "Cipocok Jaya", 0.0, "0 of 8 villages"),
        MapArea("36.73.09", "Walantaka", 50.0, "7 of 14 villages"),
    ])
    assert sources == [["36.73.01", "36.73.02", "36.73.09"]]  # one call for all codes
    assert [a.code for a in spec.drawn] == ["36.73.01", "36.73.02"]
    assert [a.name for a in spec.missing] == ["Walantaka"]
    data = spec.geojson()
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["geometry"] == SQUARE
    assert data["features"][0]["properties"] == {
        "code": "36.73.01", "name": "Serang", "value": 100.0, "label": "13 of 13 villages"}
    assert spec.payload()["maximum"] == 100.0


def test_scale_maximum_defaults_to_the_largest_value(sources):
    spec = Choropleth.build(key="k", title="T", areas=[
        MapArea("36.73.01", "Serang", 3), MapArea("36.73.02", "Cipocok Jaya", None)])
    assert spec.scale_maximum() == 3.0


def test_tag_renders_figure_data_and_table_once_per_page(sources):
    spec = Choropleth.build(key="banners", title="Coverage <b>", unit="%", maximum=100, areas=[
        MapArea("36.73.01", "Serang", 100.0, "13 of 13 villages"),
        MapArea("36.73.09", "Walantaka", 50.0, "7 of 14 villages")])
    html = Template("{% load maps %}{% choropleth spec %}{% choropleth spec %}{% choropleth none %}"
                    ).render(Context({"spec": spec, "none": None}))
    assert html.count("netra/vendor/leaflet/leaflet.js") == 1  # assets once
    assert 'id="map-banners"' in html
    assert 'id="map-banners-2"' in html
    assert "Coverage &lt;b&gt;" in html  # escaped
    payload = re.search(r'<script id="map-banners-data" type="application/json">(.*?)</script>',
                        html, re.S)[1]
    assert json.loads(payload)["data"]["features"][0]["properties"]["name"] == "Serang"
    assert "Walantaka" in html.split("map-missing")[1].split("</p>")[0]
    assert "7 of 14 villages" in html  # the table carries every area's figure
    assert "<script>" not in html  # nothing inline (CSP)
