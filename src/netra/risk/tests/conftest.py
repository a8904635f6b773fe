"""Fixtures of the risk tests: an election, a district-level method in Banten, staff."""

from decimal import Decimal

import pytest

from netra.cases.tests.factories import PemiluFactory
from netra.risk import services
from netra.risk.choices import Direction, Normalisation, RegionLevel, SourceKind


@pytest.fixture
def election(db):
    return PemiluFactory(name="Pemilu 2024")


@pytest.fixture
def analyst_banten(member):
    return member("analyst", "36")


@pytest.fixture
def method(analyst_banten, regions):
    """Districts of Banten (36.73.01, 36.73.05, 36.04.01), two imported indicators 60/40."""
    return services.create_method(
        actor=analyst_banten, key="ikp", name="IKP", region_code="36",
        level=RegionLevel.DISTRICT,
        indicators=[
            services.IndicatorSpec("a", "Indicator A", Decimal("60")),
            services.IndicatorSpec("b", "Indicator B", Decimal("40"),
                                   direction=Direction.HIGHER_RISKIER,
                                   normalisation=Normalisation.MIN_MAX,
                                   source_kind=SourceKind.IMPORTED),
        ],
    )


def seed_evaluation_reference() -> None:
    """Re-create the evaluation dimensions (a data migration) after a transactional test's flush
    removed them."""
    from importlib import import_module

    from django.apps import apps

    if not apps.get_model("risk", "EvaluationIndicator").objects.exists():
        import_module("netra.risk.migrations.0002_evaluation_dimensions").seed(apps, None)


@pytest.fixture(autouse=True)
def evaluation_reference(request):
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    seed_evaluation_reference()
