"""Election API endpoints through the HTTP client."""

from datetime import date

import pytest
from django.test import Client

from netra.accounts.services import create_api_token
from netra.elections.models import Election, ElectionStage

URL = "/api/v1/elections/"


def caller(user, mode="token"):
    client = Client()
    if mode == "token":
        _token, key = create_api_token(user=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    else:
        client.force_login(user)
    return client


@pytest.fixture
def elections(db):
    pemilu = Election.objects.create(
        name="Pemilu 2024",
        kind="pemilu",
        level="national",
        region_code="",
        voting_day=date(2024, 2, 14),
    )
    ElectionStage.objects.create(
        election=pemilu, name="Campaign", starts_on=date(2023, 11, 28), ends_on=date(2024, 2, 10)
    )
    ElectionStage.objects.create(
        election=pemilu, name="Quiet period", starts_on=date(2024, 2, 11), ends_on=date(2024, 2, 13)
    )
    banten = Election.objects.create(
        name="Pilkada Banten 2024",
        kind="pilkada",
        level="province",
        region_code="36",
        voting_day=date(2024, 11, 27),
    )
    serang = Election.objects.create(
        name="Pilkada Kota Serang 2024",
        kind="pilkada",
        level="regency",
        region_code="36.73",
        voting_day=date(2024, 11, 27),
        is_active=False,
    )
    depok = Election.objects.create(
        name="Pilkada Kota Depok 2024",
        kind="pilkada",
        level="regency",
        region_code="32.76",
        voting_day=date(2024, 11, 27),
    )
    return {"pemilu": pemilu, "banten": banten, "serang": serang, "depok": depok}


def test_anonymous_gets_401(client, elections):
    assert client.get(URL).status_code == 401
    response = client.get(f"{URL}{elections['pemilu'].pk}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


@pytest.mark.parametrize("mode", ["token", "session"])
def test_list_is_scoped(mode, member, elections):
    body = caller(member("handling_staff", "36.73"), mode).get(URL).json()
    assert body["count"] == 3
    names = [item["name"] for item in body["items"]]
    assert sorted(names) == ["Pemilu 2024", "Pilkada Banten 2024", "Pilkada Kota Serang 2024"]
    item = next(i for i in body["items"] if i["name"] == "Pilkada Kota Serang 2024")
    assert item == {
        "id": elections["serang"].pk,
        "name": "Pilkada Kota Serang 2024",
        "kind": "pilkada",
        "level": "regency",
        "region_code": "36.73",
        "voting_day": "2024-11-27",
        "is_active": False,
    }
    depok = caller(member("analyst", "32.76"), mode).get(URL).json()
    assert sorted(i["name"] for i in depok["items"]) == ["Pemilu 2024", "Pilkada Kota Depok 2024"]


def test_list_is_paginated(member, elections):
    client = caller(member("analyst", ""))  # national: sees all four
    page = client.get(URL, {"page_size": 3}).json()
    assert page["count"] == 4
    assert len(page["items"]) == 3
    assert len(client.get(URL, {"page_size": 3, "page": 2}).json()["items"]) == 1


def test_detail_with_stages_and_out_of_scope_404(member, elections):
    client = caller(member("handling_staff", "36.73"))
    response = client.get(f"{URL}{elections['pemilu'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "pemilu"
    assert body["stages"] == [
        {
            "id": body["stages"][0]["id"],
            "name": "Campaign",
            "starts_on": "2023-11-28",
            "ends_on": "2024-02-10",
        },
        {
            "id": body["stages"][1]["id"],
            "name": "Quiet period",
            "starts_on": "2024-02-11",
            "ends_on": "2024-02-13",
        },
    ]
    assert client.get(f"{URL}{elections['banten'].pk}").json()["stages"] == []
    assert client.get(f"{URL}{elections['depok'].pk}").status_code == 404
    assert client.get(f"{URL}999999").status_code == 404


def test_list_query_count_is_capped(member, elections, django_assert_max_num_queries):
    for i in range(20):
        election = Election.objects.create(
            name=f"Pilkada {i}",
            kind="pilkada",
            level="regency",
            region_code="36.73",
            voting_day=date(2024, 11, 27),
        )
        ElectionStage.objects.create(
            election=election,
            name="Campaign",
            starts_on=date(2024, 9, 25),
            ends_on=date(2024, 11, 23),
        )
    client = caller(member("handling_staff", "36.73"))
    with django_assert_max_num_queries(6):
        body = client.get(URL).json()
    assert body["count"] == 23


def test_openapi_lists_the_election_paths(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/elections/"]) == {"get"}
    assert set(paths["/api/v1/elections/{election_id}"]) == {"get"}
