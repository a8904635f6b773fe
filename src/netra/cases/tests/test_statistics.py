"""Statistics: exact figures on a small dataset with fixed dates, scoping, the page and exports."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from netra.accounts.roles import Role
from netra.cases import statistics as stats
from netra.cases.choices import CaseKind, RecommendationStatus
from netra.cases.models import Recommendation, ReportedPerson, Sanction
from netra.cases.statistics import StatisticsFilters
from netra.cases.tests.factories import CaseFactory, build_world
from netra.cases.workflow import Status
from netra.rules.choices import Category
from netra.rules.models import ViolationType

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    """Table headers are translated; these tests compare the English ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(regions, django_user_model):
    w = build_world()
    django_user_model.objects.update(language="en")  # assertions below use the English texts
    return w


def make_case(w, *, office=None, kind=CaseKind.FINDING, category=Category.NON_STAGE_ASN,
              status=Status.REGISTERED, registered=None, decided=None, election=None, codes=()):
    case = CaseFactory(office=office or w.serang, election=election or w.pemilu, kind=kind,
                       category=category, status=status, registered_on=registered,
                       decided_on=decided)
    if codes:
        case.violation_types.set(ViolationType.objects.filter(code__in=codes))
    return case


def recommend(case, recipient, status, *, sent=date(2024, 2, 1), due=date(2024, 2, 15)):
    return Recommendation.objects.create(case=case, recipient=recipient, status=status,
                                         sent_on=sent, due_on=due)


def sanction(rec, decree_date):
    person = ReportedPerson.objects.create(case=rec.case, employment_type="pns",
                                           position="Camat", agency="Pemerintah Kota Serang")
    return Sanction.objects.create(recommendation=rec, reported_person=person,
                                   sanction_type="moderate", decree_number="800/1",
                                   decree_date=decree_date)


@pytest.fixture
def dataset(world):
    """Known figures for Bawaslu Kota Serang in the Pemilu, plus noise elsewhere."""
    w = world
    a = make_case(w, registered=date(2024, 1, 10), decided=date(2024, 1, 12),
                  status=Status.SANCTION_IMPOSED, codes=("asn-campaign-props",))
    b = make_case(w, registered=date(2024, 1, 1), decided=date(2024, 1, 6),
                  status=Status.SANCTION_IMPOSED, codes=("asn-campaign-props", "asn-attending"))
    c = make_case(w, kind=CaseKind.REPORT, registered=date(2024, 2, 1), decided=date(2024, 2, 10),
                  status=Status.RECOMMENDATION_REJECTED, codes=("asn-social-media",))
    d = make_case(w, category=Category.CRIME, registered=date(2024, 3, 1),
                  status=Status.FORWARDED)
    e = make_case(w, kind=CaseKind.REPORT, category="", status=Status.UNDER_CHECK)
    make_case(w, kind=CaseKind.INITIAL_INFO, category="", status=Status.INFO_RECEIVED)  # ignored
    # Decision durations: a 2, b 5, c 9 days → median 5.
    rec_a = recommend(a, w.bkn, RecommendationStatus.SANCTIONED)
    sanction(rec_a, date(2024, 2, 9))  # 30 days after registration (the first decree)
    sanction(rec_a, date(2024, 4, 9))  # a later decree does not count
    rec_b = recommend(b, w.bkn, RecommendationStatus.SANCTIONED)
    sanction(rec_b, date(2024, 3, 1))  # 60 days → median of 30 and 60 = 45
    recommend(c, w.bkn, RecommendationStatus.REFUSED)
    recommend(d, w.gakkumdu, RecommendationStatus.SENT)  # overdue on TODAY
    recommend(b, w.kpu, RecommendationStatus.ACKNOWLEDGED, due=date(2024, 12, 1))
    # Elsewhere: the Panwascam below the city, another election, another regency.
    make_case(w, office=w.cipocok, codes=("asn-attending",))
    make_case(w, election=w.pilkada)
    make_case(w, office=w.kab_serang, kind=CaseKind.REPORT)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def serang_pemilu(w) -> StatisticsFilters:
    return StatisticsFilters(election_id=w.pemilu.pk, office_id=w.serang.pk)


