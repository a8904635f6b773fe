"""Demo cases: the published Serang City 2024 figures, exact registration numbers, a realistic
mix of outcomes, the election in progress with its running clocks, the README's demo logins, and
idempotence.

The whole demo is loaded once for the module (``netra load_demo_data``, every loader, as
``./scripts/run`` does) inside a transaction rolled back at the end; each test runs in a
savepoint of it. The loader run on another day is in ``test_demo_live.py``."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from netra.accounts.models import Membership, User
from netra.cases import statistics as stats
from netra.cases.choices import CaseKind, RecommendationStatus
from netra.cases.demo import (
    CASES,
    LIVE,
    LIVE_CASES,
    PEMILU_2024,
    PILKADA_SERANG_2024,
    DemoResult,
    load_demo_cases,
)
from netra.cases.models import (
    Case,
    CaseDeadline,
    CaseDocument,
    CaseEvent,
    Recommendation,
    ReportedPerson,
    Sanction,
)
from netra.cases.statistics import StatisticsFilters
from netra.cases.workflow import Status
from netra.core.demo import load_demo_data
from netra.elections.models import Election, ElectionStage
from netra.orgs.models import Organisation
from netra.regions.services import import_regions
from netra.rules.choices import DeadlineKey

README = Path(__file__).resolve().parents[4] / "README.md"

pytestmark = pytest.mark.django_db

# Tabel 6 of the Serang City study, as printed (shared/domain/tables/
# serang_2024_registered_findings.csv).
PUBLISHED = {
    "001/Reg/TM/PL/Kota/1.01/IV/2023": ("Camat Cipocok Jaya",),
    "002/Reg/TM/PL/Kota/1.01/X/2023": ("Kepala Sekolah", "Guru PNS"),
    "001/Reg/TM/PL/Kota/1.01/I/2024": ("Kepala Pelayanan",),
    "002/Reg/TM/PL/Kota/1.01/I/2024": ("Sekretaris Lurah",),
    "003/Reg/TM/PL/Kota/1.01/I/2024": ("PNS",),
    "002/REG/TM/PL/Kec-CipocokJaya/11.01/IX/2023": ("Anggota PPS", "ASN"),
}


@dataclass
class Loaded:
    today: date
    result: DemoResult
    logins: list[tuple[str, str, str]]  # (username, English role label, organisation)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")), transaction.atomic():
        import_regions(province="36")
        load_demo_data(only=["accounts"])
        result = load_demo_cases()
        with translation.override("en"):  # every loader, as ./scripts/run runs them
            logins = [(login.username, str(login.role), login.organisation)
                      for login in load_demo_data()]
        yield Loaded(timezone.localdate(), result, logins)
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded):
    return loaded.result


def counts():
    return tuple(model.objects.count() for model in (
        Case, CaseEvent, Recommendation, Sanction, ReportedPerson, CaseDocument, CaseDeadline,
        User, Membership, Election, ElectionStage))


def test_reproduces_the_published_serang_figures(demo):
    assert demo.created == len(CASES) + len(LIVE_CASES)
    # ... plus the finding raised from one piece of initial information and the report another
    # went on as once its reporter came to file it.
    assert Case.objects.count() == demo.created + 2
    continued = Case.objects.get(status="continued_as_report")
    assert continued.raised_cases.get().kind == "report"
    assert demo.explicit_numbers == []  # every number came from the numbering rules
    analyst = User.objects.get(username="analis.serang")
    pemilu = Election.objects.get(name=PEMILU_2024)
    serang = Organisation.objects.get(name="Bawaslu Kota Serang")
    with translation.override("en"):  # row labels are translated; compare the English ones
        table = stats.category_table(
            user=analyst, filters=StatisticsFilters(election_id=pemilu.pk, office_id=serang.pk))
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Non-stage supervision (ASN neutrality)"] == [5, 2, 7]
    assert rows["Election crime"] == [5, 0, 5]
    assert rows["Other laws"] == [1, 0, 1]
    assert rows["Administrative"] == [0, 0, 0]
    assert rows["Organiser ethics"] == [0, 0, 0]
    assert "Not yet classified" not in rows
    assert table.total == ["Total", 11, 2, 13]

    # The Banten table's shape: Kota Serang at regency level and handled at district level.
    national = User.objects.get(username="analis.ri")
    region = stats.region_table(user=national, filters=StatisticsFilters(election_id=pemilu.pk))
    by_code = {row[1]: row[2:] for row in region.rows}
    assert by_code["36.73"] == [13, 2, 15]
    assert set(by_code) == {"36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73",
                            "36.74"}
    assert by_code["36.04"] == [0, 0, 0]


def test_published_findings_keep_their_numbers_positions_and_recipient(demo):
    kasn = Organisation.objects.get(kind="kasn")
    for number, positions in PUBLISHED.items():
        case = Case.objects.get(registration_number=number)
        persons = list(case.reported_persons.order_by("pk"))
        assert tuple(p.position for p in persons) == positions, number
        assert all(p.name == "" for p in persons), number
        assert case.kind == "finding"
        assert case.category == "non_stage_asn"
        assert case.recommendations.filter(recipient=kasn).exists(), number
        month = number.split("/")[-2]
        register = case.events.get(transition="register")
        assert timezone.localtime(register.at).date() == case.registered_on
        assert case.registered_on.year == int(number[-4:])
        assert {"I": 1, "IV": 4, "IX": 9, "X": 10}[month] == case.registered_on.month
    row6 = Case.objects.get(registration_number="002/REG/TM/PL/Kec-CipocokJaya/11.01/IX/2023")
    assert row6.office.kind == "panwascam"
    assert set(row6.recommendations.values_list("recipient__kind", flat=True)) == {"kasn", "kpu"}
    first = Case.objects.get(registration_number="001/Reg/TM/PL/Kota/1.01/IV/2023")
    assert first.description.startswith("ASN (Aparatur Sipil Negara) dilingkungan Pemerintah")
    assert first.registered_on == date(2023, 4, 10)
    # Reported persons are never named anywhere in the demo.
    assert not ReportedPerson.objects.exclude(name="").exists()


def test_outcomes_are_a_realistic_mix(demo):
    kasn_officer = User.objects.get(username="kasn.officer")
    assert Membership.objects.filter(user=kasn_officer, organisation__kind="kasn",
                                     role="recipient_officer").exists()
    historical = Sanction.objects.filter(recommendation__case__election__name=PEMILU_2024)
    assert historical.count() >= 5
    assert set(historical.values_list("recorded_by__username", flat=True)) == {"kasn.officer"}
    assert all(s.decree_date < date(2024, 8, 24) for s in historical)
    live = Sanction.objects.filter(recommendation__case__election__name=LIVE)
    assert set(live.values_list("recorded_by__username", flat=True)) == {"bkn.officer"}
    today = timezone.localdate()
    overdue = Recommendation.objects.filter(
        status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED],
        due_on__lt=today)
    assert overdue.filter(case__election__name=PEMILU_2024).count() >= 3
    assert overdue.filter(escalations__gt=0).exists()
    assert Recommendation.objects.filter(status=RecommendationStatus.REFUSED).exists()
    # Pemilu 2024 recommendations went to KASN (before 24 Aug 2024), current ones to BKN.
    assert not Recommendation.objects.filter(case__election__name=PEMILU_2024,
                                             recipient__kind="civil_service_body").exists()
    assert set(Recommendation.objects.filter(case__election__name=LIVE)
               .values_list("recipient__kind", flat=True)) == {"civil_service_body"}
    panwascam = Case.objects.filter(office__kind="panwascam")
    assert panwascam.filter(election__name=PEMILU_2024).count() == 2
    assert not Case.objects.filter(election__name=PILKADA_SERANG_2024).exists()
    for case in Case.objects.filter(status__in=[Status.PLENARY, Status.CLOSED]):
        assert case.documents.filter(kind="legal_study").exists()


def _live(status: str) -> Case:
    return Case.objects.get(election__name=LIVE, status=status)


def _clock(case: Case, key: str = DeadlineKey.DECISION_WINDOW):
    return case.deadlines.get(key=key)


def test_the_election_in_progress_has_a_case_at_every_status(demo):
    live = Case.objects.filter(election__name=LIVE)
    assert set(live.values_list("status", flat=True)) == set(Status.values)
    assert {CaseKind.INITIAL_INFO, CaseKind.FINDING, CaseKind.REPORT} == set(
        live.values_list("kind", flat=True))
    raised = _live(Status.RAISED)
    assert Case.objects.get(raised_from=raised).status == Status.RECEIVED
    assert live.filter(office__kind="panwascam").count() == 4  # three pieces of info + finding
    # Made by the real services: numbers from the numbering rules, a timeline row for every
    # step, audit history, and documents of record where the guards ask for them.
    events = {"extend": "extend_deadline", "sanction": "record_sanction",
              "refusal": "record_refusal"}
    for spec in LIVE_CASES:
        case = live.filter(title=spec.title).order_by("pk").first()
        done = set(case.events.values_list("transition", flat=True))
        assert {events.get(s.name, s.name) for s in spec.steps} <= done, spec.title
        assert LogEntry.objects.get_for_object(case).exists(), spec.title
    assert live.exclude(registered_on=None).filter(registration_number="").count() == 0
    # Documents of record: generated and finalised in Netra now, signed scans from 2024.
    studies = CaseDocument.objects.filter(kind="legal_study")
    assert set(studies.filter(case__election__name=LIVE).values_list("state", flat=True)) == {
        "final"}
    assert set(studies.filter(case__election__name=PEMILU_2024)
               .values_list("state", flat=True)) == {"signed"}
    assert all(d.facts.get("violation_type_ids") for d in studies)
    assert not CaseDocument.objects.filter(state="draft").exists()
    minutes = CaseDocument.objects.filter(kind="plenary_minutes", case__election__name=LIVE)
    assert set(minutes.values_list("state", flat=True)) == {"final"}
    assert all(m.number for m in minutes)


def test_clocks_run_relative_to_the_day_of_loading(loaded, demo):
    today = loaded.today
    election = Election.objects.get(name=LIVE)
    assert election.voting_day == today + timedelta(days=21)
    assert election.is_active
    campaign = election.stages.get(name="Masa kampanye")
    assert campaign.starts_on < today < campaign.ends_on
    assert election.stages.get(name="Pemungutan suara").starts_on == election.voting_day

    registered = _clock(_live(Status.REGISTERED))
    assert (registered.stopped_on, registered.due_on) == (None, today + timedelta(days=2))
    near = [_clock(_live(Status.CLARIFICATION)), _clock(_live(Status.PLENARY))]
    assert all(c.stopped_on is None and c.due_on == today + timedelta(days=1) for c in near)
    assert near[1].extended_days == 2  # the Pilkada extension, with its reason
    assert near[1].extension_reason
    overdue = _clock(_live(Status.LEGAL_STUDY))
    assert overdue.stopped_on is None
    assert overdue.due_on < today  # the one overdue decision clock
    completion = _clock(_live(Status.AWAITING_COMPLETION), DeadlineKey.COMPLETION_WINDOW)
    assert (completion.stopped_on, completion.due_on) == (None, today + timedelta(days=1))
    assert _live(Status.AWAITING_COMPLETION).reporters.count() == 1
    running = CaseDeadline.objects.filter(case__election__name=LIVE, stopped_on=None)
    assert running.filter(due_on__lt=today, key=DeadlineKey.DECISION_WINDOW).count() == 1

    # One recommendation is overdue at BKN and still awaited (acknowledged, not answered);
    # another overdue one has been escalated to the province; the others run or are answered.
    open_recs = Recommendation.objects.filter(
        case__election__name=LIVE,
        status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED])
    late = open_recs.filter(due_on__lt=today)
    assert sorted(late.values_list("case__status", flat=True)) == [
        Status.AWAITING_FOLLOW_UP, Status.ESCALATED]
    awaited = late.get(case__status=Status.AWAITING_FOLLOW_UP)
    assert awaited.recipient.name == "Badan Kepegawaian Negara (BKN)"
    assert awaited.status == RecommendationStatus.ACKNOWLEDGED
    assert open_recs.filter(due_on__gte=today).count() == 2
    # Past steps carry their own dates in the timeline, not the time of loading.
    sanctioned = _live(Status.SANCTION_IMPOSED)
    register = sanctioned.events.get(transition="register")
    assert timezone.localtime(register.at).date() == sanctioned.registered_on < today
    assert sanctioned.registered_on == today - timedelta(days=42)


def test_readme_lists_every_demo_login(loaded):
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Demo logins:"):]
    section = section[:section.index("\n\n", section.index("| ---"))]
    rows = re.findall(r"^\| `([^`]+)` *\| *([^|]+?) *\| *([^|]+?) *\|$", section, re.M)
    assert sorted(rows) == sorted(loaded.logins)
    assert len({row[0] for row in rows}) == len(rows)


def test_elections_and_stages(demo):
    pemilu = Election.objects.get(name=PEMILU_2024)
    assert (pemilu.kind, pemilu.level, pemilu.region_code, pemilu.voting_day) == (
        "pemilu", "national", "", date(2024, 2, 14))
    campaign = pemilu.stages.get(name="Masa kampanye")
    assert (campaign.starts_on, campaign.ends_on) == (date(2023, 11, 28), date(2024, 2, 10))
    pilkada = Election.objects.get(name=PILKADA_SERANG_2024)
    assert (pilkada.kind, pilkada.level, pilkada.region_code, pilkada.voting_day) == (
        "pilkada", "regency", "36.73", date(2024, 11, 27))


def test_is_idempotent_and_the_command_reports(demo, capsys):
    before = counts()
    again = load_demo_cases()
    assert (again.created, again.kept) == (0, len(CASES) + len(LIVE_CASES))
    assert counts() == before
    call_command("load_demo_cases")
    assert "0 created" in capsys.readouterr().out
    assert counts() == before
    # On a later day nothing moves: the election in progress keeps the dates it was loaded with.
    later = load_demo_cases(today=timezone.localdate() + timedelta(days=30))
    assert later.created == 0
    assert counts() == before
