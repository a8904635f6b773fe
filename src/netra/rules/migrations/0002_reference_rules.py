"""Reference rules as reviewed data: deadlines, routing, numbering and violation forms.

Sources are the domain reference (§3, §4); items it marks *(verify)* say so in ``legal_source``.
Administrators correct or supersede rows (a new row with a later ``valid_from``); never edit
this migration to change a rule in production.
"""

from datetime import date

from django.db import migrations

START = date(2017, 8, 16)  # UU 7/2017 in force
PEMILU, PILKADA = "pemilu", "pilkada"

DEADLINES = [
    # key, election kind, case kind, days, unit, extension days, extension unit, source
    (
        "report_window",
        PEMILU,
        "report",
        7,
        "working",
        0,
        "calendar",
        "UU 7/2017 art. 454(6): report within 7 working days of becoming known",
    ),
    (
        "report_window",
        PEMILU,
        "finding",
        7,
        "calendar",
        0,
        "calendar",
        "UU 7/2017 art. 454(5): finding within 7 days of discovery",
    ),
    (
        "report_window",
        PILKADA,
        "",
        7,
        "calendar",
        0,
        "calendar",
        "UU 1/2015 art. 134(4): 7 days from when it was known or found",
    ),
    (
        "completion_window",
        PEMILU,
        "",
        2,
        "calendar",
        0,
        "calendar",
        "Perbawaslu 7/2022: completion within 2 days (unit: verify)",
    ),
    (
        "completion_window",
        PILKADA,
        "",
        2,
        "calendar",
        0,
        "calendar",
        "Perbawaslu 9/2024: completion within 2x24 hours",
    ),
    (
        "decision_window",
        PEMILU,
        "",
        7,
        "working",
        7,
        "working",
        "UU 7/2017 art. 454(7)-(8): 7 days, up to 14 working days in total (unit of 'Hari' in "
        "Perbawaslu 7/2022: verify)",
    ),
    (
        "decision_window",
        PILKADA,
        "",
        3,
        "calendar",
        2,
        "calendar",
        "UU 1/2015 art. 134(5)-(6): 3 days, plus 2 days when more information is needed",
    ),
    (
        "follow_up_window",
        PEMILU,
        "",
        14,
        "calendar",
        0,
        "calendar",
        "Netra office policy: answer expected within 14 days, then reminders (configurable)",
    ),
    (
        "follow_up_window",
        PILKADA,
        "",
        14,
        "calendar",
        0,
        "calendar",
        "Netra office policy: answer expected within 14 days, then reminders (configurable)",
    ),
]

KASN_END = date(2024, 8, 23)
BKN_START = date(2024, 8, 24)
ROUTING = [
    # category, employment type, recipient kind, valid_from, valid_to, source
    ("administrative", "", "kpu", START, None, "UU 7/2017 art. 461; administrative → KPU"),
    ("crime", "", "gakkumdu", START, None, "UU 7/2017 art. 476; election crimes → Gakkumdu"),
    ("ethics", "", "dkpp", START, None, "UU 7/2017 art. 458; organiser ethics → DKPP"),
    ("other_laws", "", "kasn", START, KASN_END, "UU 5/2014; SKB 2022: other laws → KASN"),
    (
        "other_laws",
        "",
        "civil_service_body",
        BKN_START,
        None,
        "UU 20/2023; Perpres 91 and 92/2024: KASN duties to BKN from 24 Aug 2024",
    ),
    ("non_stage_asn", "", "kasn", START, KASN_END, "SKB 2022: ASN neutrality → KASN"),
    (
        "non_stage_asn",
        "",
        "civil_service_body",
        BKN_START,
        None,
        "UU 20/2023; Perpres 91 and 92/2024; SE MenPAN-RB 4/2024: ASN neutrality → BKN",
    ),
    (
        "other_laws",
        "village_head",
        "ppk",
        START,
        None,
        "UU 6/2014 art. 29-30: village heads → regent/mayor",
    ),
    (
        "other_laws",
        "village_official",
        "ppk",
        START,
        None,
        "UU 6/2014 art. 51-52: village officials → regent/mayor (via village head)",
    ),
    ("non_stage_asn", "village_head", "ppk", START, None, "UU 6/2014 art. 29-30"),
    ("non_stage_asn", "village_official", "ppk", START, None, "UU 6/2014 art. 51-52"),
]

