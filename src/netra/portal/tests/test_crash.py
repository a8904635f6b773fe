"""Nothing acknowledged is lost (issue #16, point 4): a real gunicorn server is killed with
SIGKILL in the middle of a stream of submissions, restarted, the interrupted submissions are
retried with their idempotency keys, and then every acknowledged receipt must have its complete
case (reporter and reported person) and no submission may exist twice.

On SQLite it runs against a file database in a temporary folder; with ``DATABASE_URL`` pointing
at PostgreSQL it uses the test database (transactional test, so the child processes see it).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest
import requests
from django.db import connection

from . import liveserver

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path) -> str:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return (f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                f"{s['PORT'] or 5432}/{s['NAME']}")
    return f"sqlite:///{tmp_path / 'netra.sqlite3'}"


def _submit(url: str, election: int, key: str) -> str | None:
    """One report by a fresh visitor; the receipt code, or None if no receipt came back."""
    with requests.Session() as http:
        try:
            page = http.get(url + "/portal/report/", timeout=30)
            token = liveserver.CSRF.search(page.text)[1]
            response = http.post(url + "/portal/report/", timeout=30,
                                 data={**liveserver.report_fields(election, key),
                                       "csrfmiddlewaretoken": token},
                                 headers={"Referer": url + "/portal/report/"})
        except (requests.RequestException, TypeError):
            return None
    found = liveserver.RECEIPT.search(response.text) if response.status_code == 200 else None
    return found[1] if found else None


def _code_hash(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(b"netra.portal.receipt:" + normal.encode()).hexdigest()


def test_killed_server_loses_no_acknowledged_report(tmp_path, settings):
    env = liveserver.environment(tmp_path, _database_url(tmp_path))
    election = liveserver.prepare(env)["election"]
    acked: dict[str, str] = {}  # key -> receipt code
    attempted: list[str] = []
    stop = threading.Event()
    server = liveserver.start(env, workers=2)

    def stream(worker: int) -> None:
        n = 0
        while not stop.is_set():
            key = f"crash-{worker}-{n:05d}-" + os.urandom(6).hex()
            n += 1
            attempted.append(key)
            code = _submit(server.url, election, key)
            if code:
                acked[key] = code

    threads = [threading.Thread(target=stream, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while len(acked) < 15 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()  # mid-stream: requests are in flight
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert len(acked) >= 15

    # Restart and retry every submission that got no receipt (what a reporter's browser does).
    server = liveserver.start(env, workers=2)
    try:
        retried = {}
        for key in attempted:
            if key not in acked:
                code = _submit(server.url, election, key)
                assert code, f"retry of {key} got no receipt"
                retried[key] = code
        # A retry of an acknowledged submission answers with the same receipt, no new report.
        first = next(iter(acked))
        assert _submit(server.url, election, first) == acked[first]
    finally:
        server.stop()

    state = liveserver.check(env)
    rows = state["submissions"]
    hashes = [r["receipt_hash"] for r in rows]
    assert len(hashes) == len(set(hashes)), "a submission was stored twice"
    assert len({r["idempotency_hash"] for r in rows}) == len(rows)
    assert len(rows) == len(set(attempted)) == len(acked) + len(retried)
    assert state["portal_cases"] == len(rows)
    by_hash = {r["receipt_hash"]: r for r in rows}
    for code in [*acked.values(), *retried.values()]:
        row = by_hash.get(_code_hash(code))
        assert row is not None, f"acknowledged receipt {code} has no submission"
        case = state["cases"][str(row["case_id"])]
        assert case["intake_number"] == row["intake_number"]
        assert case["reporters_n"] == 1
        assert case["persons_n"] == 1
