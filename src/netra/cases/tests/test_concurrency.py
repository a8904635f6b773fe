"""Registration numbers under concurrent writers: unique and gap-free.

On PostgreSQL, N separate OS processes (each with its own database connection, started with
``python -c``) register K cases each at the same moment against the same test database; the
numbers must be unique and the sequence exactly 1..N*K. On SQLite, which serialises writers,
threads check that nothing is duplicated or lost under the same load.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import OperationalError, close_old_connections, connection

from netra.cases import services
from netra.cases.models import Case, RegistrationCounter
from netra.cases.workflow import Status

from .factories import build_world, open_finding

N_WRITERS = 8
PER_WRITER = 3

# Transactional: the writers must see committed rows; the flush before this test may have
# removed the reference rules, which ``reference_data`` restores.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

NUMBER = re.compile(r"^(\d{3})/Reg/TM/PL/Kota/1\.01/[IVX]+/\d{4}$")

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    import django

    django.setup()

    from django.db import connection

    from netra.accounts.models import User
    from netra.cases import services
    from netra.cases.models import Case

    sync, index, actor_id, ids = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    actor = User.objects.get(pk=actor_id)
    cases = [Case.objects.get(pk=int(pk)) for pk in ids.split(",")]
    connection.ensure_connection()
    (sync / f"ready-{index}").touch()
    give_up = time.monotonic() + 60
    while not (sync / "go").exists():
        if time.monotonic() > give_up:
            sys.exit("the start signal never came")
        time.sleep(0.002)
    numbers = [
        services.transition_case(case=case, transition="register", actor=actor)
        .registration_number
        for case in cases
    ]
    print(json.dumps(numbers))
    """
)


def prepare(count: int):
    """The Serang world and ``count`` findings waiting to be registered (committed)."""
    w = build_world()
    cases = []
    for _ in range(count):
        case = open_finding(w)
        cases.append(services.transition_case(case=case, transition="start_check", actor=w.handler))
    return w, cases


def sequences(numbers: list[str]) -> list[int]:
    seqs = []
    for number in numbers:
        match = NUMBER.match(number)
        assert match, number
        seqs.append(int(match.group(1)))
    return sorted(seqs)


def database_url() -> str:
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = quote(s["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(s["HOST"] or "", safe="")
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{auth}{host}{port}/{quote(s['NAME'], safe='')}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent OS processes need PostgreSQL (CI runs it there)",
)
def test_concurrent_processes_get_unique_gap_free_numbers(regions, tmp_path):
    w, cases = prepare(N_WRITERS * PER_WRITER)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "netra.settings.test",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    children = []
    for index in range(N_WRITERS):
        mine = cases[index * PER_WRITER : (index + 1) * PER_WRITER]
        children.append(
            subprocess.Popen(  # noqa: S603 (our own interpreter and script)
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(tmp_path),
                    str(index),
                    str(w.handler.pk),
                    ",".join(str(c.pk) for c in mine),
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).resolve().parents[4],
            )
        )
    give_up = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < N_WRITERS:
        assert all(c.poll() is None for c in children), [c.communicate() for c in children]
        assert time.monotonic() < give_up, "the writers did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    numbers: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        numbers += json.loads(out.strip().splitlines()[-1])

    assert len(numbers) == len(set(numbers)) == N_WRITERS * PER_WRITER
    assert sequences(numbers) == list(range(1, N_WRITERS * PER_WRITER + 1))
    stored = list(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list(
            "status", "registration_number"
        )
    )
    assert {status for status, _n in stored} == {Status.REGISTERED}
    assert sorted(n for _s, n in stored) == sorted(numbers)
    assert (
        RegistrationCounter.objects.get(office=w.serang, kind_code="TM").last_seq
        == N_WRITERS * PER_WRITER
    )


def test_concurrent_threads_never_duplicate_a_number(regions):
    """Runs on every database. SQLite serialises writers (one write transaction at a time), so
    on SQLite this checks uniqueness and completeness under contention, with a retry when the
    shared in-memory database reports a lock; PostgreSQL gets the real race above."""
    w, cases = prepare(N_WRITERS * PER_WRITER)
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(N_WRITERS)
    lock = threading.Lock()

    def register(mine: list[Case]) -> None:
        try:
            barrier.wait(timeout=30)
            for case in mine:
                for attempt in range(1000):
                    try:
                        # A lock error may come after the commit (e.g. from the inline
                        # notification): then the case is registered already.
                        case.refresh_from_db(fields=["registration_number"])
                        number = (
                            case.registration_number
                            or services.transition_case(
                                case=case, transition="register", actor=w.handler
                            ).registration_number
                        )
                        break
                    except OperationalError as exc:  # "database table is locked"
                        if "locked" not in str(exc) or attempt == 999:
                            raise
                        time.sleep(0.005)
                with lock:
                    numbers.append(number)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=register, args=(cases[i * PER_WRITER : (i + 1) * PER_WRITER],))
        for i in range(N_WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(numbers) == len(set(numbers)) == N_WRITERS * PER_WRITER
    assert sequences(numbers) == list(range(1, N_WRITERS * PER_WRITER + 1))
    assert (
        RegistrationCounter.objects.get(office=w.serang, kind_code="TM").last_seq
        == N_WRITERS * PER_WRITER
    )
