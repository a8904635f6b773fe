"""Matching real-world phrasings (Indonesian and English, typos, abbreviations) to the catalogue."""

import pytest

from netra.knowledge import matching, selectors

# (question, subject code or None when the question names none, activity code)
PHRASINGS = [
    ("bolehkah ASN menyumbang dana untuk partai?", "pns", "donate"),
    ("may a lurah wear a party T-shirt at a neighbour's wedding?", "pns", "wear-attributes"),
    ("PNS boleh gak nge-like postingan caleg di fb?", "pns", "social-like"),
    ("asn ngelike status capres, melanggar ga?", "pns", "social-like"),
    ("apakah pns blh share postingan paslon di medsos", "pns", "social-share"),
    ("guru pns membagikan video kampanye calon bupati di grup wa", "pns", "social-share"),
    ("kalo komen di postingan partai gimana?", None, "social-comment"),
    ("Bolehhh gak sih kades dtg ke kampanye?", "kepala-desa", "attend-campaign"),
    ("kepala desa ikut kampanye pilkada", "kepala-desa", "attend-campaign"),
    ("kepla desa ikut kampanye", "kepala-desa", "attend-campaign"),
    ("anggota BPD hadir kampanye pemilu boleh?", "bpd", "attend-campaign"),
    ("BPD boleh jadi timses?", "bpd", "campaign-team"),
    ("sekdes jadi tim sukses caleg", "perangkat-desa", "campaign-team"),
    ("perangkat desa pasang spanduk caleg di rumahnya", "perangkat-desa", "campaign-props"),
    ("camat pakai kaus partai", "pns", "wear-attributes"),
    ("pegawai negeri foto bareng calon pake salam jari", "pns", "pose-with-candidate"),
    ("selfie with a candidate showing his number", None, "pose-with-candidate"),
    ("can a civil servant share a candidate's post on facebook?", "pns", "social-share"),
    ("may a police officer attend a campaign rally?", "polri", "attend-campaign"),
    ("tentara boleh ikut partai?", "tni", "party-member"),
    ("PNS masuk parpol", "pns", "party-member"),
    ("lurah jadi pengurus partai", "pns", "party-official"),
    ("pake mobil dinas buat antar calon", None, "office-vehicle"),
    ("Lurah meminjamkan mobil plat merah untuk kampanye", "pns", "office-vehicle"),
    (
        "kepala sekolah izinkan partai bagi beras di sekolah pakai fasilitas sekolah",
        "pns",
        "state-facilities",
    ),
    ("bagi2 sembako atas nama calon", None, "give-goods"),
    ("PPPK ngajak warga pilih nomor 2", "pppk", "urge-support"),
    ("pppk mengajak bawahan mencoblos calon", "pppk", "urge-support"),
    ("asn bikin acara silaturahmi dukung calon", "pns", "host-gathering"),
    ("asn kasih fotokopi KTP buat calon perseorangan", "pns", "support-letter"),
    ("pns mau nyaleg, harus gimana?", "pns", "run-for-office"),
    ("can PPPK vote in the election?", "pppk", "vote"),
    ("apakah polisi boleh nyoblos di tps", "polri", "vote"),
    ("asn follow akun instagram capres", "pns", "follow-account"),
    ("akun resmi kelurahan like ajakan memilih", None, "official-account"),
    ("kades bikin kebijakan bansos yang menguntungkan paslon", "kepala-desa", "favouring-decision"),
    ("datang ke deklarasi bakal calon bupati", None, "attend-declaration"),
    ("menghadiri kondangan tetangga yang juga dihadiri caleg", None, "attend-social-event"),
    ("attending a campaign", None, "attend-campaign"),
    ("posing with a candidate", None, "pose-with-candidate"),
    ("TNI boleh milih gak di pilkada?", "tni", "vote"),
    ("bolehkah kepala dusun ikut rapat umum capres", "perangkat-desa", "attend-campaign"),
    ("PNS nyumbang air minum ke acara caleg", "pns", "donate"),
    (
        "Can a village official post support for a candidate on Instagram?",
        "perangkat-desa",
        "social-post",
    ),
]


@pytest.mark.parametrize(
    ("question", "subject", "activity"), PHRASINGS, ids=[p[0][:40] for p in PHRASINGS]
)
def test_phrasing_matches_subject_and_activity(question, subject, activity):
    found = matching.match_activity(question, selectors.activity_list())
    assert found.sure, (question, found)
    assert found.code == activity, (question, found)
    if subject:
        who = matching.match_subject(question, selectors.subject_list())
        assert who.code == subject, (question, who)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PNS", "pns"),
        ("Lurah (PNS)", "pns"),
        ("Kepala desa", "kepala-desa"),
        ("anggota BPD", "bpd"),
        ("perangkat desa", "perangkat-desa"),
        ("kades", "kepala-desa"),
        ("P3K", "pppk"),
        ("Wali Nagari", "kepala-desa"),
        ("police officer", "polri"),
        ("prajurit TNI", "tni"),
        ("village head", "kepala-desa"),
        ("Sekretaris Desa", "perangkat-desa"),
    ],
)
def test_subject_from_free_text(text, code):
    assert matching.match_subject(text, selectors.subject_list()).code == code


@pytest.mark.parametrize(
    "question",
    [
        "kapan jadwal pemilu 2029?",
        "berapa gaji pns golongan 3?",
        "what is the weather in Serang?",
        "asdfgh qwerty",
        "",
        "dana",  # context word only: never enough alone
        "<script>alert(1)</script>",
        "ASN jadi saksi partai di TPS?",  # not in the catalogue: no guess from "TPS"
    ],
)
def test_unknown_questions_are_not_guessed(question):
    found = matching.match_activity(question, selectors.activity_list())
    assert not found.sure
    assert found.code is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bolehhh gakkk??", "boleh tidak"),
        ("yg nge-like postingan", "yang like postingan"),
        ("Kaus PARPOL di medsos 😀", "kaos partai politik media sosial"),
        ("tdk ngelike", "tidak like"),
        ("Ngeshare foto", "share foto"),
        ("Café", "cafe"),
    ],
)
def test_normalise(text, expected):
    assert matching.normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("kampanye pilkada 2024", "pilkada"),
        ("caleg DPRD", "pemilu"),
        ("pilgub jabar", "pilkada"),
        ("in the general election", "pemilu"),
        ("bolehkah ikut kampanye?", None),
        ("pemilu dan pilkada", None),
    ],
)
def test_election_type_from_text(text, kind):
    assert matching.detect_election(text) == kind
