"""Dashboard and health check."""

from django.urls import reverse

from netra.accounts.models import Membership
from netra.accounts.tests.factories import UserFactory


def test_dashboard_needs_login(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_shows_roles_and_counts(client, member, org_factory):
    user = member("administrator", "36.73")
    org_factory("36.73.01")
    org_factory("36.04")
    colleague = UserFactory()
    Membership.objects.create(user=colleague, organisation=user.organisation, role="analyst")
    client.force_login(user)

    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["organisation_count"] == 2
    assert response.context["staff_count"] == 2
    assert user.organisation.name in html
    assert "Kota Serang" in html
    assert reverse("orgs:organisation_detail", args=[user.organisation.pk]) in html
    # Module navigation drawn from the registry.
    for name in ("orgs:organisation_list", "accounts:membership_list", "regions:region_list"):
        assert f'href="{reverse(name)}"' in html
    assert 'aria-current="page"' in html


def test_dashboard_without_membership(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response.context["memberships"] == []
    assert response.context["organisation_count"] == 0


def test_response_carries_a_request_id(client, db):
    response = client.get(reverse("core:healthz"))
    assert len(response["X-Request-ID"]) == 32
    other = client.get(reverse("core:healthz"))
    assert other["X-Request-ID"] != response["X-Request-ID"]


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in {"sqlite", "postgresql"}
