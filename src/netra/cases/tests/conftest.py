"""Shared setup for the case-core tests: a frozen Monday after the KASN → BKN switch, English
messages, private media in a temporary folder, and the Serang world from ``factories``."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from .factories import build_world

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2024, 9, 2, 9, 0, tzinfo=JAKARTA)  # after the KASN → BKN switch
TODAY = MONDAY.date()


@pytest.fixture
def english_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(regions, frozen):
    return build_world()
