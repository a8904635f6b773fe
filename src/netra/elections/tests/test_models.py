"""Elections: codes, stage dates, uniqueness, scoping and the admin page."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from netra.accounts.roles import Role
from netra.elections.models import Election, ElectionKind, ElectionLevel, ElectionStage
from netra.elections.permissions import ElectionAction
from netra.elections.selectors import election_get, election_list

pytestmark = pytest.mark.django_db


def make(
    name,
    kind=ElectionKind.PILKADA,
    region_code="36.73",
    level=ElectionLevel.REGENCY,
    voting_day=date(2024, 11, 27),
):
    return Election.objects.create(
        name=name, kind=kind, region_code=region_code, level=level, voting_day=voting_day
    )


@pytest.fixture
def elections(regions):
    return {
        "pemilu": make(
            "Pemilu 2024", ElectionKind.PEMILU, "", ElectionLevel.NATIONAL, date(2024, 2, 14)
        ),
        "banten": make("Pilgub Banten 2024", region_code="36", level=ElectionLevel.PROVINCE),
        "kota_serang": make("Pilwalkot Serang 2024"),
        "kab_serang": make("Pilbup Serang 2024", region_code="36.04"),
        "depok": make("Pilwalkot Depok 2024", region_code="32.76"),
    }


def test_code_and_str():
    pemilu = make("Pemilu 2024", ElectionKind.PEMILU, "", ElectionLevel.NATIONAL)
    pilkada = make("Pilwalkot Serang 2024")
    assert (pemilu.code, pilkada.code) == ("PL", "PG")
    assert str(pilkada) == "Pilwalkot Serang 2024"


def test_name_is_unique_per_region():
    make("Pilkada 2024", region_code="36.73")
    make("Pilkada 2024", region_code="36.04")
    with pytest.raises(IntegrityError), transaction.atomic():
        make("Pilkada 2024", region_code="36.73")


def test_stage_cannot_end_before_it_starts():
    election = make("Pilwalkot Serang 2024")
    stage = ElectionStage.objects.create(
        election=election, name="Kampanye", starts_on=date(2024, 9, 25), ends_on=date(2024, 11, 23)
    )
    assert str(stage) == "Kampanye"
    ElectionStage.objects.create(
        election=election,
        name="Pemungutan suara",
        starts_on=date(2024, 11, 27),
        ends_on=date(2024, 11, 27),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ElectionStage.objects.create(
            election=election,
            name="Salah",
            starts_on=date(2024, 11, 27),
            ends_on=date(2024, 11, 26),
        )
    assert [s.name for s in election.stages.all()] == ["Kampanye", "Pemungutan suara"]


def test_a_city_office_sees_national_and_enclosing_elections_but_changes_only_its_own(
    elections, member
):
    user = member(Role.ADMINISTRATOR, "36.73")
    seen = set(election_list(user=user).values_list("name", flat=True))
    assert seen == {"Pemilu 2024", "Pilgub Banten 2024", "Pilwalkot Serang 2024"}
    changeable = set(
        election_list(user=user, action=ElectionAction.ADMINISTER).values_list("name", flat=True)
    )
    assert changeable == {"Pilwalkot Serang 2024"}
    with pytest.raises(Election.DoesNotExist):
        election_get(user=user, pk=elections["kab_serang"].pk)


def test_a_district_office_sees_its_city_election(elections, member):
    user = member(Role.FIELD_SUPERVISOR, "36.73.05")
    seen = set(Election.objects.visible_to(user, "elections.view").values_list("name", flat=True))
    assert seen == {"Pemilu 2024", "Pilgub Banten 2024", "Pilwalkot Serang 2024"}


def test_national_office_sees_everything(elections, member):
    user = member(Role.ANALYST, "")
    assert election_list(user=user).count() == 5


def test_admin_changelist_and_stage_inline(admin_client, elections):
    url = reverse("admin:elections_election_changelist")
    response = admin_client.get(url, {"q": "Serang"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pilwalkot Serang 2024" in body
    assert "Pilwalkot Depok 2024" not in body
    assert admin_client.get(url, {"kind__exact": "pemilu"}).status_code == 200
    election = elections["kota_serang"]
    change = reverse("admin:elections_election_change", args=[election.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert "stages-TOTAL_FORMS" in response.content.decode()
    response = admin_client.post(
        change,
        {
            "name": election.name,
            "kind": election.kind,
            "level": election.level,
            "region_code": election.region_code,
            "voting_day": "2024-11-27",
            "is_active": "on",
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "0",
            "stages-MIN_NUM_FORMS": "0",
            "stages-MAX_NUM_FORMS": "1000",
            "stages-0-name": "Kampanye",
            "stages-0-starts_on": "2024-09-25",
            "stages-0-ends_on": "2024-11-23",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert election.stages.get().name == "Kampanye"
