"""The election in progress is dated from the day the demo is loaded: loaded on two different
days (time-machine), its voting day, stages, clocks, recommendations and timeline move with the
day and stay the same relative to it."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from netra.cases.demo import LIVE, LIVE_CASES, load_demo_cases
from netra.cases.models import Case, CaseDeadline, Recommendation
from netra.core.demo import load_demo_data
from netra.elections.models import Election
from netra.regions.services import import_regions

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def regions(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        import_regions(province="36")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_needs_the_demo_organisations_first(regions, media):
    with pytest.raises(RuntimeError):
        load_demo_cases()
    with pytest.raises(CommandError):
        call_command("load_demo_cases")
    assert not Case.objects.exists()


def _load_on(day: date) -> dict:
    """Load the election in progress as on ``day`` (rolled back afterwards); what it looks like
    in days relative to ``day``."""
    def rel(value):
        return None if value is None else (value - day).days

    with time_machine.travel(datetime.combine(day, time(10), tzinfo=JAKARTA), tick=False):
        assert timezone.localdate() == day
        with transaction.atomic():
            load_demo_data(only=["accounts"])
            result = load_demo_cases(historical=False)
            election = Election.objects.get(name=LIVE)
            seen = {
                "created": result.created,
                "voting_day": election.voting_day,
                "stages": sorted((s.name, rel(s.starts_on), rel(s.ends_on))
                                 for s in election.stages.all()),
                "clocks": sorted((d.case.title, d.key, rel(d.starts_on), rel(d.due_on),
                                  rel(d.stopped_on))
                                 for d in CaseDeadline.objects.select_related("case")),
                "recommendations": sorted(
                    (r.case.title, r.status, rel(r.sent_on), rel(r.due_on))
                    for r in Recommendation.objects.select_related("case")),
                "statuses": sorted(Case.objects.values_list("title", "status")),
                "timeline": sorted(
                    (c.title, e.transition, rel(timezone.localtime(e.at).date()))
                    for c in Case.objects.all() for e in c.events.all()),
                "numbers": sorted(n for n in Case.objects.values_list(
                    "registration_number", flat=True) if n),
            }
            transaction.set_rollback(True)
    return seen


def test_the_election_in_progress_moves_with_the_day_it_is_loaded(regions, media):
    march = _load_on(date(2027, 3, 1))
    may = _load_on(date(2027, 5, 17))
    assert march["created"] == may["created"] == len(LIVE_CASES)
    assert march["voting_day"] == date(2027, 3, 22)
    assert may["voting_day"] == date(2027, 6, 7)
    campaign = dict((name, (a, b)) for name, a, b in march["stages"])["Masa kampanye"]
    assert campaign[0] < 0 < campaign[1]  # the campaign is running on the day of loading
    for key in ("stages", "clocks", "recommendations", "statuses", "timeline"):
        assert march[key] == may[key], key
    # Clocks run: none stopped in the future, some due ahead, one decision clock overdue.
    running = [c for c in march["clocks"] if c[4] is None]
    assert any(c[3] > 0 for c in running)
    assert [c[1] for c in running if c[3] < 0 and c[1] == "decision_window"] == [
        "decision_window"]
    # Registration numbers follow the registration month (Roman numerals) of each load.
    assert any("/III/2027" in n or "/II/2027" in n for n in march["numbers"])
    assert any("/V/2027" in n for n in may["numbers"])