REG = "{seq:03d}/Reg/{kind}/PL/{level}/{office}/{month_roman}/{year}"
REG_DISTRICT = "{seq:03d}/REG/{kind}/PL/{level}/{office}/{month_roman}/{year}"
NUMBERING = [
    ("bawaslu_ri", PEMILU, REG),
    ("bawaslu_province", PEMILU, REG),
    ("bawaslu_regency", PEMILU, REG),
    ("panwascam", PEMILU, REG_DISTRICT),
    ("bawaslu_ri", PILKADA, REG.replace("/PL/", "/PG/")),
    ("bawaslu_province", PILKADA, REG.replace("/PL/", "/PG/")),
    ("bawaslu_regency", PILKADA, REG.replace("/PL/", "/PG/")),
    ("panwascam", PILKADA, REG_DISTRICT.replace("/PL/", "/PG/")),
]

ASN = ["pns", "pppk"]
VILLAGE = ["village_head", "village_official"]
BOTH = [PEMILU, PILKADA]
SKB = "SKB MenPAN-RB, Mendagri, BKN, KASN, Bawaslu of 22 Sept 2022 (Pedoman Netralitas ASN)"
DISCIPLINE = "PP 94/2021: moderate or heavy discipline; PP 42/2004: ethics sanction"
VIOLATIONS = [
    (
        "asn-party-approach",
        "ASN approaching or registering with a political party",
        "non_stage_asn",
        BOTH,
        ASN,
        f"UU 5/2014 art. 2(f), 9(2), 87(4); {SKB}",
        DISCIPLINE,
    ),
    (
        "asn-campaign-props",
        "ASN promoting a (pre-)candidate through campaign props (APK), incl. "
        "party clothes on a flyer",
        "non_stage_asn",
        BOTH,
        ASN,
        f"PP 94/2021 art. 5; {SKB}",
        DISCIPLINE,
    ),
    (
        "asn-social-media",
        "ASN support on social media: posting, liking, sharing or commenting on "
        "a candidate's content, incl. official institutional accounts",
        "non_stage_asn",
        BOTH,
        ASN,
        f"PP 94/2021 art. 5; {SKB}",
        DISCIPLINE,
    ),
    (
        "asn-attending",
        "ASN attending a candidate's gathering or campaign, or photographed with a participant",
        "non_stage_asn",
        BOTH,
        ASN,
        f"PP 94/2021 art. 5; {SKB}",
        DISCIPLINE,
    ),
    (
        "asn-facilities",
        "Using office facilities, vehicles or programmes for a candidate, or "
        "giving goods to a campaign",
        "non_stage_asn",
        BOTH,
        ASN,
        f"PP 94/2021 art. 5; {SKB}",
        DISCIPLINE,
    ),
    (
        "officials-favouring-pemilu",
        "Officials or ASN taking decisions or actions that favour or harm a participant",
        "other_laws",
        [PEMILU],
        ASN,
        "UU 7/2017 art. 282-283",
        DISCIPLINE,
    ),
    (
        "officials-favouring-pilkada",
        "Officials, ASN or village heads making decisions or taking "
        "actions that benefit or harm a candidate; incumbent replacing officials within six months",
        "crime",
        [PILKADA],
        ASN + ["village_head"],
        "UU 10/2016 art. 71; art. 188",
        "1-6 months prison and/or Rp600,000-Rp6,000,000 (art. 188)",
    ),
    (
        "pemilu-village-head-favouring",
        "Village head favouring a participant",
        "crime",
        [PEMILU],
        ["village_head"],
        "UU 7/2017 art. 490",
        "Up to 1 year prison and Rp12,000,000",
    ),
    (
        "pemilu-campaign-team-member",
        "ASN, TNI/Polri, village head, village official or BPD member "
        "acting as campaign team member",
        "crime",
        [PEMILU],
        ASN + VILLAGE + ["bpd", "tni", "polri"],
        "UU 7/2017 art. 280(3), 494",
        "Up to 1 year detention and Rp12,000,000",
    ),
    (
        "pilkada-involving-asn",
        "Candidate involving ASN, TNI/Polri or village heads in the campaign",
        "crime",
        [PILKADA],
        ASN + ["village_head", "tni", "polri"],
        "UU 10/2016 art. 70; art. 189",
        "1-6 months prison and/or Rp600,000-Rp6,000,000 (art. 189)",
    ),
    (
        "village-campaign",
        "Village head or village official taking part in a campaign",
        "other_laws",
        BOTH,
        VILLAGE,
        "UU 6/2014 art. 29(j), 51(j)",
        "Written warning, temporary then permanent dismissal (UU 6/2014 art. 30, 52)",
    ),
    (
        "bpd-campaign-pemilu",
        "BPD member involved in a Pemilu campaign (allowed in Pilkada)",
        "other_laws",
        [PEMILU],
        ["bpd"],
        "UU 7/2017 art. 280(2)(h)-(j); UU 6/2014 art. 64(h)",
        "Per UU 7/2017 and village regulations",
    ),
    (
        "organiser-ethics",
        "Election organiser (KPU/Bawaslu/PPS staff) breaching the code of ethics",
        "ethics",
        BOTH,
        ["organiser"],
        "UU 7/2017 art. 456-458; DKPP Regulation 2/2017",
        "Warning, temporary or permanent dismissal (DKPP)",
    ),
    (
        "administrative",
        "Administrative violation of election procedures",
        "administrative",
        BOTH,
        [],
        "UU 7/2017 art. 460-461",
        "Correction of procedure by KPU",
    ),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("rules", "DeadlineRule")
    RoutingRule = apps.get_model("rules", "RoutingRule")
    NumberingFormat = apps.get_model("rules", "NumberingFormat")
    ViolationType = apps.get_model("rules", "ViolationType")
    for key, kind, case_kind, days, unit, ext, ext_unit, source in DEADLINES:
        DeadlineRule.objects.create(
            key=key,
            election_kind=kind,
            case_kind=case_kind,
            days=days,
            unit=unit,
            extension_days=ext,
            extension_unit=ext_unit,
            legal_source=source,
            valid_from=START,
        )
    for category, employment, recipient, valid_from, valid_to, source in ROUTING:
        RoutingRule.objects.create(
            category=category,
            employment_type=employment,
            recipient_kind=recipient,
            valid_from=valid_from,
            valid_to=valid_to,
            legal_source=source,
        )
    for office_kind, kind, template in NUMBERING:
        NumberingFormat.objects.create(
            office_kind=office_kind,
            election_kind=kind,
            template=template,
            valid_from=START,
            legal_source="Registration numbers as published by Bawaslu offices"
            + (" (Pilkada code: verify)" if kind == PILKADA else ""),
        )
    for code, name, category, kinds, subjects, basis, sanction in VIOLATIONS:
        ViolationType.objects.create(
            code=code,
            name=name,
            category=category,
            election_kinds=kinds,
            subjects=subjects,
            legal_basis=basis,
            sanction=sanction,
            valid_from=START,
            legal_source=basis,
        )


def unseed(apps, schema_editor):
    for name in ("DeadlineRule", "RoutingRule", "NumberingFormat", "ViolationType"):
        apps.get_model("rules", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
