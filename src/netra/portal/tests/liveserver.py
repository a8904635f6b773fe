"""A real Netra server in a child process for the portal's crash test and benchmark.

``prepare(data_dir, database_url)`` migrates the database and seeds a minimal world (regions of
Kota Serang, its Bawaslu office, an open election); ``start(...)`` runs gunicorn with ``workers``
processes on a free port; ``Server.kill()`` sends SIGKILL to the whole process group (no
graceful shutdown: whatever was in flight dies with it). Used only by tests and ``bench/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SEED = r"""
import django, json
django.setup()
from datetime import date
from netra.regions.models import Region
from netra.orgs.models import Organisation
from netra.elections.models import Election
rows = [("36", "Banten", 1, "provinsi"), ("36.73", "Kota Serang", 2, "kota"),
        ("36.73.01", "Serang", 3, "kecamatan"), ("36.73.01.1002", "Cipare", 4, "kelurahan")]
for code, name, level, kind in rows:
    Region.objects.get_or_create(code=code, defaults=dict(
        name=name, level=level, kind=kind,
        parent_code=code.rsplit(".", 1)[0] if "." in code else "", path=name,
        search_name=f"{name.lower()} {code}"))
Organisation.objects.get_or_create(region_code="36.73", kind="bawaslu_regency", defaults=dict(
    name="Bawaslu Kota Serang", office_code="1.01", registration_label="Kota"))
election, _ = Election.objects.get_or_create(name="Pilkada Kota Serang (uji)", region_code="36.73",
    defaults=dict(kind="pilkada", level="regency", voting_day=date(2030, 11, 27), is_active=True))
print(json.dumps({"election": election.pk}))
"""

CHECK = r"""
import django, json
django.setup()
from django.db.models import Count
from netra.portal.models import Submission
from netra.cases.models import Case
rows = list(Submission.objects.values("receipt_hash", "idempotency_hash", "case_id",
                                      "intake_number"))
ids = [r["case_id"] for r in rows if r["case_id"]]
cases = {c["pk"]: c for c in Case.objects.filter(pk__in=ids)
         .annotate(reporters_n=Count("reporters", distinct=True),
                   persons_n=Count("reported_persons", distinct=True)).values(
         "pk", "intake_number", "reporters_n", "persons_n")}
portal_cases = Case.objects.filter(source="public_portal").count()
print(json.dumps({"submissions": rows, "cases": {str(k): v for k, v in cases.items()},
                  "portal_cases": portal_cases}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "netra.settings.base",
        "NETRA_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "portal-live-server-" + "x" * 40,
        "NETRA_TASKS_INLINE": "true",
        "NETRA_LOG_LEVEL": "WARNING",
        "NETRA_PORTAL_SUBMIT_PER_IP": "1000000,60",
        "NETRA_PORTAL_SUBMIT_PER_SESSION": "1000000,60",
        "NETRA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_DEBUG": "false",
    })
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(env: dict[str, str]) -> dict:
    subprocess.run([sys.executable, "-m", "netra", "migrate", "--no-input", "-v", "0"],
                   env=env, check=True, timeout=900)
    return run_python(SEED, env)


def check(env: dict[str, str]) -> dict:
    return run_python(CHECK, env)


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


def start(env: dict[str, str], *, workers: int = 2, port: int | None = None) -> Server:
    import urllib.request

    port = port or free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "netra.wsgi:application", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "60"],
        env=env, start_new_session=True)
    server = Server(process, port)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(server.url + "/portal/ping/", timeout=2)
            return server
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not answer")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r"data-receipt-code><strong>([A-Z0-9-]+)<")


def report_fields(election_id: int, key: str) -> dict[str, str]:
    return {
        "kind": "report", "election": str(election_id),
        "reporter_name": "Pelapor Uji", "reporter_nik": "3673014508900003",
        "reporter_address": "Jl. Uji 1", "reporter_phone": "081200000000",
        "reporter_email": "", "reporter_type": "citizen",
        "person_name": "Terlapor Uji", "person_position": "Camat",
        "person_agency": "Kecamatan Serang", "person_employment_type": "pns", "person_nip": "",
        "title": "Camat hadir di kampanye", "description": "Uji beban.",
        "incident_date": time.strftime("%Y-%m-%d"), "known_date": time.strftime("%Y-%m-%d"),
        "place_region_code": "36.73.01.1002", "place_address": "", "website": "",
        "idempotency_key": key,
    }
