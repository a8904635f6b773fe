"""Regions are reference data: the admin lists them but does not edit them."""

from django.urls import reverse

from netra.regions.models import Region


def test_regions_are_read_only_in_admin(admin_client, regions):
    response = admin_client.get(reverse("admin:regions_region_changelist"), {"q": "cipocok"})
    assert response.status_code == 200
    assert "36.73.05" in response.content.decode()
    page = admin_client.get(reverse("admin:regions_region_change", args=["36.73"]))
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    response = admin_client.post(
        reverse("admin:regions_region_change", args=["36.73"]), {"name": "Diubah"}
    )
    assert response.status_code == 403
    assert Region.objects.get(code="36.73").name == "Kota Serang"
