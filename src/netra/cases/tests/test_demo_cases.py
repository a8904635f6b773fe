"""Demo cases: the published Serang City 2024 figures, exact registration numbers, a realistic
mix of outcomes and running clocks, and idempotence."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from netra.accounts.demo import load_demo_organisations_and_users as load_demo_data
from netra.accounts.models import Membership, User
from netra.cases import statistics as stats
from netra.cases.choices import RecommendationStatus
from netra.cases.demo import CASES, PEMILU_2024, PILKADA_SERANG_2024, load_demo_cases
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
from netra.elections.models import Election, ElectionStage
from netra.orgs.models import Organisation
from netra.regions.services import import_regions
from netra.rules.choices import DeadlineKey

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


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import_regions(province="36")
    load_demo_data()
    return load_demo_cases()


def counts():
    return tuple(model.objects.count() for model in (
        Case, CaseEvent, Recommendation, Sanction, ReportedPerson, CaseDocument, CaseDeadline,
        User, Membership, Election, ElectionStage))


def test_needs_the_demo_organisations_first(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(RuntimeError):
        load_demo_cases()
    with pytest.raises(CommandError):
        call_command("load_demo_cases")


def test_reproduces_the_published_serang_figures(demo):
    assert demo.created == len(CASES)
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
    sanctions = Sanction.objects.all()
    assert sanctions.count() >= 5
    assert set(sanctions.values_list("recorded_by__username", flat=True)) == {"kasn.officer"}
    assert all(s.decree_date < date(2024, 8, 24) for s in sanctions)
    today = timezone.localdate()
    overdue = Recommendation.objects.filter(
        status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED],
        due_on__lt=today)
    assert overdue.count() >= 3
    assert overdue.filter(escalations__gt=0).exists()
    assert Recommendation.objects.filter(status=RecommendationStatus.REFUSED).exists()
    # Pemilu 2024 recommendations went to KASN (before 24 Aug 2024), current ones to BKN.
    bkn_recs = Recommendation.objects.filter(recipient__kind="civil_service_body")
    assert bkn_recs.count() == 2
    assert bkn_recs.filter(due_on__gte=today).count() == 2  # awaiting, not yet overdue
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {Status.CLOSED, Status.SANCTION_IMPOSED, Status.ESCALATED, Status.FORWARDED,
            Status.AWAITING_FOLLOW_UP, Status.NOT_FOLLOWED_UP, Status.PLENARY,
            Status.REGISTERED, Status.AWAITING_COMPLETION} <= statuses
    pilkada = Case.objects.filter(election__name=PILKADA_SERANG_2024)
    registered = pilkada.get(status=Status.REGISTERED)
    clock = registered.deadlines.get(key=DeadlineKey.DECISION_WINDOW)
    assert clock.stopped_on is None
    assert clock.due_on >= today
    waiting = pilkada.get(status=Status.AWAITING_COMPLETION)
    assert waiting.deadlines.get(key=DeadlineKey.COMPLETION_WINDOW).stopped_on is None
    assert waiting.reporters.count() == 1
    panwascam = Case.objects.filter(office__kind="panwascam")
    assert panwascam.count() == 2
    for case in Case.objects.filter(status__in=[Status.PLENARY, Status.CLOSED]):
        assert case.documents.filter(kind="legal_study").exists()


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
    assert (again.created, again.kept) == (0, len(CASES))
    assert counts() == before
    call_command("load_demo_cases")
    assert "0 created" in capsys.readouterr().out
    assert counts() == before
