"""The reference rules shipped as a data migration, and their admin pages."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from netra.cases.choices import CaseKind
from netra.elections.models import ElectionKind
from netra.orgs.choices import OrgKind
from netra.rules.choices import Category, DayUnit, DeadlineKey, EmploymentType, HolidayKind
from netra.rules.models import DeadlineRule, Holiday, NumberingFormat, RoutingRule, ViolationType
from netra.rules.selectors import deadline_rule, numbering_format, routing_rule

pytestmark = pytest.mark.django_db

SUPERVISORY_WITH_REGISTRATION = [
    OrgKind.BAWASLU_RI,
    OrgKind.BAWASLU_PROVINCE,
    OrgKind.BAWASLU_REGENCY,
    OrgKind.PANWASCAM,
]


def today():
    return timezone.localdate()


def test_every_rule_row_is_sourced_and_dated():
    for model in (DeadlineRule, RoutingRule, NumberingFormat, ViolationType):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            assert row.legal_source.strip(), row
            assert row.valid_from <= date(2024, 8, 24), row


# Initial information is never registered (its finding has the reporting window).
CLOCKS = [
    (key, case_kind)
    for key in DeadlineKey.values
    for case_kind in CaseKind.values
    if not (key == DeadlineKey.REPORT_WINDOW and case_kind == CaseKind.INITIAL_INFO)
]


@pytest.mark.parametrize("election_kind", ElectionKind.values)
@pytest.mark.parametrize(("key", "case_kind"), CLOCKS)
def test_every_clock_has_a_rule_in_force(key, election_kind, case_kind):
    rule = deadline_rule(key=key, election_kind=election_kind, case_kind=case_kind, on=today())
    assert rule.days > 0
    assert rule.unit in DayUnit.values
    assert rule.extension_unit in DayUnit.values


@pytest.mark.parametrize("category", Category.values)
def test_every_category_is_routed_today(category):
    rule = routing_rule(category=category, employment_type="", on=today())
    assert rule is not None
    assert rule.recipient_kind in OrgKind.values
    assert rule.recipient_kind != OrgKind.KASN  # dissolved in 2024


@pytest.mark.parametrize("election_kind", ElectionKind.values)
@pytest.mark.parametrize("office_kind", SUPERVISORY_WITH_REGISTRATION)
def test_every_registering_office_has_one_number_format(office_kind, election_kind):
    fmt = numbering_format(office_kind=office_kind, election_kind=election_kind, on=today())
    number = fmt.template.format(
        seq=1,
        kind="TM",
        level="Kota",
        office="1.01",
        month_roman="IV",
        year=2023,
        month=4,
        election="PL",
    )
    code = "PL" if election_kind == ElectionKind.PEMILU else "PG"
    assert f"/{code}/" in number
    assert (
        NumberingFormat.objects.filter(office_kind=office_kind, election_kind=election_kind,
                                       purpose="registration").count()
        == 1
    )


def test_numbering_templates_reproduce_published_numbers():
    regency = numbering_format(
        office_kind="bawaslu_regency", election_kind="pemilu", on=date(2023, 4, 1)
    )
    district = numbering_format(
        office_kind="panwascam", election_kind="pemilu", on=date(2023, 9, 1)
    )
    assert (
        regency.template.format(
            seq=1, kind="TM", level="Kota", office="1.01", month_roman="IV", year=2023
        )
        == "001/Reg/TM/PL/Kota/1.01/IV/2023"
    )
    assert (
        district.template.format(
            seq=2, kind="TM", level="Kec-CipocokJaya", office="11.01", month_roman="IX", year=2023
        )
        == "002/REG/TM/PL/Kec-CipocokJaya/11.01/IX/2023"
    )


def test_violation_types_use_known_slugs():
    rows = list(ViolationType.objects.all())
    assert len({(v.code, v.valid_from) for v in rows}) == len(rows)
    for v in rows:
        assert v.category in Category.values, v.code
        assert set(v.election_kinds) <= set(ElectionKind.values), v.code
        assert set(v.subjects) <= set(EmploymentType.values), v.code
        assert v.legal_basis, v.code
        assert v.sanction, v.code


def test_bpd_may_attend_pilkada_but_not_pemilu_campaigns():
    bpd = ViolationType.objects.get(code="bpd-campaign-pemilu")
    assert bpd.election_kinds == ["pemilu"]
    assert "bpd" in bpd.subjects


# --- Admin --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "query", "shown"),
    [
        ("violationtype", "sosial", "ASN memberikan dukungan melalui media sosial"),
        ("deadlinerule", "454", "UU 7/2017 Pasal 454 ayat (6)"),
        ("routingrule", "BKN", "tugas KASN beralih ke BKN"),
        ("numberingformat", "REG", "{seq:03d}/REG/{kind}/PL/{level}"),
        ("holiday", "cuti", "Cuti bersama Idul Fitri"),
    ],
)
def test_admin_changelists(admin_client, model, query, shown):
    Holiday.objects.create(
        date=date(2024, 4, 9), name="Cuti bersama Idul Fitri", kind=HolidayKind.JOINT_LEAVE
    )
    url = reverse(f"admin:rules_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_admin_filters_and_change_page(admin_client):
    rule = DeadlineRule.objects.filter(election_kind="pilkada").first()
    url = reverse("admin:rules_deadlinerule_changelist")
    response = admin_client.get(url, {"election_kind__exact": "pilkada"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Perbawaslu 9/2024" in body
    assert "art. 454" not in body
    assert (
        admin_client.get(reverse("admin:rules_deadlinerule_change", args=[rule.pk])).status_code
        == 200
    )
