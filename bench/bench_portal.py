"""Portal benchmark: sustained public submissions (no files) under gunicorn with 2 workers.

The runner's throwaway database (SQLite file, or PostgreSQL) is seeded with a minimal world
(Kota Serang, its Bawaslu office, an open election), then ``gunicorn netra.wsgi -w 2`` serves it
(production server, workers for 2 cores; rate limits raised for the run). ``CLIENTS`` client
threads, each a visitor with its own session and CSRF token, post complete formal reports to
``/portal/report/`` for ``SUBMISSIONS`` requests in all; each request is one report through the
case-intake port (portal row + case + reporter + reported person, one transaction). Baseline, same
run, same server: ``GET /portal/ping/``, a trivial endpoint of the same app.

Figures: requests per second (wall clock) and latency (median, p95) of both, their ratio, and the
check that every acknowledged submission is stored exactly once with its case (zero lost, zero
duplicated). Goals from issue #16: at least 300 submissions/s, at least half the trivial rate.
The client runs on the same machine, so both rates include its cost.
"""

from __future__ import annotations

import os
import re
import threading
import time

from benchlib import Report
from django.db import connection

TITLE = "Portal: sustained public submissions under gunicorn (2 workers) beside a trivial endpoint"
ITERATIONS = 600
WARMUP = 20
CLIENTS = int(os.environ.get("NETRA_BENCH_PORTAL_CLIENTS", "8"))
RECEIPT = re.compile(r"data-receipt-code><strong>([A-Z0-9-]+)<")


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                f"{s['PORT'] or 5432}/{s['NAME']}")
    return f"sqlite:///{s['NAME']}"


def _load(url: str, total: int, make_request) -> tuple[float, list[float], list]:
    """``total`` requests over CLIENTS threads; wall seconds, latencies, results."""
    import requests

    latencies: list[float] = []
    results: list = []
    lock = threading.Lock()
    counter = iter(range(total))

    def client(index: int) -> None:
        with requests.Session() as http:
            state = {"http": http}
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                started = time.perf_counter()
                result = make_request(state, url, n)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    results.append(result)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, results


def _ping(state, url, n):
    return state["http"].get(url + "/portal/ping/", timeout=60).status_code


def _submitter(election: int, prefix: str):
    from netra.portal.tests import liveserver

    def submit(state, url, n):
        http = state["http"]
        if "token" not in state:
            page = http.get(url + "/portal/report/", timeout=60)
            state["token"] = liveserver.CSRF.search(page.text)[1]
        key = f"{prefix}-{n:06d}-{os.urandom(4).hex()}"
        response = http.post(url + "/portal/report/", timeout=60,
                             data={**liveserver.report_fields(election, key),
                                   "csrfmiddlewaretoken": state["token"]},
                             headers={"Referer": url + "/portal/report/"})
        found = RECEIPT.search(response.text) if response.status_code == 200 else None
        return (key, found[1] if found else None, response.status_code)

    return submit


def _code_hash(code: str) -> str:
    import hashlib

    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(b"netra.portal.receipt:" + normal.encode()).hexdigest()


def run(report: Report) -> None:
    from pathlib import Path
    from tempfile import mkdtemp

    from netra.portal.tests import liveserver

    total = max(report.iterations, 50)
    data_dir = Path(mkdtemp(prefix="bench-portal-"))
    env = liveserver.environment(data_dir, _database_url())
    election = liveserver.run_python(liveserver.SEED, env)["election"]
    report.progress(f"gunicorn -w 2 on {connection.vendor}, {CLIENTS} clients, {total} requests")
    server = liveserver.start(env, workers=2)
    try:
        _load(server.url, WARMUP, _ping)
        _load(server.url, WARMUP, _submitter(election, "warmup"))
        ping_wall, ping_lat, _ = _load(server.url, total, _ping)
        sub_wall, sub_lat, results = _load(server.url, total, _submitter(election, "bench"))
    finally:
        server.stop()

    report.section("Throughput under gunicorn (2 workers)")
    ping_rate = total / ping_wall
    sub_rate = total / sub_wall
    report.value("ping_rps", round(ping_rate, 1), label="GET /portal/ping/ (baseline)",
                 unit="req/s")
    report.value("submit_rps", round(sub_rate, 1), label="POST /portal/report/ (one report)",
                 unit="req/s")
    report.value("submit_share", round(sub_rate / ping_rate, 3),
                 label="submissions/s ÷ trivial req/s (goal ≥ 0.5)")
    report.timing("ping", ping_lat, label="GET /portal/ping/ latency")
    report.timing("submit", sub_lat, label="POST /portal/report/ latency", baseline="ping")

    acked = {key: code for key, code, status in results if code}
    state = liveserver.check(env)
    with_case = {r["receipt_hash"] for r in state["submissions"] if r["case_id"]
                 and str(r["case_id"]) in state["cases"]}
    lost = sum(1 for code in acked.values() if _code_hash(code) not in with_case)
    stored = len(state["submissions"])
    hashes = {r["idempotency_hash"] for r in state["submissions"]}
    report.section("Nothing lost, nothing doubled")
    report.value("acknowledged", len(acked), label="acknowledged submissions (receipt shown)")
    report.value("refused", total - len(acked), label="requests without a receipt")
    report.value("stored", stored, label="submissions stored (incl. warm-up)")
    report.value("duplicated", stored - len(hashes), label="stored twice")
    report.value("lost", lost, label="acknowledged but missing or without its case")
    report.note(f"Goals (issue #16): ≥ 300 submissions/s and ≥ 0.5 × the trivial endpoint; "
                f"measured {sub_rate:.0f}/s and {sub_rate / ping_rate:.2f}× with the load "
                f"client on the same 2 cores.")
