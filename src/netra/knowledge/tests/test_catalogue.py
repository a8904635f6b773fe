"""The reviewed fixture and the dated selection of rules, bases and recipient bodies."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netra.knowledge import selectors, services
from netra.knowledge.models import Activity, LegalBasis, RecipientBody, Rule, Subject


def test_fixture_is_loaded_and_large_enough():
    assert Activity.objects.count() >= 25
    assert set(Subject.objects.values_list("code", flat=True)) >= {
        "pns",
        "pppk",
        "kepala-desa",
        "perangkat-desa",
        "bpd",
        "tni",
        "polri",
    }
    assert Rule.objects.count() >= 150


def test_every_rule_cites_a_source_and_has_consistent_dates():
    for rule in Rule.objects.prefetch_related("legal_bases"):
        assert rule.source.strip(), rule.code
        assert rule.legal_bases.exists(), rule.code
        assert rule.effective_until is None or rule.effective_until >= rule.effective_from
        if rule.verdict == "depends":
            assert rule.condition.strip(), rule.code
            assert rule.condition_en.strip(), rule.code
        rule.full_clean()  # no overlapping rule for the same subject, activity and election


def test_every_entry_cites_its_source_and_is_indonesian_first():
    for basis in LegalBasis.objects.all():
        assert basis.citation.strip(), basis.code
        assert basis.title.strip(), basis.code
        if basis.effective_until:
            assert basis.superseded_by is not None, basis.code
            assert basis.superseded_by.effective_from > basis.effective_until, basis.code
    for body in RecipientBody.objects.all():
        assert body.source.strip(), body.code
    for subject in Subject.objects.all():
        assert subject.name, subject.code
        assert subject.description, subject.code
    for activity in Activity.objects.all():
        assert activity.name, activity.code
        assert activity.keyword_list(), activity.code


def test_loading_again_creates_nothing_and_keeps_admin_edits():
    rule = Rule.objects.get(code="pns.donate.both.2014-01-15")
    rule.explanation = "Diubah oleh administrator"
    rule.save()
    result = services.load_catalogue()
    assert result.total_created == 0
    rule.refresh_from_db()
    assert rule.explanation == "Diubah oleh administrator"


def test_the_fixture_rules_expand_per_subject():
    data = services.read_fixture()
    codes = {services.rule_code(s, e) for e in data["rules"] for s in e["subjects"]}
    assert codes == set(Rule.objects.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("subject", "activity", "pemilu", "pilkada"),
    [
        ("bpd", "attend-campaign", "forbidden", "allowed"),
        ("bpd", "campaign-team", "forbidden", "depends"),
        ("kepala-desa", "attend-campaign", "forbidden", "forbidden"),
        ("perangkat-desa", "attend-campaign", "forbidden", "forbidden"),
        ("pns", "attend-campaign", "forbidden", "forbidden"),
        ("tni", "vote", "forbidden", "forbidden"),
        ("pns", "vote", "allowed", "allowed"),
    ],
)
def test_pemilu_and_pilkada_differences(subject, activity, pemilu, pilkada):
    on = date(2024, 10, 1)
    assert selectors.rules_for(subject, activity, "pemilu", on=on).verdict == pemilu
    assert selectors.rules_for(subject, activity, "pilkada", on=on).verdict == pilkada


def test_campaign_team_is_an_election_crime_in_pemilu_only():
    on = date(2024, 1, 10)
    pemilu = selectors.rules_for("kepala-desa", "campaign-team", "pemilu", on=on)
    pilkada = selectors.rules_for("kepala-desa", "campaign-team", "pilkada", on=on)
    assert "crime-494" in {s.sanction.code for s in pemilu.sanctions}
    assert "crime-494" not in {s.sanction.code for s in pilkada.sanctions}
    assert "UU 7/2017 Pasal 494" in pemilu.basis_text()


def test_recipient_and_basis_follow_the_date_kasn_to_bkn_and_uu5_to_uu20():
    before = selectors.rules_for("pns", "party-member", "pemilu", on=date(2023, 3, 1))
    after = selectors.rules_for("pns", "party-member", "pemilu", on=date(2025, 3, 1))
    assert before.rule == after.rule  # one rule; the bases and the body are dated data
    assert before.recipient.code == "kasn"
    assert after.recipient.code == "bkn"
    assert "UU 5/2014" in before.basis_text()
    assert "UU 20/2023" not in before.basis_text()
    assert "UU 20/2023" in after.basis_text()
    assert "UU 5/2014" not in after.basis_text()
    # The day KASN stopped and the day BKN took over.
    assert (
        selectors.rules_for("pns", "donate", "pemilu", on=date(2024, 8, 23)).recipient.code
        == "kasn"
    )
    assert (
        selectors.rules_for("pns", "donate", "pemilu", on=date(2024, 8, 24)).recipient.code == "bkn"
    )


def test_pp53_applies_before_pp94():
    old = selectors.rules_for("pns", "attend-campaign", "pemilu", on=date(2019, 4, 1))
    new = selectors.rules_for("pns", "attend-campaign", "pemilu", on=date(2024, 1, 1))
    assert "PP 53/2010" in old.basis_text()
    assert "PP 94/2021" not in old.basis_text()
    assert "PP 94/2021" in new.basis_text()


def test_a_new_rule_version_takes_over_from_its_date_and_old_dates_keep_the_old_one():
    old = Rule.objects.get(code="bpd.attend-campaign.pilkada.2016-07-01")
    old.effective_until = date(2026, 12, 31)
    old.save()
    new = Rule.objects.create(
        code="bpd.attend-campaign.pilkada.2027-01-01",
        subject=old.subject,
        activity=old.activity,
        election="pilkada",
        verdict="forbidden",
        effective_from=date(2027, 1, 1),
        source="Hypothetical amendment (test)",
    )
    new.legal_bases.set(old.legal_bases.all())
    assert selectors.rules_for("bpd", "attend-campaign", "pilkada", on=date(2026, 6, 1)).rule == old
    assert selectors.rules_for("bpd", "attend-campaign", "pilkada", on=date(2027, 6, 1)).rule == new


def test_no_rule_before_the_statute_existed():
    assert selectors.rules_for("pns", "social-like", "pemilu", on=date(2010, 1, 1)) is None


def test_overlapping_rule_is_refused():
    old = Rule.objects.get(code="bpd.attend-campaign.pilkada.2016-07-01")
    clash = Rule(
        code="clash",
        subject=old.subject,
        activity=old.activity,
        election="pilkada",
        verdict="forbidden",
        effective_from=date(2025, 1, 1),
        source="x",
    )
    with pytest.raises(ValidationError):
        clash.full_clean()


def test_database_refuses_a_rule_without_source_or_condition():
    old = Rule.objects.get(code="bpd.attend-campaign.pilkada.2016-07-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.create(
            code="nosource",
            subject=old.subject,
            activity=old.activity,
            election="pemilu",
            verdict="allowed",
            effective_from=date(2030, 1, 1),
            source="",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.create(
            code="nocondition",
            subject=old.subject,
            activity=old.activity,
            election="pemilu",
            verdict="depends",
            effective_from=date(2030, 1, 1),
            source="x",
        )


def test_check_question_answers_both_election_types_when_none_named():
    result = selectors.check_question(question="anggota BPD datang kampanye", on=date(2024, 5, 1))
    verdicts = {kind: answer.verdict for kind, answer in result.answers}
    assert verdicts == {"pemilu": "forbidden", "pilkada": "allowed"}


def test_check_question_not_sure_gives_no_verdict():
    result = selectors.check_question(question="PNS kapan gajian?", election="pemilu")
    assert result.subject.code == "pns"
    assert result.reason == "activity"
    assert result.answers == ()
    assert not result.known
