"""``netra rules check``: matched subject and activity, then the verdict as the last line."""

from io import StringIO

import pytest
from django.core.management import call_command


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("rules", "check", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().strip().splitlines(), err.getvalue()


def test_issue_example_pns_donation():
    code, lines, _err = run(
        "--subject",
        "PNS",
        "--election",
        "pemilu",
        "--date",
        "2025-01-10",
        "bolehkah ASN menyumbang dana untuk partai?",
    )
    assert code == 0
    assert lines[0].startswith("subject: PNS")
    assert any(line.startswith("activity: Menyumbang") for line in lines)
    assert lines[-1].startswith('verdict=forbidden basis="')
    assert "PP 94/2021 Pasal 5 huruf n" in lines[-1]


@pytest.mark.parametrize(
    ("subject", "election", "question", "verdict"),
    [
        ("anggota BPD", "pilkada", "bolehkah datang ke kampanye?", "allowed"),
        ("anggota BPD", "pemilu", "bolehkah datang ke kampanye?", "forbidden"),
        ("Kepala desa", "pilkada", "ikut kampanye", "forbidden"),
        ("perangkat desa", "pemilu", "jadi tim sukses caleg", "forbidden"),
        (
            "Lurah (PNS)",
            "pilkada",
            "may a lurah wear a party T-shirt at a neighbour's wedding?",
            "forbidden",
        ),
        ("PNS", "pemilu", "follow akun instagram capres", "depends"),
    ],
)
def test_last_line_is_the_verdict(subject, election, question, verdict):
    code, lines, _err = run("--subject", subject, "--election", election, question)
    assert code == 0
    assert lines[-1].startswith(f"verdict={verdict} basis=")


def test_subject_from_the_question_when_no_flag():
    code, lines, _err = run("--election", "pemilu", "kades boleh pasang baliho caleg?")
    assert code == 0
    assert lines[0].startswith("subject: Kepala desa")
    assert lines[-1].startswith("verdict=forbidden")


def test_unknown_question_says_so_and_fails():
    code, lines, err = run("--subject", "PNS", "--election", "pemilu", "kapan jadwal pemilu?")
    assert code == 1
    assert lines[-1] == 'verdict=unknown basis=""'
    assert "Not sure" in err


def test_unknown_subject_says_so_and_fails():
    code, lines, err = run("--election", "pilkada", "boleh pasang spanduk?")
    assert code == 1
    assert lines[-1] == 'verdict=unknown basis=""'
    assert "--subject" in err


def test_combination_without_rule_is_unknown():
    # The catalogue has no rule for BPD members and office vehicles.
    code, lines, err = run("--subject", "anggota BPD", "--election", "pemilu", "pakai mobil dinas")
    assert code == 1
    assert lines[-1] == 'verdict=unknown basis=""'
    assert "no rule" in err


def test_load_catalogue_command_is_idempotent():
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert out.getvalue().strip() == "created: nothing"
    out = StringIO()
    call_command("load_catalogue", "--update", stdout=out)
    assert "161 Rule" in out.getvalue()
