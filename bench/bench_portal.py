"""Portal benchmark: sustained public submissions (no files) under gunicorn with 2 workers.

The runner's throwaway database (SQLite file, or PostgreSQL) is seeded with a minimal world
(Kota Serang, its Bawaslu office, an open election), then ``gunicorn netra.wsgi -w 2`` serves it
(production server, workers for 2 cores, ``NETRA_BENCH_PORTAL_WORKERS`` to change; rate limits
raised for the run). ``CLIENTS`` concurrent visitors, each with its own cookies and CSRF
token, post complete formal reports to ``/portal/report/``, ``--iterations`` requests in all
(raw HTTP/1.1 over asyncio in one thread, ``NETRA_BENCH_PORTAL_CLIENT=requests`` for the
earlier ``requests``-in-threads client). Each request commits one portal
submission and answers with the receipt; the case (case + reporter + reported person, through the
case-intake port) is opened by a task after commit. Two layouts are measured
(``NETRA_BENCH_PORTAL_MODES``, default both): ``inline``, the embedded default where the task
runs in the request after the commit, and ``queued``, production's layout with a throwaway Redis
and one Celery worker at lower CPU priority (``nice`` 10, ``NETRA_BENCH_PORTAL_WORKER_NICE``;
the figures then include the time the worker needs to open every case).
Baseline, same run, same server: ``GET /portal/ping/``, a trivial endpoint of the same app.

Figures: requests per second (wall clock) and latency (median, p95) of both, their ratio, and the
check that every acknowledged submission is stored exactly once with its case (zero lost, zero
duplicated). Goals from issue #16: at least 300 submissions/s, at least half the trivial rate.
The client runs on the same machine, so both rates include its cost (~0.5 ms of CPU per ping
and ~1 ms per submission with the asyncio client, against ~2 and ~3 ms with ``requests``).
"""

from __future__ import annotations

import asyncio
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
# gunicorn workers; 2 (one per core) by default. gunicorn's own advice for I/O-bound requests is
# 2 × cores + 1 = 5: a submission waits on database round trips that another worker can fill.
WORKERS = int(os.environ.get("NETRA_BENCH_PORTAL_WORKERS", "2"))
# The load client: "async" (default, raw HTTP over asyncio, one thread) or "requests" (the
# client of the first two passes: ``requests`` sessions in CLIENTS threads).
CLIENT = os.environ.get("NETRA_BENCH_PORTAL_CLIENT", "async")
# CPU priority (nice) of the Celery worker in the queued layout; docs/portal.md "Throughput".
WORKER_NICE = int(os.environ.get("NETRA_BENCH_PORTAL_WORKER_NICE", "10"))
RECEIPT = re.compile(r"data-receipt-code><strong>([A-Z0-9-]+)<")


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                f"{s['PORT'] or 5432}/{s['NAME']}")
    return f"sqlite:///{s['NAME']}"


def _load(url: str, total: int, kind: str, election: int = 0, prefix: str = ""):
    """``total`` requests of ``kind`` ("ping" or "submit") over CLIENTS concurrent visitors;
    wall seconds, latencies, results (``(key, receipt code or None, status)`` for submissions).
    """
    if CLIENT == "requests":
        return _load_requests(url, total, kind, election, prefix)
    return asyncio.run(_load_async(url, total, kind, election, prefix))


# --- The default client: raw HTTP/1.1 over asyncio streams, one thread -----------------------
#
# The load client shares the 2 cores with the server, so its CPU per request counts against both
# rates. ``requests`` in 8 threads costs ~1-2 ms of CPU per request (sessions, cookie jars,
# urllib3, header objects) under one GIL; this client writes a pre-built request, reads the
# answer to EOF (gunicorn's sync workers close every connection, as they did for ``requests``)
# and reads only the status, two cookies and the receipt code: a fraction of that CPU. Each
# visitor keeps its cookies (CSRF, the portal's signed grant cookie) like a browser.

_COOKIE = re.compile(rb"^set-cookie: *([a-z_]+)=([^;\r\n]*)", re.IGNORECASE | re.MULTILINE)
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_RECEIPT_B = re.compile(rb"data-receipt-code><strong>([A-Z0-9-]+)<")