def test_category_table(world, dataset):
    table = stats.category_table(user=world.analyst, filters=serang_pemilu(world))
    assert table.headers == ["Category", "Findings (temuan)", "Reports (laporan)", "Total"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Non-stage supervision (ASN neutrality)"] == [2, 1, 3]
    assert rows["Election crime"] == [1, 0, 1]
    assert rows["Other laws"] == [0, 0, 0]
    assert rows["Administrative"] == [0, 0, 0]
    assert rows["Not yet classified"] == [0, 1, 1]
    assert table.total == ["Total", 3, 2, 5]


def test_sub_offices_and_all_offices(world, dataset):
    with_sub = StatisticsFilters(election_id=world.pemilu.pk, office_id=world.serang.pk,
                                 include_sub_offices=True)
    assert stats.category_table(user=world.analyst, filters=with_sub).total == ["Total", 4, 2, 6]
    # No filter: everything in the Kota Serang analyst's subtree (both elections).
    assert stats.category_table(user=world.analyst).total == ["Total", 5, 2, 7]


def test_sanction_share_and_medians_on_known_data(world, dataset):
    share = stats.sanction_share(user=world.analyst, filters=serang_pemilu(world), today=TODAY)
    assert (share.sent, share.answered, share.sanctioned, share.refused, share.unanswered,
            share.overdue) == (5, 3, 2, 1, 2, 1)
    assert share.of_answered == 66.7
    assert share.of_sent == 40.0
    decision = stats.days_to_decision(user=world.analyst, filters=serang_pemilu(world))
    assert (decision.cases, decision.median_days) == (3, 5.0)
    to_sanction = stats.days_to_sanction(user=world.analyst, filters=serang_pemilu(world))
    assert (to_sanction.cases, to_sanction.median_days) == (2, 45.0)
    table = stats.follow_up_table(user=world.analyst, filters=serang_pemilu(world), today=TODAY)
    by_recipient = {row[0]: row[1:] for row in table.rows}
    assert by_recipient["Badan Kepegawaian Negara"] == [3, 3, 2, 1, 0, 0, 66.7, 66.7]
    assert by_recipient["Sentra Gakkumdu Kota Serang"] == [1, 0, 0, 0, 1, 1, None, 0.0]
    assert table.total == ["Total", 5, 3, 2, 1, 2, 1, 66.7, 40.0]


def test_empty_share_has_no_percentage(world):
    share = stats.sanction_share(user=world.analyst)
    assert (share.sent, share.of_answered, share.of_sent) == (0, None, None)
    assert stats.days_to_decision(user=world.analyst).median_days is None


def test_region_table_separates_regency_and_district_level(world, dataset):
    table = stats.region_table(user=world.analyst,
                               filters=StatisticsFilters(election_id=world.pemilu.pk))
    assert table.rows == [["Kota Serang", "36.73", 5, 1, 6]]
    national = stats.region_table(user=_national_analyst(world),
                                  filters=StatisticsFilters(election_id=world.pemilu.pk))
    assert national.rows == [["Kabupaten Serang", "36.04", 1, 0, 1],
                             ["Kota Serang", "36.73", 5, 1, 6]]
    assert national.total == ["Total", "", 6, 1, 7]


def _national_analyst(world):
    from netra.accounts.models import Membership
    from netra.accounts.tests.factories import UserFactory
    from netra.orgs.models import Organisation

    user = UserFactory()
    Membership.objects.create(user=user, role=Role.ANALYST,
                              organisation=Organisation.objects.get(region_code="",
                                                                    kind="bawaslu_ri"))
    return user


def test_status_and_violation_form_tables(world, dataset):
    status = stats.status_table(user=world.analyst, filters=serang_pemilu(world))
    assert status.column(3) == {
        "Formal and material check": 1, "Forwarded with recommendation": 1,
        "Sanction imposed": 2, "Recommendation rejected": 1,
    }
    assert status.total == ["Total", 3, 2, 5]
    forms = stats.violation_form_table(user=world.analyst, filters=serang_pemilu(world))
    # Violation forms are named in the active language (English here, like the labels).
    props = next(r for r in forms.rows if r[0].startswith("ASN promoting a (pre-)candidate"))
    assert props[2:] == [2, 0, 2]
    social = next(r for r in forms.rows
                  if r[0].startswith("ASN support on social media"))
    assert social[2:] == [0, 1, 1]
    assert forms.rows[0] is props  # most frequent first


def test_kabupaten_serang_analyst_sees_no_kota_serang_case(client, world, dataset, member):
    analyst = member(Role.ANALYST, org=world.kab_serang)
    table = stats.category_table(user=analyst)
    assert table.total == ["Total", 0, 1, 1]  # only the Kabupaten Serang report
    assert stats.category_table(user=analyst, filters=serang_pemilu(world)).total == [
        "Total", 0, 0, 0]
    regions = stats.region_table(user=analyst)
    assert [row[1] for row in regions.rows] == ["36.04"]
    assert stats.sanction_share(user=analyst).sent == 0
    client.force_login(analyst)
    response = client.get(reverse("cases:statistics"))
    assert response.status_code == 200
    assert "Kota Serang" not in [row[0] for row in response.context["tables"][1].rows]


def test_page_shows_the_tables_with_filters(client, world, dataset,
                                            django_assert_max_num_queries):
    client.force_login(world.analyst)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("cases:statistics"),
                              {"election": world.pemilu.pk, "office": world.serang.pk})
    assert response.status_code == 200
    keys = [t.key for t in response.context["tables"]]
    assert keys == ["category", "region", "violation_form", "status", "follow_up", "duration"]
    assert response.context["tables"][0].total == ["Total", 3, 2, 5]
    html = response.content.decode()
    assert "Findings and reports by category" in html
    assert "table=category&amp;format=csv" in html


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_parses_back(client, world, dataset):
    client.force_login(world.analyst)
    response = client.get(reverse("cases:statistics"), {
        "election": world.pemilu.pk, "office": world.serang.pk, "table": "category",
        "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statistics-category.csv"'
    rows = _csv_rows(response)
    assert rows[0] == ["Category", "Findings (temuan)", "Reports (laporan)", "Total"]
    assert rows[1] == ["Non-stage supervision (ASN neutrality)", "2", "1", "3"]
    assert rows[-1] == ["Total", "3", "2", "5"]


def test_xlsx_export_parses_back(client, world, dataset):
    client.force_login(world.analyst)
    response = client.get(reverse("cases:statistics"), {
        "election": world.pemilu.pk, "office": world.serang.pk, "table": "duration",
        "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Measure", "Cases counted", "Median days"]
    assert values[1] == ["Registration to plenary decision", 3, 5]
    assert values[2] == ["Registration to first sanction decree", 2, 45]


def test_every_table_exports(client, world, dataset):
    client.force_login(world.analyst)
    for key in stats.TABLES:
        response = client.get(reverse("cases:statistics"), {"table": key, "format": "csv"})
        assert response.status_code == 200, key
        assert len(_csv_rows(response)) >= 2, key


def test_export_needs_the_export_right(client, world, dataset):
    client.force_login(world.supervisor)  # field supervisor: view and change, no export
    response = client.get(reverse("cases:statistics"))
    assert response.status_code == 200
    assert "format=csv" not in response.content.decode()
    assert client.get(reverse("cases:statistics"),
                      {"table": "category", "format": "csv"}).status_code == 404
    client.force_login(world.analyst)
    assert client.get(reverse("cases:statistics"),
                      {"table": "nope", "format": "csv"}).status_code == 404
    assert client.get(reverse("cases:statistics"),
                      {"table": "category", "format": "pdf"}).status_code == 404


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("cases:statistics"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_recent_dates_are_not_overdue(world, dataset):
    later = stats.sanction_share(user=world.analyst, filters=serang_pemilu(world),
                                 today=date(2024, 2, 1) - timedelta(days=1))
    assert later.overdue == 0
