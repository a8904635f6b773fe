"""Monitoring benchmark (issue #17).

1. Ingest of 1,000,000 synthetic rows (``./bench/run monitoring --size N`` or
   ``NETRA_BENCH_MONITORING_ROWS`` to change it) in Netra's CSV schema, generated into a
   temporary file: 50,000 posts (each a ``post`` row with its text, by one of 2,000 unregistered
   media accounts or a registered account) and 10,000 registered accounts acting on them
   (likes, shares, comments), in random order (the worst case for the natural key's index).
   ``start_import("monitoring.interactions")`` runs the whole job inline (private copy, count,
   checkpointed batches of 10,000 with bulk inserts on the natural key); hit detection is
   switched off for this run (``options={"detect": False}``), so the figure is the ingest alone.
   Baselines in the same run: ``read_table`` merely iterating the same file (the parse the job
   does anyway) and the same job with an importer that writes nothing (the floor set by
   ``netra.imports``: storing, counting, parsing, mapping, checkpoints). Goals from the issue:
   under 60 s on PostgreSQL and at least 30 % of parse speed (ingest rows/s ÷ parse rows/s
   ≥ 0.3).
2. Detector throughput, posts/s: the lexicon rule score and the classifier (trained on the dev
   set) over the 1,815 tweets of the shared corpus (synthetic posts when it is absent).
3. Evaluation on the shared dev set: 5-fold stratified cross-validation of the classifier beside
   the majority class and the lexicon rule score alone, on the same rows.

``NETRA_BENCH_MONITORING_PARTS=ingest`` (or ``detector``, ``evaluation``, comma-separated) runs
only those parts.
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from pathlib import Path

from benchlib import Goal, Report
from django.test.utils import override_settings

TITLE = "Monitoring: ingest of 1,000,000 interactions, detector throughput, dev-set evaluation"
ITERATIONS = 1
WARMUP = 0
ROWS = int(os.environ.get("NETRA_BENCH_MONITORING_ROWS") or os.environ.get("NETRA_BENCH_SIZE")
           or 1_000_000)
ACCOUNTS = 10_000
POSTS = min(50_000, max(1, ROWS // 20))
MEDIA = 2_000
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "monitoring"


def _generate(path: Path) -> int:
    """Write the file; return how many posts it holds."""
    rng = random.Random(17)
    kinds = ("like", "like", "like", "share", "comment")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["platform", "post_id", "actor", "interaction", "time", "comment_text",
                         "post_text"])
        seen = set()
        posted: set[int] = set()
        written = 0
        while written < ROWS:
            post = rng.randrange(POSTS)
            day = 1 + (post % 28)
            if post not in posted:  # the post itself, before its first interaction
                posted.add(post)
                author = (f"asn_{post % ACCOUNTS:05d}" if post % 10 == 0
                          else f"media_{post % MEDIA:04d}")
                writer.writerow(["twitter", f"p{post}", author, "post",
                                 f"2024-10-{day:02d}T07:{post % 60:02d}:00+07:00", "",
                                 f"Ayo dukung paslon 0{post % 2 + 1} #Pilkada{post} mantaap"])
                written += 1
                continue
            actor = rng.randrange(ACCOUNTS)
            kind = kinds[rng.randrange(len(kinds))]
            if (post, actor, kind) in seen:
                continue
            seen.add((post, actor, kind))
            writer.writerow(["twitter", f"p{post}", f"asn_{actor:05d}", kind,
                             f"2024-10-{day:02d}T{8 + written % 12:02d}:{written % 60:02d}:"
                             f"{written % 59:02d}+07:00",
                             "mantap" if kind == "comment" else "", ""])
            written += 1
    return len(posted)


def _accounts() -> None:
    from netra.monitoring.models import MonitoredAccount

    MonitoredAccount.objects.bulk_create(
        [MonitoredAccount(platform="twitter", handle=f"asn_{i:05d}", region_code="36.73",
                          person_name=f"ASN {i}", agency="Pemkot Serang", employment_type="pns")
         for i in range(ACCOUNTS)],
        batch_size=2000, ignore_conflicts=True,
    )


def _labelled() -> tuple[list[str], list[str]] | None:
    path = SHARED / "dev_stance.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def _corpus() -> list[str]:
    path = SHARED / "pilpres2019_tweets.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            return [r["text"] for r in csv.DictReader(fh)]
    return [f"Ayo coblos 0{i % 2 + 1} demi Indonesia maju #Pilpres{i} mantaap bgt"
            for i in range(2000)]


def _register_floor_importers() -> tuple[str, str]:
    """Two importers with the interactions' columns and batch size that write nothing: the job
    around them is the floor ``netra.imports`` sets. ``bench.floor`` takes its batches column by
    column (``import_batch``, as the interactions importer does); ``bench.floor_rows`` as rows
    with a dict each (``import_rows``, as most importers do)."""
    from netra.imports.registry import Importer, register_importer
    from netra.monitoring.importers import InteractionImporter

    class FloorImporter(Importer):
        key = "bench.floor"
        label = "bench: writes nothing"
        action = InteractionImporter.action
        columns = InteractionImporter.columns
        batch_size = InteractionImporter.batch_size

        def import_batch(self, job, batch):
            return ["duplicate"] * len(batch)

    class RowFloorImporter(FloorImporter):
        key = "bench.floor_rows"
        label = "bench: writes nothing, row by row"

        def import_batch(self, job, batch):
            return Importer.import_batch(self, job, batch)

        def import_rows(self, job, rows):
            return ["duplicate"] * len(rows)

    register_importer(FloorImporter)
    register_importer(RowFloorImporter)
    return FloorImporter.key, RowFloorImporter.key


def ingest(report: Report) -> None:
    from netra.imports.registry import unregister_importer
    from netra.imports.services import start_import
    from netra.imports.tabular import read_table
    from netra.monitoring.models import Interaction, Post

    report.section(f"Ingest of {ROWS:,} interactions")
    with tempfile.TemporaryDirectory() as tmp, override_settings(
        MEDIA_ROOT=tmp, CELERY_TASK_ALWAYS_EAGER=True,
        NETRA_IMPORT_MAX_BYTES=2_000_000_000, NETRA_IMPORT_MAX_ROWS=ROWS + 10,
    ):
        path = Path(tmp) / "interactions.csv"
        report.progress("generating the file ...")
        posts = _generate(path)
        report.value("file_mb", round(path.stat().st_size / 1e6, 1), label="file size", unit="MB")
        report.progress("parse only ...")
        started = time.perf_counter()
        parsed = sum(1 for _row in read_table(str(path), filename="interactions.csv"))
        parse_s = time.perf_counter() - started
        report.value("parse_s", round(parse_s, 2), label="parse only (read_table)", unit="s")
        report.value("parse_rows_s", round(parsed / parse_s), label="parse rate", unit="rows/s")
        # A reference no Netra change moves: the standard library's C reader alone (no decoding
        # checks, no cleaning), to compare runs of different code.
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as fh:
            lines = sum(1 for _cells in csv.reader(fh)) - 1
        csv_s = time.perf_counter() - started
        report.value("csv_s", round(csv_s, 2), label="reference: csv.reader alone", unit="s")
        _accounts()
        floor_key, rows_key = _register_floor_importers()
        floors = {}
        for key, name in ((floor_key, "floor_s"), (rows_key, "floor_rows_s")):
            report.progress(f"job floor ({key}: an importer that writes nothing) ...")
            started = time.perf_counter()
            with path.open("rb") as fh:
                floor = start_import(key, file=fh, actor=None, filename="interactions.csv")
            floors[name] = time.perf_counter() - started
            unregister_importer(key)
            assert floor.status == "done", floor.failure
        floor_s = floors["floor_s"]
        report.value("floor_s", round(floor_s, 2),
                     label="job floor: same job, importer writing nothing (import_batch)",
                     unit="s", baseline="parse_s")
        report.value("floor_rows_s", round(floors["floor_rows_s"], 2),
                     label="job floor for a row-wise importer (import_rows: a dict per row)",
                     unit="s", baseline="parse_s")
        report.progress("import job ...")
        started = time.perf_counter()
        with path.open("rb") as fh:
            job = start_import("monitoring.interactions", file=fh, actor=None,
                               filename="interactions.csv", options={"detect": False})
        ingest_s = time.perf_counter() - started
        assert job.status == "done", job.failure
        stored = Interaction.objects.count()
        assert stored == ROWS == lines, (stored, lines, job.error_count, job.errors[:3])
        assert Post.objects.count() == posts
        report.value("ingest_s", round(ingest_s, 2), label="ingest: start_import → done",
                     unit="s", goal=Goal("value", 60, ("postgresql",)), baseline="parse_s")
        rate = ingest_s and ROWS / ingest_s
        report.value("ingest_rows_s", round(rate), label="ingest rate", unit="rows/s")
        report.value("ingest_vs_parse", round(rate / (parsed / parse_s), 3),
                     label="ingest speed ÷ parse speed (goal ≥ 0.3)")
        report.value("ingest_vs_csv", round(csv_s / ingest_s, 3),
                     label="ingest speed ÷ csv.reader speed (compares runs of different code)")
        report.value("floor_vs_parse", round(parse_s / floor_s, 3),
                     label="job floor speed ÷ parse speed (the best any importer can reach)")
        report.value("ingest_minus_floor_s", round(ingest_s - floor_s, 2),
                     label="monitoring's own share: ingest − floor", unit="s")
        report.progress("re-import (everything a duplicate) ...")
        started = time.perf_counter()
        with path.open("rb") as fh:
            again = start_import("monitoring.interactions", file=fh, actor=None,
                                 filename="interactions.csv", options={"detect": False})
        report.value("reimport_s", round(time.perf_counter() - started, 2),
                     label="re-import of the same file (adds nothing)", unit="s",
                     baseline="parse_s")
        assert Interaction.objects.count() == ROWS
        assert again.duplicate_count == ROWS
    report.note(f"{ROWS:,} rows: {POSTS:,} posts and {ROWS - POSTS:,} likes/shares/comments by "
                f"{ACCOUNTS:,} registered accounts. The job also stores a private copy of the "
                "file, counts its lines and commits a checkpoint with every 10,000-row batch; "
                "hit detection was off for this run.")


def detector(report: Report) -> None:
    from netra.monitoring import detection

    report.section("Detector throughput")
    texts = _corpus()
    detection.normalise.cache_clear()
    started = time.perf_counter()
    for text in texts:
        detection.rule_score(text)
    rules_s = time.perf_counter() - started
    report.value("rules_posts_s", round(len(texts) / rules_s), label="lexicon rule score",
                 unit="posts/s")
    labelled = _labelled() or (texts[:200], ["01", "02", "none", "none"] * 50)
    pipeline = detection.train(*labelled)
    detection.normalise.cache_clear()
    started = time.perf_counter()
    detection.predict(pipeline, texts, explain=5)
    model_s = time.perf_counter() - started
    report.value("model_posts_s", round(len(texts) / model_s),
                 label="classifier with explanations (normalising included)", unit="posts/s")
    report.note(f"{len(texts):,} posts, normaliser cache cleared before each run.")


def evaluation(report: Report) -> None:
    from netra.monitoring import detection

    report.section("Evaluation on the shared dev set (5-fold cross-validation)")
    labelled = _labelled()
    if labelled is None:
        report.note(f"skipped: {SHARED / 'dev_stance.csv'} not found (kept outside the repo)")
        return
    results = detection.cross_validate(*labelled, folds=5, seed=0)
    for name, label in (("majority", "baseline: majority class of each training fold"),
                        ("rules", "baseline: lexicon rule score alone"),
                        ("model", "classifier (TF-IDF words + chars + lexicon, logistic)")):
        report.value(f"{name}_macro_f1", results[name].macro_f1, label=f"{label}: macro-F1")
        report.value(f"{name}_partisan_f1", results[name].partisan_macro_f1,
                     label=f"{label}: partisan macro-F1")
    report.lines("matrix", "classifier confusion matrix (rows true, columns predicted)",
                 results["model"].matrix_text().splitlines())


PARTS = {"detector": detector, "evaluation": evaluation, "ingest": ingest}


def run(report: Report) -> None:
    """Every part, or those named in ``NETRA_BENCH_MONITORING_PARTS`` (e.g. ``ingest``)."""
    chosen = os.environ.get("NETRA_BENCH_MONITORING_PARTS", "").replace(",", " ").split()
    for name, part in PARTS.items():
        if not chosen or name in chosen:
            part(report)