class _Visitor:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[bytes, bytes] = {}
        self.token = b""

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "Connection: close", "User-Agent: netra-bench"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(
                f"{k.decode()}={v.decode()}" for k, v in self.cookies.items()))
        if method == "POST":
            head += ["Content-Type: application/x-www-form-urlencoded",
                     f"Content-Length: {len(body)}",
                     f"Referer: http://{self.host}:{self.port}{path}"]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(raw)
            data = await reader.read()
        finally:
            writer.close()
        header, _, content = data.partition(b"\r\n\r\n")
        for name, value in _COOKIE.findall(header):
            self.cookies[name] = value
        return int(header[9:12]), content


async def _load_async(url: str, total: int, kind: str, election: int, prefix: str):
    from urllib.parse import urlencode, urlsplit

    from netra.portal.tests import liveserver

    parts = urlsplit(url)
    visitors = [_Visitor(parts.hostname or "127.0.0.1", parts.port or 80)
                for _ in range(CLIENTS)]
    if kind == "submit":  # each visitor opens the form once, before the clock starts
        for v in visitors:
            _, page = await v.request("GET", "/portal/report/")
            v.token = _TOKEN.search(page)[1]
    latencies: list[float] = []
    results: list = []
    counter = iter(range(total))

    async def run(v: _Visitor) -> None:
        for n in counter:
            if kind == "ping":
                started = time.perf_counter()
                status, _ = await v.request("GET", "/portal/ping/")
                latencies.append(time.perf_counter() - started)
                results.append(status)
                continue
            key = f"{prefix}-{n:06d}-{os.urandom(4).hex()}"
            body = urlencode({**liveserver.report_fields(election, key),
                              "csrfmiddlewaretoken": v.token.decode()}).encode()
            started = time.perf_counter()
            status, content = await v.request("POST", "/portal/report/", body)
            latencies.append(time.perf_counter() - started)
            found = _RECEIPT_B.search(content) if status == 200 else None
            results.append((key, found[1].decode() if found else None, status))

    started = time.perf_counter()
    await asyncio.gather(*(run(v) for v in visitors))
    return time.perf_counter() - started, latencies, results


# --- The earlier client (NETRA_BENCH_PORTAL_CLIENT=requests): ``requests`` in CLIENTS threads ---


def _load_requests(url: str, total: int, kind: str, election: int, prefix: str):
    import requests

    latencies: list[float] = []
    results: list = []
    lock = threading.Lock()
    counter = iter(range(total))
    make_request = _ping if kind == "ping" else _submitter(election, prefix)

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


class _Queue:
    """A throwaway Redis and one Celery worker (production layout: the request acknowledges,
    the worker opens the cases)."""

    def __init__(self, data_dir, env: dict[str, str]) -> None:
        import shutil
        import subprocess
        import sys
        from pathlib import Path

        from netra.portal.tests import liveserver

        self.port = liveserver.free_port()
        redis = shutil.which("redis-server")
        if redis is None:
            raise RuntimeError("redis-server not found")
        self.redis = subprocess.Popen(
            [redis, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(data_dir)],
            stdout=subprocess.DEVNULL, start_new_session=True)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        env.update(REDIS_URL=self.url, NETRA_TASKS_INLINE="false")
        celery = Path(sys.executable).with_name("celery")
        self.worker = subprocess.Popen(
            [str(celery), "-A", "netra.celery", "worker", "-c", "1", "--loglevel", "warning",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env, start_new_session=True, stdout=subprocess.DEVNULL,
            preexec_fn=(lambda: os.nice(WORKER_NICE)) if WORKER_NICE else None)
        self.env = env

    def stop(self) -> None:
        import signal

        for process in (self.worker, self.redis):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, OSError):
                pass
            except Exception:
                os.killpg(process.pid, signal.SIGKILL)


def _pending(env: dict[str, str]) -> int:
    from netra.portal.tests import liveserver

    return sum(1 for r in liveserver.check(env)["submissions"] if not r["case_id"])


