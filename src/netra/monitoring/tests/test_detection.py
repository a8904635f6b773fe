"""Normaliser, lexicon rule score, classifier and its explanations (pure functions)."""

import csv

import pytest

from netra.monitoring import detection
from netra.monitoring.detection import Term, normalise, rule_score


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mantaaaap bgt!!", "mantap banget"),
        ("#JokowiLagi dong", "jokowi lagi dong"),
        ("#2019GantiPresiden", "2019 ganti presiden"),
        ("kata2 yg tdk jelas", "kata kata yang tidak jelas"),
        ("cek https://t.co/AbC123 ya", "cek urltoken ya"),
        ("@prabowo hebat", "prabowo hebat"),
        ("setuju 👍", "setuju emoji_thumbs_up"),
        ("Ã¢â‚¬Å“Jokowi", "jokowi"),
        ("gw gak mau", "saya tidak mau"),
    ],
)
def test_normaliser(raw, expected):
    assert normalise(raw).text == expected


def test_normaliser_keeps_hashtags_and_mentions():
    result = normalise("Ayo! #PilihBajuPutih @Jokowi @KPU_RI")
    assert result.hashtags == ("pilihbajuputih",)
    assert result.mentions == ("jokowi", "kpu_ri")


def test_rule_score_explains_matched_terms_and_side():
    lexicon = (
        Term("jokowi", "candidate", "01", 0.4),
        Term("#JokowiLagi", "hashtag", "01", 2.5),
        Term("ganti presiden", "slogan", "02", 2.0),
    )
    result = rule_score("Pokoknya #JokowiLagi, Jokowi terbukti kerja", lexicon)
    assert result.side == "01"
    assert {m["term"] for m in result.matches} == {"jokowi", "#JokowiLagi"}
    assert result.weights == {"01": pytest.approx(2.9)}
    assert 0.7 < result.score < 0.75
    news = rule_score("Jokowi resmikan jalan tol", lexicon)
    assert news.side == "none"  # a name alone is below the threshold


def test_rule_score_finds_names_inside_unsplit_hashtags():
    lexicon = (Term("prabowo", "candidate", "02", 0.6), Term("sandi", "nickname", "02", 0.6))
    result = rule_score("#tusukprabowosandi", lexicon)
    assert {m["term"] for m in result.matches} == {"prabowo", "sandi"}
    assert result.side == "02"


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Ayo coblos 02 tanggal 17 April #IndonesiaMenang", "02"),
        ("Dasar cebong, tidak bisa lihat fakta", "02"),  # the 02 camp's name for 01 supporters
        ("Kampret sibuk sebar hoaks lagi", "01"),  # the 01 camp's name for 02 supporters
        ("Lanjutkan dua periode, pilih Jokowi", "01"),
        ("Jokowi resmikan jalan tol Trans Jawa", "none"),  # a name alone is not a stance
        ("Prabowo dan Sandiaga hadiri debat di Jakarta", "none"),
    ],
)
def test_default_lexicon_reads_calls_to_vote_slogans_and_nicknames(text, side):
    assert rule_score(text).side == side


def test_rule_score_does_not_match_inside_words():
    assert rule_score("pandemi", (Term("pan", "party", "02", 3.0),)).matches == []


TRAIN = [
    ("Jokowi kerja nyata, lanjutkan dua periode #JokowiLagi", "01"),
    ("Pak Jokowi terbukti membangun jalan tol, pilih 01", "01"),
    ("Coblos 01 biar Indonesia maju", "01"),
    ("Jokowi pemimpin hebat, rakyat bahagia", "01"),
    ("Prabowo bohong lagi, jangan pilih dia", "01"),
    ("#2019GantiPresiden rezim gagal", "02"),
    ("Prabowo Sandi untuk Indonesia adil makmur, pilih 02", "02"),
    ("Harga naik terus, saatnya ganti presiden", "02"),
    ("Sandi peduli emak emak, coblos 02", "02"),
    ("Jokowi gagal, utang menumpuk, ganti", "02"),
    ("KPU umumkan jadwal debat capres", "none"),
    ("Jadwal kampanye terbuka dimulai pekan depan", "none"),
    ("Hasil survei elektabilitas dirilis hari ini", "none"),
    ("Debat kedua digelar di hotel Sultan Jakarta", "none"),
    ("Bagaimana cara pindah TPS?", "none"),
]


def test_classifier_predicts_and_explains_with_features():
    texts, labels = zip(*TRAIN, strict=True)
    pipeline = detection.train(texts, labels)
    [pro01, pro02, news] = detection.predict(
        pipeline, ["Jokowi hebat lanjutkan #JokowiLagi", "ganti presiden, pilih 02",
                   "KPU umumkan jadwal debat"])
    assert pro01.label == "01"
    assert pro02.label == "02"
    assert news.label == "none"
    assert pro01.partisan > 0.5 > news.partisan
    assert pro01.features
    assert all(f["weight"] > 0 for f in pro01.features)
    assert any("jokowi" in f["feature"] or f["feature"] == "lexicon:01" for f in pro01.features)


def test_training_needs_two_labels():
    with pytest.raises(ValueError, match="two distinct labels"):
        detection.train(["a", "b"], ["01", "01"])


def test_evaluation_figures():
    result = detection.evaluate_predictions(["01", "02", "none", "none"],
                                            ["01", "01", "none", "02"])
    assert result.labels == ["01", "02", "none"]
    assert result.matrix == [[1, 0, 0], [1, 0, 0], [0, 1, 1]]
    # partisan vs none: truth P P N N, predicted P P N P → F1(P)=0.8, F1(N)=0.667
    assert result.partisan_macro_f1 == pytest.approx(0.7333, abs=1e-4)
    assert result.summary_line().startswith("macro_f1=")


def test_cross_validated_classifier_beats_majority_on_the_shared_dev_set(dev_stance):
    with dev_stance.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    results = detection.cross_validate(texts, labels, folds=5)
    assert results["model"].partisan_macro_f1 > results["majority"].partisan_macro_f1 + 0.1
    assert results["model"].macro_f1 > results["majority"].macro_f1
    # The classifier learns more than the lexicon alone, and the lexicon more than the majority.
    assert results["model"].macro_f1 > results["rules"].macro_f1 + 0.05
    assert results["rules"].macro_f1 > results["majority"].macro_f1 + 0.1
    assert results["rules"].partisan_macro_f1 > results["majority"].partisan_macro_f1
