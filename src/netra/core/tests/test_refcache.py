"""The reference-data cache sees every ORM write: ``save``/``delete`` through signals, and the
bulk writes that send none (``QuerySet.update``, ``bulk_create``, ``bulk_update``) through the
cached models' query set. Before, those waited for the 60 s expiry."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from netra.core import refcache
from netra.elections.models import Election
from netra.elections.selectors import active_election_list
from netra.orgs.models import Organisation
from netra.orgs.selectors import nearest_office
from netra.regions.models import Region
from netra.regions.selectors import region_get
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import HolidayKind
from netra.rules.models import DeadlineRule, Holiday
from netra.rules.selectors import deadline_rule

pytestmark = pytest.mark.django_db


def _cached(read):
    """``read()`` twice; the second must come from the cache (no query)."""
    first = read()
    with CaptureQueriesContext(connection) as captured:
        again = read()
    assert len(captured) == 0, "the second read should come from the cache"
    assert again == first
    return first


def test_a_queryset_update_of_an_office_is_seen_at_once(org_factory):
    office = org_factory("36.73")
    assert _cached(lambda: nearest_office("36.73.01", ["bawaslu_regency"])).name == office.name
    Organisation.objects.filter(pk=office.pk).update(name="Bawaslu Kota Serang (updated)")
    assert nearest_office("36.73.01", ["bawaslu_regency"]).name == "Bawaslu Kota Serang (updated)"
    Organisation.objects.filter(pk=office.pk).update(region_code="36.04")
    assert nearest_office("36.73.01", ["bawaslu_regency"]) is None


def test_a_bulk_upsert_and_bulk_update_of_regions_are_seen_at_once(regions):
    assert _cached(lambda: region_get("36.73.01")).name == "Serang"
    # What the region import does: an upsert in batches, which sends no signal.
    Region.objects.bulk_create(
        [Region(code="36.73.01", name="Serang Kota", level=3, kind="kecamatan",
                parent_code="36.73", path="Serang Kota", search_name="serang kota")],
        update_conflicts=True, unique_fields=["code"], update_fields=["name", "path"],
    )
    assert region_get("36.73.01").name == "Serang Kota"
    _cached(lambda: region_get("36.73.01"))
    row = Region.objects.get(code="36.73.01")
    row.name = "Serang (bulk)"
    Region.objects.bulk_update([row], ["name"])
    assert region_get("36.73.01").name == "Serang (bulk)"


def test_a_queryset_update_of_a_deadline_rule_is_seen_at_once():
    def rule():
        return deadline_rule(key="report_window", election_kind="pilkada", case_kind="report",
                             on=date(2024, 9, 2))

    first = _cached(rule)
    DeadlineRule.objects.filter(pk=first.pk).update(days=first.days + 3)
    assert rule().days == first.days + 3


def test_bulk_created_holidays_are_seen_at_once():
    friday = date(2024, 9, 6)
    assert WorkingCalendar().is_working_day(friday)
    Holiday.objects.bulk_create([Holiday(date=friday, name="Cuti bersama (test)",
                                         kind=HolidayKind.JOINT_LEAVE)])
    assert not WorkingCalendar().is_working_day(friday)
    Holiday.objects.filter(date=friday).update(kind=HolidayKind.WORKING)
    assert WorkingCalendar().is_working_day(friday)


def test_closing_elections_in_bulk_is_seen_at_once():
    election = Election.objects.create(name="Pilkada Kota Serang 2024", kind="pilkada",
                                       level="regency", region_code="36.73",
                                       voting_day=date(2024, 11, 27))
    assert election in _cached(active_election_list)
    Election.objects.filter(pk=election.pk).update(is_active=False)
    assert election not in active_election_list()


def test_a_bulk_write_invalidates_without_any_namespace_of_the_model(regions):
    """A process that never imported the selector (a management command bulk-loading rows)
    still starts a new generation that every worker's next read sees."""
    key = "netra:ref:gen:regions.region"
    before = cache.get(key)
    Region.objects.filter(code="36.73.01").update(name="Serang")
    assert cache.get(key) not in (None, before)


def test_a_bulk_write_invalidates_again_when_its_transaction_commits(
        regions, django_capture_on_commit_callbacks):
    """A reader may cache the uncommitted row between the write and the commit; the commit
    starts another generation."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Region.objects.filter(code="36.73.01").update(name="Serang Baru")
        assert region_get("36.73.01").name == "Serang Baru"  # cached mid-transaction
        during = cache.get("netra:ref:gen:regions.region")
    assert cache.get("netra:ref:gen:regions.region") != during


def test_a_namespace_reads_the_generation_of_each_of_its_models(regions):
    both = refcache.Namespace("test.two_models", models=[Region, Holiday])
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert both.get("k", compute) == 1
    assert both.get("k", compute) == 1
    Holiday.objects.bulk_create([Holiday(date=date(2024, 9, 6), name="Libur (test)",
                                         kind=HolidayKind.EXTRA)])
    assert both.get("k", compute) == 2
    Region.objects.filter(code="36").update(name="Banten")
    assert both.get("k", compute) == 3
