"""``netra monitoring evaluate`` / ``crossval`` / ``train``."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netra.monitoring.models import ClassifierModel, TrainingLabel

from .test_detection import TRAIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

LAST_LINE = re.compile(r"^macro_f1=(\d\.\d{4}) partisan_macro_f1=(\d\.\d{4})$")
TEST = [
    ("Jokowi hebat, lanjutkan #JokowiLagi", "01", "x"),
    ("Saatnya ganti presiden, pilih 02", "02", "y"),
    ("KPU umumkan jadwal debat", "none", "z"),
]


def _csv(tmp_path, name, rows, header=("text", "label")):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _run(*args) -> list[str]:
    out = io.StringIO()
    call_command("monitoring", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_evaluate_with_train_prints_matrix_and_the_figures_last(tmp_path):
    train = _csv(tmp_path, "train.csv", TRAIN)
    test = _csv(tmp_path, "test.csv", TEST, header=("text", "label", "extra"))
    lines = _run("evaluate", "--train", train, test)
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert "test rows: 3 (left out, also in training: 0)" in lines
    assert any(line.startswith("true\\pred") for line in lines)


def test_evaluate_never_scores_training_rows(tmp_path):
    train = _csv(tmp_path, "train.csv", TRAIN)
    test = _csv(tmp_path, "test.csv", [*TEST, TRAIN[0], TRAIN[5]])
    lines = _run("evaluate", "--train", train, test)
    assert "test rows: 3 (left out, also in training: 2)" in lines
    with pytest.raises(CommandError, match="every test row"):
        _run("evaluate", "--train", train, train)


def test_evaluate_without_model_uses_the_rule_score(tmp_path):
    test = _csv(tmp_path, "test.csv", TEST)
    lines = _run("evaluate", test)
    assert lines[0] == "method: lexicon rule score"
    assert LAST_LINE.match(lines[-1])


def test_train_from_labels_then_evaluate_uses_the_active_model(tmp_path):
    TrainingLabel.objects.bulk_create(
        [TrainingLabel(text=f"{text} {i}", label=label, source="manual")
         for i in range(2) for text, label in TRAIN]
    )
    lines = _run("train")
    assert lines[-1].startswith("classifier v1 trained on 30 labels")
    model = ClassifierModel.objects.get()
    assert model.active
    assert len(model.sha256) == 64
    assert set(model.evaluation) >= {"model", "majority", "rules"}
    lines = _run("evaluate", _csv(tmp_path, "test.csv", TEST))
    assert lines[0] == "method: active classifier v1"
    assert LAST_LINE.match(lines[-1])


def test_train_refuses_too_few_labels():
    with pytest.raises(CommandError, match="at least 20"):
        _run("train")


def test_crossval_prints_baselines(tmp_path):
    dev = _csv(tmp_path, "dev.csv", TRAIN * 2)
    lines = _run("crossval", dev, "--folds", "3")
    assert lines[0].startswith("majority: macro_f1=")
    assert lines[1].startswith("rules: macro_f1=")
    assert LAST_LINE.match(lines[-1])


def test_crossval_repeats_over_seeds_and_ends_with_the_mean(tmp_path):
    dev = _csv(tmp_path, "dev.csv", TRAIN * 2)
    lines = _run("crossval", dev, "--folds", "3", "--repeats", "2", "--seed", "5")
    per_seed = [line for line in lines if line.startswith("seed ")]
    assert [line.split(":")[0] for line in per_seed] == ["seed 5"] * 3 + ["seed 6"] * 3
    model = [line for line in per_seed if ": model: " in line]
    means = [float(LAST_LINE.match(line.split(": model: ")[1]).group(1)) for line in model]
    assert lines[-2].startswith("mean ± sd over 2 seeds, model: macro_f1=")
    last = LAST_LINE.match(lines[-1])
    assert last
    assert float(last.group(1)) == pytest.approx(sum(means) / 2, abs=1e-4)
    with pytest.raises(CommandError, match="at least 1"):
        _run("crossval", dev, "--repeats", "0")


def test_missing_columns_are_refused(tmp_path):
    bad = _csv(tmp_path, "bad.csv", [("a", "b")], header=("tweet", "stance"))
    with pytest.raises(CommandError, match="text and label"):
        _run("evaluate", bad)
