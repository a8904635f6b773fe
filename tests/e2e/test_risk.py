"""The vulnerability index in Chromium: first the ranked bar chart with the note naming the file
to import, then GeoJSON boundaries imported through the page and the Leaflet map drawn from
Netra's own static files and GeoJSON endpoint (no tile server).

The boundaries here are test squares, never shipped: the demo ships no geography.
"""

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + .1, y], [x + .1, y - .1],
                                                [x, y - .1], [x, y]]]}


@pytest.fixture
def index(demo):
    from netra.cases.tests.factories import PemiluFactory
    from netra.core.demo import load_demo_data
    from netra.risk.tests.conftest import seed_evaluation_reference

    seed_evaluation_reference()
    PemiluFactory(name="Pemilu 2024")
    load_demo_data(only=["risk"])


def test_bar_chart_then_map_after_importing_boundaries(page, log_in, index, tmp_path):
    page.set_default_navigation_timeout(30_000)  # a shared 2-core machine under load
    log_in(page, "komisioner.banten")
    page.goto("/risk/")
    expect(page.get_by_role("heading", name="Vulnerability index", level=1)).to_be_visible()
    expect(page.locator("#no-boundaries")).to_contain_text("GeoJSON")
    expect(page.locator("figure.chart canvas")).to_be_visible()
    table = page.get_by_role("table").last
    expect(table).to_contain_text("KOTA SERANG", ignore_case=True)

    geojson = tmp_path / "batas-banten.geojson"
    features = [{"type": "Feature", "properties": {"kode_wilayah": code}, "geometry": square(x, y)}
                for code, x, y in (("36.73", 106.1, -6.1), ("36.04", 106.0, -6.0),
                                   ("99.99", 0, 0))]
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    page.goto("/risk/boundaries/")
    page.get_by_label("Boundaries (GeoJSON)").set_input_files(str(geojson))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import report")).to_be_visible()
    expect(page.get_by_role("table").last).to_contain_text("99.99")

    page.goto("/risk/")
    expect(page.locator("#risk-map")).to_have_attribute("data-drawn", "2")
    expect(page.locator("#risk-map path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("#map-status")).to_contain_text("2")
    page.get_by_label("Findings and reports").check()
    expect(page.locator("#risk-map path.leaflet-interactive")).to_have_count(2)

    page.get_by_role("link", name=re.compile("KOTA SERANG", re.I)).first.click()
    expect(page.get_by_role("heading", name=re.compile("Vulnerability of", re.I))).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Cakupan sosialisasi")


def test_report_generated_and_downloaded(page, log_in, index):
    """The Laporan Komprehensif: asked for on its page (public edition), generated in the
    background (inline here), then both files downloaded with the logged-in session."""
    import hashlib

    page.set_default_navigation_timeout(30_000)
    log_in(page, "komisioner.banten")
    page.goto("/risk/reports/")
    expect(page.get_by_role("heading", name="Comprehensive reports", level=1)).to_be_visible()
    page.get_by_label("Office").select_option(label="Bawaslu Kota Serang")
    page.get_by_label("Election").select_option(label="Pemilu 2024")
    page.get_by_label(re.compile("Public edition")).check()
    # The POST builds the report inline (Celery eager) before it redirects: allow for that.
    page.get_by_role("button", name="Generate the report").click(no_wait_after=True)
    expect(page.get_by_text("The report is being generated.")).to_be_visible(timeout=180_000)
    row = page.get_by_role("row").filter(has_text="Bawaslu Kota Serang").first
    expect(row).to_contain_text("Public")
    link = row.get_by_role("link", name="PDF")
    expect(link).to_be_visible()
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok
    body = pdf.body()
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest()[:16] in row.inner_text().replace("…", "")
    xlsx = page.request.get(row.get_by_role("link", name="XLSX").get_attribute("href"))
    assert xlsx.ok
    assert xlsx.body().startswith(b"PK")
