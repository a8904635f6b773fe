"""Fixtures of the prevention tests: offices of Kota Serang and Kabupaten Serang, an election."""

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def kota(org_factory):
    return org_factory("36.73", name="Bawaslu Kota Serang")


@pytest.fixture
def kabupaten(org_factory):
    return org_factory("36.04", name="Bawaslu Kabupaten Serang")


@pytest.fixture
def staff(member, kota):
    """Prevention staff of Bawaslu Kota Serang."""
    return member("prevention_staff", org=kota)


@pytest.fixture
def election(db):
    from netra.elections.models import Election

    return Election.objects.create(name="Pemilu 2024", kind="pemilu", level="national",
                                   voting_day=date(2024, 2, 14), region_code="")


@pytest.fixture
def make_activity(kota):
    from netra.prevention.models import Activity

    def make(office=None, **values):
        office = office or kota
        defaults = {"activity_type": "socialization", "title": "Sosialisasi netralitas ASN",
                    "starts_on": date(2024, 3, 5), "ends_on": date(2024, 3, 5),
                    "target_groups": ["asn"]}
        defaults.update(values)
        return Activity.objects.create(office=office, region_code=office.region_code,
                                       **defaults)

    return make
