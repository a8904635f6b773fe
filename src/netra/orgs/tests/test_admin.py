"""Django admin pages for organisations."""

from django.urls import reverse


def test_changelist_and_change_page(admin_client, org_factory):
    org = org_factory("36.73", name="Bawaslu Kota Serang")
    response = admin_client.get(reverse("admin:orgs_organisation_changelist"), {"q": "serang"})
    assert response.status_code == 200
    assert "Bawaslu Kota Serang" in response.content.decode()
    assert (
        admin_client.get(reverse("admin:orgs_organisation_change", args=[org.pk])).status_code
        == 200
    )
