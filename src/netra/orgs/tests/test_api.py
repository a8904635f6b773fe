"""Organisation API endpoints (django-ninja) through the HTTP client."""

import json

import pytest

from netra.accounts.services import create_api_token
from netra.orgs.choices import OrgKind
from netra.orgs.tests.factories import OrganisationFactory

URL = "/api/v1/organisations/"


@pytest.fixture
def admin(member):
    return member("administrator", "36.73")


@pytest.fixture
def bearer(admin):
    _token, key = create_api_token(user=admin, name="test")
    return {"Authorization": f"Bearer {key}"}


def test_anonymous_gets_401(client, org_factory):
    org = org_factory("36.73")
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{org.pk}").status_code == 401
    assert client.patch(f"{URL}{org.pk}", "{}", content_type="application/json").status_code == 401


def test_list_is_scoped_filtered_and_paginated(client, bearer, admin, org_factory):
    org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    org_factory("36.04", name="Bawaslu Kabupaten Serang")
    OrganisationFactory(region_code="36.73", kind=OrgKind.KPU, name="KPU Kota Serang")

    body = client.get(URL, headers=bearer).json()
    assert body["count"] == 3
    assert {item["name"] for item in body["items"]} == {
        admin.organisation.name,
        "Panwaslu Kecamatan Serang",
        "KPU Kota Serang",
    }
    item = next(i for i in body["items"] if i["name"] == "Panwaslu Kecamatan Serang")
    assert set(item) == {
        "id",
        "name",
        "kind",
        "region_code",
        "parent_id",
        "office_code",
        "registration_label",
    }

    def names(**params):
        return [i["name"] for i in client.get(URL, params, headers=bearer).json()["items"]]

    assert names(kind="kpu") == ["KPU Kota Serang"]
    assert names(q="kecamatan") == ["Panwaslu Kecamatan Serang"]
    assert client.get(URL, {"region": "36.73.01"}, headers=bearer).json()["count"] == 1


def test_list_query_count_is_capped(client, bearer, admin, django_assert_max_num_queries):
    for i in range(60):
        OrganisationFactory(
            region_code="36.73.01", kind=OrgKind.PANWASCAM, name=f"K{i}", parent=admin.organisation
        )
    with django_assert_max_num_queries(6):
        response = client.get(URL, headers=bearer)
    body = response.json()
    assert body["count"] == 61
    assert len(body["items"]) == 50


def test_get_in_and_out_of_scope(client, bearer, org_factory):
    inside = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    outside = org_factory("36.04")
    response = client.get(f"{URL}{inside.pk}", headers=bearer)
    assert response.status_code == 200
    assert response.json()["region_code"] == "36.73.01"
    assert client.get(f"{URL}{outside.pk}", headers=bearer).status_code == 404
    assert client.get(f"{URL}999999", headers=bearer).status_code == 404


def test_patch_changes_and_refuses(client, bearer, org_factory):
    org = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    url = f"{URL}{org.pk}"

    response = client.patch(
        url, json.dumps({"office_code": "12.01"}), content_type="application/json", headers=bearer
    )
    assert response.status_code == 200
    assert response.json()["office_code"] == "12.01"
    org.refresh_from_db()
    assert org.office_code == "12.01"

    response = client.patch(
        url, json.dumps({"email": "bukan-email"}), content_type="application/json", headers=bearer
    )
    assert response.status_code == 400
    assert "email" in response.json()["detail"]
    org.refresh_from_db()
    assert org.email == ""

    outside = org_factory("36.04")
    response = client.patch(
        f"{URL}{outside.pk}",
        json.dumps({"name": "X"}),
        content_type="application/json",
        headers=bearer,
    )
    assert response.status_code == 404


def test_viewer_may_read_but_not_patch(client, member, org_factory):
    user = member("handling_staff", "36.73")
    _token, key = create_api_token(user=user, name="t")
    headers = {"Authorization": f"Bearer {key}"}
    org = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
    assert client.get(f"{URL}{org.pk}", headers=headers).status_code == 200
    response = client.patch(
        f"{URL}{org.pk}",
        json.dumps({"name": "X"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    org.refresh_from_db()
    assert org.name == "Panwaslu Kecamatan Serang"
