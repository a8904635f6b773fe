"""Imports benchmark: reading a 20,000-line table and importing it through an ImportJob.

1. ``netra.imports.tabular.read_table`` over a 20,000-line CSV (Windows-1252 text with accents
   and ``;``) and the same table as XLSX. Baselines: ``csv.reader`` over the decoded text, and
   openpyxl's own read-only iteration of the workbook.
2. ``start_import`` of the CSV with an importer that writes auth groups in one
   ``bulk_create(ignore_conflicts=True)`` per 500-row batch (inline task: the job's checkpointed
   batches, counts and error report included). Baseline: the same ``bulk_create`` batches with
   no job around them.
"""

from __future__ import annotations

import csv
import io
import tempfile

from benchlib import Report, time_calls
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from openpyxl import Workbook, load_workbook

from netra.imports.registry import Column, Importer, register_importer
from netra.imports.services import start_import
from netra.imports.tabular import read_table

TITLE = "Tabular imports: reading 20,000 lines (CSV, XLSX) and a checkpointed import job"
ITERATIONS = 5
WARMUP = 1
ROWS = 20_000
BATCH = 500


class BenchGroupImporter(Importer):
    key = "bench.groups"
    label = "Bench groups"
    action = "orgs.administer"
    columns = [Column("name", "Nama", required=True), Column("city", "Kota")]
    batch_size = BATCH

    def import_rows(self, job, rows):
        Group.objects.bulk_create(
            [Group(name=r.values["name"]) for r in rows], ignore_conflicts=True
        )
        return ["created"] * len(rows)


def _rows() -> list[list[str]]:
    return [[f"Kelompok {i:05d} Café", f"Kota Sérang {i % 97}"] for i in range(ROWS)]


def _csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Nama", "Kota"])
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252")


def _xlsx_bytes(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Nama", "Kota"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _count(iterable) -> int:
    n = 0
    for _item in iterable:
        n += 1
    return n


def run(report: Report) -> None:
    rows = _rows()
    data_csv = _csv_bytes(rows)
    data_xlsx = _xlsx_bytes(rows)
    reps = {"iterations": min(report.iterations, ITERATIONS), "warmup": min(report.warmup, WARMUP)}

    report.section(f"Reading {ROWS:,} lines")
    report.progress("csv ...")
    text = data_csv.decode("cp1252")
    report.timing(
        "csv_plain",
        time_calls(lambda: _count(csv.reader(io.StringIO(text), delimiter=";")), **reps),
        label="baseline: csv.reader over the decoded text",
    )
    report.timing(
        "csv_read_table",
        time_calls(lambda: _count(read_table(data_csv)), **reps),
        label="read_table, CSV (decode, sniff, ftfy, strip)",
        baseline="csv_plain",
    )
    report.progress("xlsx ...")

    def openpyxl_plain():
        workbook = load_workbook(io.BytesIO(data_xlsx), read_only=True, data_only=True)
        n = _count(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return n

    report.timing(
        "xlsx_plain",
        time_calls(openpyxl_plain, **reps),
        label="baseline: openpyxl read-only iteration",
    )
    report.timing(
        "xlsx_read_table",
        time_calls(lambda: _count(read_table(data_xlsx)), **reps),
        label="read_table, XLSX",
        baseline="xlsx_plain",
    )

    report.section(f"Importing {ROWS:,} lines in batches of {BATCH}")
    register_importer(BenchGroupImporter)

    def clear():
        Group.objects.all().delete()

    def plain():
        for start in range(0, ROWS, BATCH):
            with transaction.atomic():
                Group.objects.bulk_create(
                    [Group(name=r[0]) for r in rows[start : start + BATCH]], ignore_conflicts=True
                )

    def job():
        upload = SimpleUploadedFile("bench.csv", data_csv)
        result = start_import(BenchGroupImporter.key, file=upload, actor=None)
        assert result.status == "done", result.failure
        assert result.created_count == ROWS

    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, CELERY_TASK_ALWAYS_EAGER=True),
    ):
        report.progress("plain bulk_create ...")
        report.timing(
            "import_plain",
            time_calls(plain, before=clear, **reps),
            label="baseline: bulk_create in the same batches, no job",
        )
        report.progress("import job ...")
        report.timing(
            "import_job",
            time_calls(job, before=clear, **reps),
            label="start_import → ImportJob done (inline task)",
            baseline="import_plain",
        )
    report.note(
        "The job adds reading and sniffing the file, storing it privately, counting the "
        "lines, and one locked job update per batch committed with that batch."
    )
