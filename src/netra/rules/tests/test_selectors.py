"""The rule in force on a date: superseding rows, ``valid_to``, routing switches."""

from datetime import date

import pytest

from netra.rules.choices import DayUnit, DeadlineKey
from netra.rules.models import DeadlineRule, NumberingFormat, RoutingRule, ViolationType
from netra.rules.selectors import (
    RuleMissing,
    deadline_rule,
    numbering_format,
    routing_rule,
    violation_type_list,
)

pytestmark = pytest.mark.django_db


def decision(on, kind="pemilu"):
    return deadline_rule(
        key=DeadlineKey.DECISION_WINDOW, election_kind=kind, case_kind="report", on=on
    )


def test_a_superseding_row_wins_from_its_valid_from():
    old = decision(date(2024, 1, 1))
    new = DeadlineRule.objects.create(
        key=DeadlineKey.DECISION_WINDOW,
        election_kind="pemilu",
        days=10,
        unit=DayUnit.WORKING,
        valid_from=date(2025, 1, 1),
        legal_source="Perbawaslu (hypothetical amendment)",
    )
    assert decision(date(2024, 12, 31)) == old
    assert decision(date(2025, 1, 1)) == new
    assert decision(date(2026, 6, 1)).days == 10


def test_valid_to_is_respected():
    old = decision(date(2024, 1, 1))
    DeadlineRule.objects.filter(pk=old.pk).update(valid_to=date(2024, 12, 31))
    assert decision(date(2024, 12, 31)) == old
    with pytest.raises(RuleMissing, match="decision_window"):
        decision(date(2025, 1, 1))


def test_no_rule_before_the_first_valid_from():
    with pytest.raises(RuleMissing):
        decision(date(2017, 8, 15))


def test_a_case_kind_specific_row_beats_the_general_one():
    rule = deadline_rule(
        key=DeadlineKey.REPORT_WINDOW,
        election_kind="pemilu",
        case_kind="report",
        on=date(2024, 4, 1),
    )
    assert rule.case_kind == "report"
    assert rule.unit == DayUnit.WORKING


def test_missing_key_raises_rule_missing():
    DeadlineRule.objects.filter(key=DeadlineKey.FOLLOW_UP_WINDOW).delete()
    with pytest.raises(RuleMissing):
        deadline_rule(
            key=DeadlineKey.FOLLOW_UP_WINDOW,
            election_kind="pilkada",
            case_kind="finding",
            on=date(2024, 4, 1),
        )


# --- Routing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "on", "recipient"),
    [
        ("non_stage_asn", date(2024, 8, 23), "kasn"),
        ("non_stage_asn", date(2024, 8, 24), "civil_service_body"),
        ("other_laws", date(2024, 8, 23), "kasn"),
        ("other_laws", date(2024, 8, 24), "civil_service_body"),
    ],
)
def test_kasn_to_bkn_switch_on_24_august_2024(category, on, recipient):
    assert routing_rule(category=category, employment_type="pns", on=on).recipient_kind == recipient


@pytest.mark.parametrize("on", [date(2024, 8, 23), date(2024, 8, 24)])
@pytest.mark.parametrize(("employment_type", "recipient"), [
    ("village_head", "ppk"), ("village_official", "village_government")])
def test_village_heads_go_to_the_ppk_and_officials_to_their_village_head(
    employment_type, recipient, on
):
    rule = routing_rule(category="non_stage_asn", employment_type=employment_type, on=on)
    assert rule.recipient_kind == recipient


@pytest.mark.parametrize(
    ("category", "recipient"),
    [("crime", "gakkumdu"), ("administrative", "kpu"), ("ethics", "dkpp")],
)
def test_category_routing(category, recipient):
    rule = routing_rule(category=category, employment_type="pns", on=date(2024, 9, 1))
    assert rule.recipient_kind == recipient
    assert rule.legal_source


def test_no_routing_row_gives_none():
    RoutingRule.objects.filter(category="crime").delete()
    assert routing_rule(category="crime", employment_type="pns", on=date(2024, 9, 1)) is None


def test_newer_routing_row_supersedes():
    RoutingRule.objects.create(
        category="crime",
        recipient_kind="inspectorate",
        valid_from=date(2026, 1, 1),
        legal_source="test",
    )
    assert (
        routing_rule(category="crime", employment_type="", on=date(2025, 12, 31)).recipient_kind
        == "gakkumdu"
    )
    assert (
        routing_rule(category="crime", employment_type="", on=date(2026, 1, 1)).recipient_kind
        == "inspectorate"
    )


# --- Numbering formats and violation types ---------------------------------------------------


def test_numbering_format_per_office_kind():
    on = date(2024, 4, 1)
    assert numbering_format(
        office_kind="bawaslu_regency", election_kind="pemilu", on=on
    ).template.startswith("{seq:03d}/Reg/")
    assert numbering_format(
        office_kind="panwascam", election_kind="pemilu", on=on
    ).template.startswith("{seq:03d}/REG/")


def test_numbering_format_missing():
    with pytest.raises(RuleMissing):
        numbering_format(office_kind="pkd", election_kind="pemilu", on=date(2024, 4, 1))
    NumberingFormat.objects.filter(office_kind="panwascam").update(valid_to=date(2024, 1, 1))
    with pytest.raises(RuleMissing):
        numbering_format(office_kind="panwascam", election_kind="pemilu", on=date(2024, 4, 1))


def test_violation_type_list_by_election_kind_and_date():
    pemilu = {v.code for v in violation_type_list(election_kind="pemilu")}
    pilkada = {v.code for v in violation_type_list(election_kind="pilkada")}
    assert "bpd-campaign-pemilu" in pemilu
    assert "bpd-campaign-pemilu" not in pilkada
    assert "pilkada-involving-asn" in pilkada
    assert "asn-social-media" in pemilu & pilkada
    ViolationType.objects.create(
        code="future", name="Future form", category="other_laws", valid_from=date(2030, 1, 1)
    )
    assert "future" not in {v.code for v in violation_type_list(on=date(2024, 1, 1))}
    assert "future" in {v.code for v in violation_type_list(on=date(2030, 1, 1))}
