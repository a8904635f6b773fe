"""Banner coverage on a map (issue #18.3): drawn over the boundaries an office imported, never
over invented geography; without boundaries the ranked chart stays and says why."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from netra.prevention import services
from netra.risk.models import Boundary

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[106.1, -6.1], [106.2, -6.1], [106.2, -6.2],
                                              [106.1, -6.2], [106.1, -6.1]]]}


def _map_data(html: str) -> dict:
    return json.loads(re.search(
        r'<script id="map-prevention-banners-data" type="application/json">(.*?)</script>',
        html, re.S)[1])


def test_without_boundaries_the_page_says_so_and_keeps_the_chart(client, staff, kota):
    client.force_login(staff)
    page = client.get(reverse("prevention:banner_list"))
    assert page.context["map"] is None
    assert page.context["chart"] is not None
    html = page.content.decode()
    assert 'id="no-boundaries"' in html
    assert "leaflet.js" not in html


def test_with_a_district_boundary_the_map_shades_it_by_coverage(client, staff, kota):
    Boundary.objects.create(region_code="36.73.01", level=3, name="Serang", geometry=SQUARE)
    services.add_banner(actor=staff, office=kota, village_code="36.73.01.1002", title="Baliho",
                        placed_on=date(2024, 1, 5))
    client.force_login(staff)
    page = client.get(reverse("prevention:banner_list"))
    html = page.content.decode()
    assert 'id="no-boundaries"' not in html
    assert "netra/vendor/leaflet/leaflet.js" in html
    features = _map_data(html)["data"]["features"]
    assert [f["properties"]["code"] for f in features] == ["36.73.01"]
    assert features[0]["geometry"] == SQUARE
    assert features[0]["properties"]["value"] == 100
    assert features[0]["properties"]["label"] == "1 dari 1 desa/kelurahan (100%)"
    # The district without a boundary is named under the map, not drawn.
    missing = html.split('class="muted map-missing"')[1].split("</p>")[0]
    assert "Cipocok Jaya" in missing
    assert "Serang" not in missing


def test_the_map_shows_only_the_areas_of_the_users_scope(client, member, staff, kota):
    Boundary.objects.create(region_code="36.73.01", level=3, name="Serang", geometry=SQUARE)
    Boundary.objects.create(region_code="36.04.01", level=3, name="Cinangka", geometry=SQUARE)
    client.force_login(staff)
    html = client.get(reverse("prevention:banner_list")).content.decode()
    codes = {f["properties"]["code"] for f in _map_data(html)["data"]["features"]}
    assert codes == {"36.73.01"}
