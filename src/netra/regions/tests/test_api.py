"""Region API (read-only reference data, but behind authentication like every endpoint)."""

import pytest

from netra.accounts.tests.factories import UserFactory


@pytest.fixture
def api_client(client, regions):
    client.force_login(UserFactory())
    return client


def test_needs_authentication(client, regions):
    assert client.get("/api/v1/regions/").status_code == 401


def test_children_of_a_parent(api_client):
    body = api_client.get("/api/v1/regions/", {"parent": "36"}).json()
    assert [r["code"] for r in body["items"]] == ["36.04", "36.73"]
    assert body["count"] == 2
    assert set(body["items"][0]) == {"code", "name", "level", "kind", "parent_code", "path"}


def test_provinces_by_default(api_client):
    body = api_client.get("/api/v1/regions/").json()
    assert [r["code"] for r in body["items"]] == ["32", "36"]


def test_search(api_client):
    body = api_client.get("/api/v1/regions/", {"q": "cipocok"}).json()
    assert [r["code"] for r in body["items"]] == ["36.73.05", "36.73.05.1001"]


def test_one_region(api_client):
    response = api_client.get("/api/v1/regions/36.73.05")
    assert response.status_code == 200
    assert response.json()["name"] == "Cipocok Jaya"
    assert api_client.get("/api/v1/regions/99.99").status_code == 404


def test_list_query_count_is_capped(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = api_client.get("/api/v1/regions/", {"parent": "36.73"})
    assert response.json()["count"] == 2
