"""Banner coverage on a map in Chromium: prevention staff of Bawaslu Kota Serang open the
banner page and see their districts drawn from the imported boundaries with the vendored Leaflet
(no tile server), one village's banner shading its district.

The boundaries here are test squares, never shipped: the demo ships no geography.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + .1, y], [x + .1, y - .1],
                                                [x, y - .1], [x, y]]]}


def test_banner_coverage_map_is_drawn_from_imported_boundaries(page, log_in, demo):
    from netra.accounts.models import User
    from netra.prevention import services
    from netra.regions.models import Region
    from netra.risk.models import Boundary

    staff = User.objects.get(username="pencegahan.serang")
    office = staff.memberships.get().organisation
    districts = list(Region.objects.filter(code__startswith="36.73.", level=3)
                     .order_by("code")[:2])
    for n, district in enumerate(districts):
        Boundary.objects.create(region_code=district.code, level=3, name=district.name,
                                geometry=square(106.0 + n / 10, -6.0))
    village = Region.objects.filter(code__startswith=districts[0].code + ".").order_by("code")[0]
    services.add_banner(actor=staff, office=office, village_code=village.code,
                        title="Spanduk netralitas ASN", placed_on=date(2024, 9, 1))

    page.set_default_navigation_timeout(30_000)  # a shared 2-core machine under load
    log_in(page, "pencegahan.serang")
    page.goto("/prevention/banners/")
    canvas = page.locator("#map-prevention-banners .map-canvas")
    expect(canvas).to_have_attribute("data-drawn", "2")
    expect(canvas.locator("path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("#no-boundaries")).to_have_count(0)
    # The districts without a boundary are named, and the same figures are in the table.
    expect(page.locator(".map-missing")).to_contain_text("No boundary imported for")
    page.locator("#map-prevention-banners summary").click()
    expect(page.locator("#map-prevention-banners table")).to_contain_text(districts[0].name)
