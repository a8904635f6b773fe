"""Indicators computed from the modules below risk (issue #20.1): social-media hits of registered
accounts and banner coverage per region, as region aggregates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from netra.elections.models import ElectionStage
from netra.monitoring.models import Hit, MonitoredAccount, Post
from netra.prevention.models import BannerPlacement
from netra.risk import services
from netra.risk.choices import Direction, RegionLevel, SourceKind
from netra.risk.indicators import banner_coverage, indicator_source, monitoring_hits
from netra.risk.models import IndexScore

pytestmark = pytest.mark.django_db

JAKARTA = dt.timezone(dt.timedelta(hours=7))


def _hit(n: int, region: str, when: dt.datetime, status: str = "new") -> Hit:
    account = MonitoredAccount.objects.create(
        platform="twitter", handle=f"asn_{n}", region_code=region, person_name=f"ASN {n}")
    post = Post.objects.create(platform="twitter", post_id=f"p{n}", text="Ayo coblos 02")
    return Hit.objects.create(account=account, post=post, interaction_type="like",
                              region_code=region, score=0.9, occurred_at=when, status=status)


@pytest.fixture
def period(election):
    ElectionStage.objects.create(election=election, name="Kampanye",
                                 starts_on=dt.date(2023, 11, 28), ends_on=dt.date(2024, 2, 10))
    election.voting_day = dt.date(2024, 2, 14)
    election.save(update_fields=["voting_day"])
    return election


def test_hits_per_district_in_the_election_period(regions, period):
    inside = dt.datetime(2024, 1, 5, 9, 0, tzinfo=JAKARTA)
    _hit(1, "36.73.01.1002", inside)
    _hit(2, "36.73.01", inside)
    _hit(3, "36.73.01.1002", inside, status="dismissed")  # not a hit any more
    _hit(4, "36.73.05.1001", dt.datetime(2023, 6, 1, tzinfo=JAKARTA))  # before the period
    _hit(5, "36.73.05.1001", dt.datetime(2024, 2, 14, 23, 0, tzinfo=JAKARTA))  # voting day
    _hit(6, "36.04.01", inside)  # another regency's district, not asked for
    assert monitoring_hits(["36.73.01", "36.73.05"], period) == {
        "36.73.01": 2.0, "36.73.05": 1.0}
    assert indicator_source("monitoring.hits") is not None


def test_banner_coverage_is_the_share_of_villages(regions, period, org_factory, member):
    office = org_factory("36.73")
    for village, election in (("36.73.01.1002", period), ("36.73.01.1002", None)):
        BannerPlacement.objects.create(office=office, election=election, region_code=village,
                                       title="Spanduk", placed_on=dt.date(2024, 1, 2))
    assert banner_coverage(["36.73.01", "36.73.05"], period) == {
        "36.73.01": 100.0, "36.73.05": 0.0}
    # A district with no village in the region table has no value (missing data).
    assert "36.04.01" not in banner_coverage(["36.04.01"], period)


def test_a_method_computes_the_index_from_banner_coverage(regions, period, org_factory,
                                                         analyst_banten):
    office = org_factory("36.73")
    BannerPlacement.objects.create(office=office, election=period, region_code="36.73.01.1002",
                                   title="Spanduk", placed_on=timezone.localdate())
    method = services.create_method(
        actor=analyst_banten, key="b", name="B", region_code="36.73",
        level=RegionLevel.DISTRICT,
        indicators=[services.IndicatorSpec("spanduk", "Spanduk", Decimal("100"),
                                           SourceKind.COMPUTED, "prevention.banner_coverage",
                                           Direction.LOWER_RISKIER)])
    services.compute_index(actor=analyst_banten, method=method, election=period)
    scores = dict(IndexScore.objects.filter(method=method).values_list("region_code", "score"))
    assert scores == {"36.73.01": 0.0, "36.73.05": 100.0}  # no banner: the riskier district


def test_active_cadre_share_counts_villages_with_recent_activity(regions, period, org_factory,
                                                                settings):
    from netra.prevention.models import Cadre, CadreEntry
    from netra.risk.indicators import active_cadres

    settings.NETRA_PREVENTION_CADRE_ACTIVE_MONTHS = 6
    office = org_factory("36.73")
    active = Cadre.objects.create(office=office, election=period, region_code="36.73.01.1002",
                                  name="Kader Aktif", trained_on=dt.date(2023, 3, 1))
    CadreEntry.objects.create(cadre=active, kind="activity", happened_on=dt.date(2024, 1, 20),
                              title="Patroli pengawasan")
    Cadre.objects.create(office=office, election=period, region_code="36.73.05.1001",
                         name="Kader Diam", trained_on=dt.date(2023, 3, 1))  # nothing since
    # As of voting day (14 Feb 2024): active since mid-August 2023.
    assert active_cadres(["36.73.01", "36.73.05"], period) == {
        "36.73.01": 100.0, "36.73.05": 0.0}
