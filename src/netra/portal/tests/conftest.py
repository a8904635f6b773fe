"""Portal test setup: the Serang world of the case tests, a frozen Monday, English messages,
private files in a temporary folder and a fresh cache (rate limits) per test."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, TestCase
from django.utils import translation

from netra.cases.tests.factories import build_world

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2024, 9, 2, 9, 0, tzinfo=JAKARTA)
TODAY = MONDAY.date()
VALID_NIK = "3673014508900003"  # Kota Serang, woman born 5 August 1990


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


class CommittingClient(Client):
    """A test client whose requests end like a real one's: the callbacks registered for "after
    commit" (the portal opens a report's case there) run before the response is returned, as
    they do in autocommit under a server; a test's wrapping transaction never commits."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(regions, frozen):
    return build_world()


def form_data(w, **overrides):
    data = {
        "kind": "report", "election": str(w.pilkada.pk),
        "reporter_name": "Dewi Pelapor Rahasia", "reporter_nik": VALID_NIK,
        "reporter_address": "Jl. Rahasia No. 9, Serang", "reporter_phone": "081298765432",
        "reporter_email": "dewi.rahasia@example.id", "reporter_type": "citizen",
        "person_name": "Budi Terlapor", "person_position": "Camat",
        "person_agency": "Kecamatan Serang", "person_employment_type": "pns", "person_nip": "",
        "title": "Camat hadir di kampanye", "description": "Camat ikut kampanye paslon 1.",
        "incident_date": "2024-08-30", "known_date": "2024-08-31",
        "place_region_code": "36.73.01.1002", "place_address": "Lapangan Cipare",
        "website": "", "idempotency_key": "k" * 32,
    }
    data.update(overrides)
    return data
