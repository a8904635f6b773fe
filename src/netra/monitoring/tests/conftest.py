"""Monitoring test setup: the Serang world of the case tests, English messages, private media in a
temporary folder, frozen time, and the shared evaluation data when present."""

from pathlib import Path

import pytest

from netra.cases.tests.conftest import MONDAY, english_private_media, frozen  # noqa: F401
from netra.cases.tests.factories import build_world

# The shared data lives beside the repository (../shared), never inside it.
SHARED_DATA = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "monitoring"
DEV_STANCE = SHARED_DATA / "dev_stance.csv"


@pytest.fixture
def w(regions, frozen):  # noqa: F811
    return build_world()


@pytest.fixture
def dev_stance():
    if not DEV_STANCE.exists():
        pytest.skip(f"shared monitoring data not found at {DEV_STANCE} (kept outside the repo)")
    return DEV_STANCE