def _measure(report: Report, *, mode: str, data_dir, database_url: str, election: int,
             total: int, label: str) -> None:
    from netra.portal.tests import liveserver

    env = liveserver.environment(data_dir, database_url)
    queue = _Queue(data_dir, env) if mode == "queued" else None
    server = liveserver.start(env, workers=WORKERS)
    drain_s = 0.0
    try:
        _load(server.url, WARMUP, "ping")
        _load(server.url, WARMUP, "submit", election, f"warmup-{mode}")
        # The worker opens the warm-up's cases before the clock starts: the baseline is timed
        # beside an idle worker, the submissions beside a busy one (as they are in production).
        started = time.perf_counter()
        while queue is not None and _pending(env) and time.perf_counter() - started < 120:
            time.sleep(0.5)
        ping_wall, ping_lat, _ = _load(server.url, total, "ping")
        sub_wall, sub_lat, results = _load(server.url, total, "submit", election, mode)
        started = time.perf_counter()
        while queue is not None and _pending(env) and time.perf_counter() - started < 600:
            time.sleep(0.5)
        drain_s = time.perf_counter() - started if queue is not None else 0.0
    finally:
        server.stop()
        if queue is not None:
            queue.stop()

    report.section(f"{label}: throughput under gunicorn ({WORKERS} workers)")
    ping_rate = total / ping_wall
    sub_rate = total / sub_wall
    report.value(f"{mode}_ping_rps", round(ping_rate, 1), label="GET /portal/ping/ (baseline)",
                 unit="req/s")
    report.value(f"{mode}_submit_rps", round(sub_rate, 1),
                 label="POST /portal/report/ acknowledged", unit="req/s")
    report.value(f"{mode}_submit_share", round(sub_rate / ping_rate, 3),
                 label="submissions/s ÷ trivial req/s (goal ≥ 0.5)")
    if queue is not None:
        report.value(f"{mode}_drain_s", round(drain_s, 1),
                     label="after the last receipt, until every case is open", unit="s")
        report.value(f"{mode}_end_to_end_rps", round(total / (sub_wall + drain_s), 1),
                     label="submissions with their case open, per second", unit="req/s")
    report.timing(f"{mode}_ping", ping_lat, label="GET /portal/ping/ latency")
    report.timing(f"{mode}_submit", sub_lat, label="POST /portal/report/ latency",
                  baseline=f"{mode}_ping")

    acked = {key: code for key, code, status in results if code}
    state = liveserver.check(env)
    with_case = {r["receipt_hash"] for r in state["submissions"] if r["case_id"]
                 and str(r["case_id"]) in state["cases"]}
    lost = sum(1 for code in acked.values() if _code_hash(code) not in with_case)
    stored = len(state["submissions"])
    hashes = {r["idempotency_hash"] for r in state["submissions"]}
    report.section(f"{label}: nothing lost, nothing doubled")
    report.value(f"{mode}_acknowledged", len(acked),
                 label="acknowledged submissions (receipt shown)")
    report.value(f"{mode}_refused", total - len(acked), label="requests without a receipt")
    report.value(f"{mode}_stored", stored, label="submissions stored (all runs, incl. warm-up)")
    report.value(f"{mode}_duplicated", stored - len(hashes), label="stored twice")
    report.value(f"{mode}_cases_doubled", state["portal_cases"] - len(with_case),
                 label="portal cases not matching one submission")
    report.value(f"{mode}_lost", lost, label="acknowledged but missing or without its case")
    report.note(f"{label}: {sub_rate:.0f} submissions/s acknowledged, {sub_rate / ping_rate:.2f}× "
                f"the trivial endpoint ({ping_rate:.0f} req/s), load client on the same 2 cores.")


def run(report: Report) -> None:
    from pathlib import Path
    from tempfile import mkdtemp

    from netra.portal.tests import liveserver

    total = max(report.iterations, 50)
    data_dir = Path(mkdtemp(prefix="bench-portal-"))
    url = _database_url()
    election = liveserver.run_python(liveserver.SEED, liveserver.environment(data_dir, url))[
        "election"]
    modes = os.environ.get("NETRA_BENCH_PORTAL_MODES", "inline,queued").split(",")
    report.progress(f"gunicorn -w {WORKERS} on {connection.vendor}, {CLIENTS} clients "
                    f"({CLIENT}), {total} requests, modes {modes}, worker nice {WORKER_NICE}")
    labels = {"inline": "Inline intake (embedded default, no Redis)",
              "queued": "Queued intake (Redis + 1 Celery worker)"}
    for mode in modes:
        _measure(report, mode=mode, data_dir=data_dir, database_url=url, election=election,
                 total=total, label=labels[mode])
    report.note("Goals (issue #16): ≥ 300 submissions/s and ≥ 0.5 × the trivial endpoint.")
