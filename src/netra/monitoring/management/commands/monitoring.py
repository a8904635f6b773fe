"""``netra monitoring evaluate [--train TRAIN.csv] TEST.csv``, ``netra monitoring crossval
DEV.csv [--folds 5] [--seed 0] [--repeats N]``, ``netra monitoring train`` and ``netra
monitoring detect``.

Labelled CSVs have the columns ``text`` and ``label`` (``01``, ``02`` … or ``none``); other columns
are ignored. ``evaluate`` never scores a row used for training: test rows whose normalised text is
among the training texts are left out and counted. Its last line is
``macro_f1=<x> partisan_macro_f1=<y>``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netra.monitoring import detection, services


def read_labelled(path: str) -> tuple[list[str], list[str]]:
    """Rows of a ``text,label`` CSV (UTF-8 with or without BOM; mojibake is repaired later by
    the normaliser). Rows without text or label are skipped."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(content, newline=""))
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    if "text" not in fields or "label" not in fields:
        raise CommandError(f"{path}: the CSV needs the columns text and label")
    texts, labels = [], []
    for row in reader:
        text = (row.get(fields["text"]) or "").strip()
        label = (row.get(fields["label"]) or "").strip().lower()
        if text and label:
            texts.append(text)
            labels.append(label)
    if not texts:
        raise CommandError(f"{path}: no labelled rows")
    return texts, labels


class Command(BaseCommand):
    help = "Campaign-content detector: evaluate, cross-validate, train, detect hits."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        evaluate = sub.add_parser("evaluate", help="Confusion matrix and macro-F1 on TEST.csv.")
        evaluate.add_argument("test")
        evaluate.add_argument("--train", help="Train on this CSV instead of the active model.")
        evaluate.add_argument("--rules", action="store_true",
                              help="Use the lexicon rule score alone.")
        crossval = sub.add_parser("crossval", help="Stratified k-fold on DEV.csv.")
        crossval.add_argument("dev")
        crossval.add_argument("--folds", type=int, default=5)
        crossval.add_argument("--seed", type=int, default=0)
        crossval.add_argument("--repeats", type=int, default=1,
                              help="Repeat with seeds SEED..SEED+N-1; print mean ± sd.")
        sub.add_parser("train", help="Train a new version from the labels held in Netra.")
        sub.add_parser("detect", help="Raise hits for unchecked interactions.")

    def handle(self, *args, **options):
        return getattr(self, "do_" + options["subcommand"])(options)

    def do_evaluate(self, options):
        test_texts, test_labels = read_labelled(options["test"])
        lexicon = services.lexicon_terms()
        if options.get("train"):
            train_texts, train_labels = read_labelled(options["train"])
            seen = {services.text_hash(t) for t in train_texts}
            pipeline = detection.train(train_texts, train_labels, lexicon=lexicon)
            method = f"classifier trained on {len(train_texts)} rows of {options['train']}"
        elif not options.get("rules") and (model := services.active_classifier()) is not None:
            pipeline, seen = model.pipeline, set(model.training_hashes)
            method = f"active classifier v{model.version}"
        else:
            pipeline, seen = None, set()
            method = "lexicon rule score"
        kept = [(t, lab) for t, lab in zip(test_texts, test_labels, strict=True)
                if services.text_hash(t) not in seen]
        left_out = len(test_texts) - len(kept)
        if not kept:
            raise CommandError("every test row was used for training; nothing to evaluate")
        texts = [t for t, _lab in kept]
        truth = [lab for _t, lab in kept]
        if pipeline is not None:
            predicted = [str(p) for p in pipeline.predict(texts)]
        else:
            predicted = detection.rule_labels(texts, lexicon)
        result = detection.evaluate_predictions(truth, predicted)
        self.stdout.write(f"method: {method}")
        self.stdout.write(f"test rows: {result.n} (left out, also in training: {left_out})")
        self.stdout.write(result.matrix_text())
        self.stdout.write(result.summary_line())

    def do_crossval(self, options):
        texts, labels = read_labelled(options["dev"])
        if options["repeats"] < 1:
            raise CommandError("--repeats must be at least 1")
        lexicon = services.lexicon_terms()
        runs = []
        for seed in range(options["seed"], options["seed"] + options["repeats"]):
            results = detection.cross_validate(texts, labels, folds=options["folds"], seed=seed,
                                               lexicon=lexicon)
            runs.append(results)
            prefix = f"seed {seed}: " if options["repeats"] > 1 else ""
            for name in ("majority", "rules", "model"):
                self.stdout.write(f"{prefix}{name}: {results[name].summary_line()}")
            self.stdout.write(results["model"].matrix_text())
        if len(runs) == 1:
            self.stdout.write(runs[0]["model"].summary_line())
            return
        # Over seeds: the spread of the figure due to the split alone (the rows stay the same).
        for name in ("majority", "rules", "model"):
            macro = np.array([r[name].macro_f1 for r in runs])
            partisan = np.array([r[name].partisan_macro_f1 for r in runs])
            self.stdout.write(
                f"mean ± sd over {len(runs)} seeds, {name}: macro_f1={macro.mean():.4f}"
                f"±{macro.std(ddof=1):.4f} partisan_macro_f1={partisan.mean():.4f}"
                f"±{partisan.std(ddof=1):.4f}"
            )
        macro = np.mean([r["model"].macro_f1 for r in runs])
        partisan = np.mean([r["model"].partisan_macro_f1 for r in runs])
        self.stdout.write(f"macro_f1={macro:.4f} partisan_macro_f1={partisan:.4f}")

    def do_train(self, options):
        try:
            row = services.train_classifier()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        model = row.evaluation.get("model", {})
        self.stdout.write(
            f"classifier v{row.version} trained on {row.label_count} labels; cross-validated "
            f"macro_f1={model.get('macro_f1', '-')} "
            f"partisan_macro_f1={model.get('partisan_macro_f1', '-')}"
        )

    def do_detect(self, options):
        self.stdout.write(f"new hits: {services.detect_hits()}")
