"""GeoJSON boundary import: valid, repaired, unknown codes, out of jurisdiction, bad files."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from netra.risk import services
from netra.risk.models import Boundary

SQUARE = [[[106.1, -6.1], [106.2, -6.1], [106.2, -6.2], [106.1, -6.2], [106.1, -6.1]]]
# A self-intersecting "bow tie": invalid, repaired by make_valid into two triangles.
BOW_TIE = [[[106.0, -6.0], [106.2, -6.2], [106.2, -6.0], [106.0, -6.2], [106.0, -6.0]]]


def feature(code, coordinates=SQUARE, prop="kode_wilayah", kind="Polygon"):
    return {"type": "Feature", "properties": {prop: code, "nama": "x"},
            "geometry": {"type": kind, "coordinates": coordinates}}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def run(actor, data, **kw):
    with translation.override("en"):
        return services.import_boundaries(actor=actor, data=data, source_name="batas.geojson",
                                          **kw)


def test_valid_invalid_and_unknown_features(analyst_banten):
    report = run(analyst_banten, collection(
        feature("36.73.01"), feature("36.73.05", BOW_TIE), feature("99.99"),
        feature("36.73.01.1002"),
        {"type": "Feature", "properties": {"kode": "36.04"},
         "geometry": {"type": "Point", "coordinates": [106.1, -6.1]}},
        {"type": "Feature", "properties": {}, "geometry": None},
    ))
    assert report.imported == ["36.73.01", "36.73.05"]
    assert len(report.repaired) == 1
    assert report.repaired[0].startswith("36.73.05: Self-intersection")
    errors = {number: (code, message) for number, code, message in report.errors}
    assert errors[3][0] == "99.99"
    assert "Unknown region code" in errors[3][1]
    assert "Unknown region code" in errors[4][1]  # a village is not mapped
    assert "not a polygon" in errors[5][1]
    assert "No region code" in errors[6][1]
    repaired = Boundary.objects.get(region_code="36.73.05")
    assert repaired.repaired is True
    assert repaired.geometry["type"] in ("MultiPolygon", "Polygon")
    assert Boundary.objects.get(region_code="36.73.01").level == 3


def test_codes_without_dots_and_named_property(analyst_banten):
    report = run(analyst_banten, collection(feature("3673", prop="ADM")), code_property="ADM")
    assert report.imported == ["36.73"]


def test_reimport_replaces_the_boundary(analyst_banten):
    run(analyst_banten, collection(feature("36.73")))
    bigger = [[[106.0, -6.0], [106.5, -6.0], [106.5, -6.5], [106.0, -6.5], [106.0, -6.0]]]
    run(analyst_banten, collection(feature("36.73", bigger)))
    assert Boundary.objects.count() == 1
    assert Boundary.objects.get().geometry["coordinates"][0][1] == [106.5, -6.0]


def test_outside_jurisdiction_is_reported(member, regions):
    serang = member("analyst", "36.73")
    report = run(serang, collection(feature("36.04"), feature("36.73")))
    assert report.imported == ["36.73"]
    assert "outside your jurisdiction" in report.errors[0][2]


@pytest.mark.parametrize(("data", "message"), [
    (b"not json", "not valid GeoJSON"),
    (b"[1, 2]", "not a GeoJSON FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": []}', "no features"),
])
def test_bad_files_are_refused(analyst_banten, data, message):
    with pytest.raises(ValidationError) as exc:
        run(analyst_banten, data)
    with translation.override("en"):
        assert message in exc.value.messages[0]
    assert not Boundary.objects.exists()
