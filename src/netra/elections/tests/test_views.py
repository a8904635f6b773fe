from datetime import date

import pytest

from netra.elections.models import Election


@pytest.fixture
def pemilu(regions):
    return Election.objects.create(
        name="Pemilu 2024",
        kind="pemilu",
        level="national",
        region_code="",
        voting_day=date(2024, 2, 14),
    )


@pytest.fixture
def pilkada_serang(regions):
    return Election.objects.create(
        name="Pilkada Kota Serang 2024",
        kind="pilkada",
        level="regency",
        region_code="36.73",
        voting_day=date(2024, 11, 27),
    )


def test_list_shows_national_and_own_elections_not_others(client, member, pemilu, pilkada_serang):
    other = Election.objects.create(
        name="Pilkada Depok 2024",
        kind="pilkada",
        level="regency",
        region_code="32.76",
        voting_day=date(2024, 11, 27),
    )
    client.force_login(member("handling_staff", "36.73.01"))
    html = client.get("/elections/").content.decode()
    assert "Pemilu 2024" in html
    assert "Pilkada Kota Serang 2024" in html  # the district sees its regency's Pilkada
    assert other.name not in html
    assert client.get(f"/elections/{other.pk}/").status_code == 404


def test_admin_creates_pilkada_and_adds_stage(client, member):
    admin = member("administrator", "36.73")
    client.force_login(admin)
    response = client.post(
        "/elections/new/",
        {
            "name": "Pilkada Kota Serang 2024",
            "kind": "pilkada",
            "level": "regency",
            "region_code": "36.73",
            "voting_day": "2024-11-27",
        },
    )
    assert response.status_code == 302
    election = Election.objects.get(name="Pilkada Kota Serang 2024")
    response = client.post(
        f"/elections/{election.pk}/",
        {"name": "Kampanye", "starts_on": "2024-09-25", "ends_on": "2024-09-20"},
    )
    assert response.status_code == 400
    assert election.stages.count() == 0
    response = client.post(
        f"/elections/{election.pk}/",
        {"name": "Kampanye", "starts_on": "2024-09-25", "ends_on": "2024-11-23"},
    )
    assert response.status_code == 302
    assert election.stages.get().name == "Kampanye"


def test_create_refuses_bad_input_and_out_of_scope(client, member):
    client.force_login(member("administrator", "36.73"))
    bad_level = client.post(
        "/elections/new/",
        {
            "name": "X",
            "kind": "pemilu",
            "level": "regency",
            "region_code": "36.73",
            "voting_day": "2024-02-14",
        },
    )
    assert bad_level.status_code == 400
    unknown = client.post(
        "/elections/new/",
        {
            "name": "Y",
            "kind": "pilkada",
            "level": "regency",
            "region_code": "99.99",
            "voting_day": "2024-11-27",
        },
    )
    assert unknown.status_code == 400
    outside = client.post(
        "/elections/new/",
        {
            "name": "Z",
            "kind": "pilkada",
            "level": "regency",
            "region_code": "36.04",
            "voting_day": "2024-11-27",
        },
    )
    assert outside.status_code == 400
    assert not Election.objects.exists()


def test_non_admin_cannot_create(client, member):
    client.force_login(member("analyst", "36.73"))
    assert client.get("/elections/new/").status_code == 404
