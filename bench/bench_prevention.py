"""Prevention benchmark: appeal letters (surat imbauan) for 1,000 recipients.

1. One letter: the HTML alone (context, the administrator's template through the restricted
   engine, the shared A4 page) as the baseline, then the same letter laid out as a PDF by
   WeasyPrint and stored (``render_letter_pdf``): the ratio shows that layout is the cost.
2. A whole run of 1,000 recipients, shared between two worker processes the way Celery workers
   share it (``NETRA_PREVENTION_LETTER_SHARDS`` = 2: ``generate_missing_letters(run, shard=i,
   shards=2)`` in two OS processes on the same database), timed from start to the last letter:
   PDFs per second and the run's duration against the goal of under 2 minutes on this 2-core
   machine. The run is then checked: 1,000 letters, 1,000 distinct numbers and files.
"""

from __future__ import annotations

import logging
import multiprocessing
import tempfile
import time
from datetime import date

from benchlib import Goal, Report, django_process, time_calls
from django.db import connection

from netra.documents.engine import render_html_body
from netra.documents.rendering import page_html
from netra.orgs.models import Organisation
from netra.prevention import letters as prevention_letters
from netra.prevention import services
from netra.prevention.models import Letter, LetterRun, Recipient, RecipientList

TITLE = "Prevention: appeal letters, one PDF per recipient for a 1,000-recipient run"
ITERATIONS = 20
WARMUP = 2
RECIPIENTS = 1_000
WORKERS = 2
MESSAGE = (
    "Dengan hormat,\n\nMenjelang pemungutan suara, Bawaslu Kota Serang mengimbau seluruh "
    "pendidik dan tenaga kependidikan berstatus Aparatur Sipil Negara untuk menjaga netralitas, "
    "tidak terlibat dalam kegiatan kampanye, dan tidak menggunakan fasilitas negara untuk "
    "kepentingan peserta pemilu.\n\nPelanggaran netralitas dapat dikenai sanksi sesuai "
    "peraturan perundang-undangan.\n\nAtas perhatian dan kerja samanya kami ucapkan terima kasih."
)


def _setup() -> LetterRun:
    office, _created = Organisation.objects.get_or_create(
        kind="bawaslu_regency", region_code="36.73", name="Bawaslu Kota Serang",
        defaults={"address": "Jl. Ayip Usman No. 1, Serang", "phone": "(0254) 123456"})
    recipient_list = RecipientList.objects.create(office=office, region_code="36.73",
                                                  name="Sekolah se-Kota Serang")
    Recipient.objects.bulk_create([
        Recipient(recipient_list=recipient_list, recipient_type="school",
                  name=f"SD Negeri {i} Kota Serang", addressee="Kepala Sekolah",
                  address=f"Jl. Pendidikan No. {i}", district=("Serang", "Cipocok Jaya",
                                                               "Taktakan", "Kasemen")[i % 4])
        for i in range(1, RECIPIENTS + 1)
    ])
    return LetterRun.objects.create(
        office=office, region_code="36.73", recipient_list=recipient_list,
        subject="Imbauan netralitas ASN", message=MESSAGE, letter_date=date(2024, 1, 10),
        number_prefix="PM.00.02/K.BT-06", total=RECIPIENTS)


def letter_worker(media: str, run_id: int, shard: int, shards: int, barrier, results) -> None:
    """One worker process (through ``benchlib.django_process``): its share of the run."""
    from django.conf import settings

    logging.getLogger("kombu").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    settings.MEDIA_ROOT = media
    try:
        barrier.wait(timeout=120)
        began = time.monotonic()
        made = services.generate_missing_letters(run_id, shard=shard, shards=shards)
        results.put({"made": made, "began": began, "ended": time.monotonic()})
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        results.put({"fatal": f"{type(exc).__name__}: {exc}"})
        raise


def _run_workers(media: str, run_id: int) -> dict:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=django_process,
                    args=("bench_prevention:letter_worker", connection.settings_dict["NAME"],
                          media, run_id, shard, WORKERS, barrier, results))
        for shard in range(WORKERS)
    ]
    connection.close()
    for process in processes:
        process.start()
    outcome = [results.get(timeout=900) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    fatal = [o["fatal"] for o in outcome if "fatal" in o]
    assert not fatal, fatal
    return {"made": sum(o["made"] for o in outcome),
            "seconds": max(o["ended"] for o in outcome) - min(o["began"] for o in outcome)}


def run(report: Report) -> None:
    from django.test.utils import override_settings

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    reps = {"iterations": min(report.iterations, ITERATIONS),
            "warmup": min(report.warmup, WARMUP)}
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        letter_run = _setup()
        recipient = letter_run.recipient_list.recipients.first()
        template = prevention_letters.DEFAULT_LETTER

        report.section("One letter")
        report.progress("one letter ...")

        def html_only():
            context = prevention_letters.letter_context(run=letter_run, recipient=recipient,
                                                        number="0001/PM.00.02/01/2024")
            return page_html(body=render_html_body(template, context), title="Surat Imbauan",
                             language="id", letterhead={"name": letter_run.office.name})

        report.timing("html", time_calls(html_only, **reps),
                      label="baseline: the letter's HTML (context, template, A4 page)")
        pdf = report.timing(
            "pdf",
            time_calls(lambda: prevention_letters.render_letter_pdf(
                run=letter_run, recipient=recipient, number="0001/PM.00.02/01/2024"), **reps),
            label="the same letter as a PDF (WeasyPrint)", baseline="html")
        report.value("pdf_per_second_one_process", round(1000 / pdf["median_ms"], 1),
                     label="PDFs per second, one process (from the median)", unit="PDF/s")

        report.section(f"A run of {RECIPIENTS:,} recipients, {WORKERS} worker processes")
        report.progress(f"{RECIPIENTS} letters in {WORKERS} processes ...")
        outcome = _run_workers(media, letter_run.pk)
        letter_run.refresh_from_db()
        assert outcome["made"] == RECIPIENTS, outcome
        assert Letter.objects.filter(run=letter_run).count() == RECIPIENTS
        assert Letter.objects.values("number").distinct().count() == RECIPIENTS
        assert Letter.objects.values("pdf").distinct().count() == RECIPIENTS
        assert letter_run.status == "done"
        seconds = outcome["seconds"]
        report.value("run_seconds", round(seconds, 1), label="whole run, start to last letter",
                     unit="s", goal=Goal("value", 120))
        report.value("run_pdf_per_second", round(RECIPIENTS / seconds, 1),
                     label="PDFs per second over the run", unit="PDF/s")
        report.value("single_estimate_seconds", round(RECIPIENTS * pdf["median_ms"] / 1000, 1),
                     label="one process would need (from the one-letter median)", unit="s")
        report.note("Each letter is its own transaction with its stored PDF; unique (run, "
                    "recipient) keeps a letter from being made twice. The run was checked: "
                    f"{RECIPIENTS:,} letters, numbers and files, status done.")
