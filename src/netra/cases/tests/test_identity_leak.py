"""Reporter and witness identity never appears outside its encrypted columns (issue #14, point 1).

Reports are recorded through the web form and the API with distinctive identity values, a witness
is added, the case is walked through steps, edited, viewed and its receipt downloaded, reminders
are mailed; then every table of the database (all columns, raw SQL) and every file under
``NETRA_DATA_DIR`` is dumped, and no 4-character fragment of any identity value may occur outside
the encrypted columns, nor in the e-mails sent, the log records written or the arguments of any
Celery task run.
"""

import io
import json
import logging
import re
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from celery.signals import task_prerun
from cryptography.fernet import Fernet
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from netra.accounts.services import create_api_token
from netra.cases import tasks
from netra.cases.models import Case, CaseDocument, Reporter, Witness
from netra.core import crypto
from netra.elections.models import Election

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2024, 10, 7, 10, 0, tzinfo=JAKARTA)
VALID_NIP = "198503152010011001"

# Distinctive values: no 4-character piece of them occurs in Netra's own data.
WEB_REPORTER = {
    "name": "Zulkarnaen Xylofon",
    "nik": "3273019876543210",
    "phone": "081299887766",
    "email": "xylofon.qwzk@vbnzq.id",
    "address": "Qzvx Kwezyq Wyungu 17",
}
API_REPORTER = {
    "name": "Wqyrzawan Quokkazri",
    "nik": "3273017419638527",
    "phone": "085766441133",
    "email": "quokkazri.zzv@pqxmzq.id",
    "address": "Jlq Tqrvgzly Ozvor 93",
}
WITNESS = {"name": "Oqtavz Gembrotix", "contact": "081377665544"}


def fragments(value: str) -> set[str]:
    """Every 4-character piece of ``value``; inside a run of digits, every 8-digit piece.

    Row ids and sequence values grow without bound on PostgreSQL (sequences are not rolled
    back with a test's transaction), so any 4-digit piece of a NIK or a phone number eventually
    equals some id (a run failed on user 7301 against a NIK ending in 7413). Eight consecutive
    digits of a NIK or phone number are still caught, and a masked tail such as "****7413" is
    caught by ``masked_tails``.
    """
    value = value.lower()
    pieces = set()
    for i in range(len(value) - 3):
        piece = value[i : i + 4]
        if piece.isdigit():
            piece = value[i : i + 8]
            if len(piece) < 8 or not piece.isdigit():
                continue
        pieces.add(piece)
    return pieces - {"    "}


MASK = re.compile(r"[*x\u2022\u00b7.]{2,}[ -]?(\d{3,})")


def masked_tails(text: str, identity: list[str]) -> set[str]:
    """Tails of identity numbers shown behind a mask ("****7413", "xxxx-2299")."""
    numbers = [re.sub(r"\D", "", value) for value in identity]
    return {
        match[1]
        for match in MASK.finditer(text.lower())
        if any(number and number.endswith(match[1]) for number in numbers)
    }


IDENTITY = [*WEB_REPORTER.values(), *API_REPORTER.values(), *WITNESS.values()]
FRAGMENTS = set().union(*(fragments(v) for v in IDENTITY))

# Opaque random values (request ids, hashes, session keys, salts, Fernet tokens), timestamps
# (microseconds of reference rows) and measured durations ("succeeded in 0.006441s"): a 4-digit
# piece of a NIK can occur in them by chance, and none of them can carry a readable identity.
RANDOM_TOKEN = re.compile(
    r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:?\d\d|Z)?"
    r"|\b\d+\.\d{4,}s?\b"
    r"|(?=[0-9a-f]*[a-f])[0-9a-f]{20,}"
    r"|(?=[A-Za-z0-9_\-+/=]*[A-Z])(?=[A-Za-z0-9_\-+/=]*[a-z])(?=[A-Za-z0-9_\-+/=]*[0-9])"
    r"[A-Za-z0-9_\-+/=]{20,}"
)


def leaks(text: str) -> set[str]:
    text = RANDOM_TOKEN.sub(" ", text).lower()
    return {f for f in FRAGMENTS if f in text} | masked_tails(text, IDENTITY)


@pytest.fixture
def world(settings, tmp_path, member, org_factory, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.NETRA_DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    office = org_factory("36.73")
    office.office_code, office.registration_label = "1.01", "Kota"
    office.save(update_fields=["office_code", "registration_label"])
    handler = member("handling_staff", "36.73", org=office)
    handler.email = "handler@netra.test"
    handler.save(update_fields=["email"])
    commissioner = member("commissioner", "36.73", org=office)
    commissioner.email = "commissioner@netra.test"
    commissioner.save(update_fields=["email"])
    election = Election.objects.create(
        name="Pemilu 2024", kind="pemilu", level="national", region_code="",
        voting_day=date(2024, 2, 14),
    )
    return office, handler, commissioner, election


def _web_report(client, office, election) -> Case:
    data = {
        "kind": "report", "election": election.pk, "office": office.pk, "source": "office_desk",
        "title": "Lurah secretary lends an official car",
        "description": "The official car was used at a campaign event.",
        "incident_date": "2024-10-05", "known_date": "2024-10-06",
        "place_region_code": "36.73.01.1002", "place_address": "Jl. Cipare",
        "reporter_name": WEB_REPORTER["name"], "reporter_type": "voter",
        "reporter_nik": WEB_REPORTER["nik"], "reporter_address": WEB_REPORTER["address"],
        "reporter_phone": WEB_REPORTER["phone"], "reporter_email": WEB_REPORTER["email"],
        "persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "1", "persons-MAX_NUM_FORMS": "20",
        "persons-0-employment_type": "pns", "persons-0-position": "Lurah secretary",
        "persons-0-agency": "Kelurahan Cipare", "persons-0-name": "Ahmad Terlapor",
        "persons-0-nip": VALID_NIP,
    }
    response = client.post(reverse("cases:case_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(reporters__isnull=False, title=data["title"])


def _api(client, key, method, path, body=None):
    headers = {"Authorization": f"Bearer {key}"}
    if method == "get":
        return client.get("/api/v1" + path, headers=headers)
    return getattr(client, method)(
        "/api/v1" + path, json.dumps(body or {}), content_type="application/json",
        headers=headers,
    )


def _api_report(key, office, election) -> dict:
    client = Client()
    body = {
        "kind": "report", "election_id": election.pk, "office_id": office.pk,
        "source": "office_desk", "title": "Camat in party clothes on a flyer",
        "description": "A flyer shows the camat wearing party clothes.",
        "known_date": "2024-10-03", "incident_date": "2024-10-01",
        "place_region_code": "36.73.05", "place_address": "Jl. Raya Cipocok",
        "reported_persons": [{"employment_type": "pns", "position": "Camat Cipocok Jaya",
                              "agency": "Pemerintah Kota Serang", "name": "Budi Terlapor"}],
        "reporters": [{**API_REPORTER, "reporter_type": "voter"}],
    }
    response = _api(client, key, "post", "/cases/", body)
    assert response.status_code == 201, response.content
    return response.json()


def _file_text(path) -> str:
    data = path.read_bytes()
    parts = [data.decode("latin-1")]
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        parts += [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    elif data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
    return "\n".join(parts)


def _database_dump() -> dict[str, str]:
    """Every table, every column, as the database holds it, minus the encrypted columns."""
    encrypted = {
        (model._meta.db_table, model._meta.get_field(name).column)
        for model, names in crypto.encrypted_fields() for name in names
    }
    qn = connection.ops.quote_name
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor,
                                                                                      table)]
            cursor.execute(f"SELECT * FROM {qn(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None or (table, column) in encrypted:
                        continue
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    dump.setdefault(f"{table}.{column}", "")
                    dump[f"{table}.{column}"] += f"{value}\n"
    return dump


def _walk(web, key, office, election) -> Case:
    """Intake through the web form and the API, a witness, steps, edits, the case page, the API
    detail, a receipt generated and downloaded."""
    case = _web_report(web, office, election)
    api_case = _api_report(key, office, election)
    response = web.post(reverse("cases:case_witness_add", args=[case.pk]),
                        {**WITNESS, "statement": "Saw the car at the rally."})
    assert response.status_code in (200, 302)
    assert Witness.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    response = web.post(reverse("cases:case_transition", args=[case.pk, "start_check"]),
                        {"version": case.version, "note": "Formal check starts."})
    assert response.status_code in (200, 302)
    case.refresh_from_db()
    assert case.status == "under_check"
    response = web.post(reverse("cases:case_update", args=[case.pk]), {
        "title": "Official car at a campaign event", "description": "Edited description.",
        "incident_date": "2024-10-05", "place_region_code": "36.73.01.1002",
        "place_address": "Jl. Cipare 2", "version": case.version,
    })
    assert response.status_code == 302
    api = Client()
    detail = _api(api, key, "get", f"/cases/{api_case['id']}")
    assert detail.json()["reporters"][0]["name"] == API_REPORTER["name"]
    _api(api, key, "post", f"/cases/{api_case['id']}/transitions/start_check",
         {"version": detail.json()["version"], "note": "Check."})
    _api(api, key, "patch", f"/cases/{api_case['id']}",
         {"title": "Camat on a flyer", "version": detail.json()["version"] + 1})
    page = web.get(reverse("cases:case_detail", args=[case.pk]))
    assert WEB_REPORTER["name"] in page.content.decode()  # the handler does see it
    web.post(reverse("cases:document_generate", args=[case.pk]),
             {"kind": "receipt", "format": "pdf"})
    for document in CaseDocument.objects.filter(case=case):
        web.get(reverse("cases:document_download", args=[document.pk]))
    return case


def test_identity_appears_nowhere_but_in_its_encrypted_columns(
    world, tmp_path, caplog, django_capture_on_commit_callbacks
):
    office, handler, commissioner, election = world
    caplog.set_level(logging.DEBUG)
    web = Client()
    web.force_login(handler)
    _token, key = create_api_token(user=handler, name="leak test")
    payloads = []

    def remember(sender=None, args=None, kwargs=None, **_):
        payloads.append(f"{sender.name} {json.dumps([args, kwargs], default=str)}")

    # Reference text seeded by migrations (catalogues, templates) exists before any identity is
    # typed; a fragment it already held by chance ("wan ", "n qu") is not a leak.
    before = {where: leaks(text) for where, text in _database_dump().items()}
    task_prerun.connect(remember, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _walk(web, key, office, election)
            # Daily reminders and event notifications go out by e-mail.
            tasks.send_deadline_reminders.apply()
    finally:
        task_prerun.disconnect(remember)
    assert mail.outbox  # the commissioner heard about the steps
    assert any("cases.notify_case_event" in p for p in payloads)
    assert Reporter.objects.count() == 2

    found = {}
    for where, text in _database_dump().items():
        if hits := leaks(text) - before.get(where, set()):
            found[f"db {where}"] = hits
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        if hits := leaks(_file_text(path)):
            found[f"file {path.relative_to(tmp_path)}"] = hits
    for number, message in enumerate(mail.outbox):
        if hits := leaks(f"{message.subject}\n{message.body}\n{message.alternatives}"):
            found[f"e-mail {number}"] = hits
    for record in caplog.records:
        if hits := leaks(record.getMessage()):
            found[f"log {record.name}"] = hits
    for number, payload in enumerate(payloads):
        if hits := leaks(payload):
            found[f"task payload {number}"] = hits
    assert found == {}


def test_the_scan_would_see_a_leak():
    """The detector itself: a masked NIK tail, a surname, an e-mail end are all caught."""
    assert leaks('"nik": "********76543210"') == {"76543210"}
    assert leaks("NIK ****3210") == {"3210"}
    assert leaks("reporter 73019876 seen") == {"73019876"}
    assert leaks("Xylofon") == {"xylo", "ylof", "lofo", "ofon"}
    assert leaks("...@pqxmzq.id")
    assert not leaks("request 5d41402abc4b2a76b9719d911017c592 at 2024-10-07 10:00:00.987654")
    # Row ids equal to 4 digits of a NIK are not a leak (PostgreSQL sequences reach them).
    assert not leaks('{"organisation": ["None", "3210"], "id": 3273}')
    assert not leaks("Task cases.notify_case_event succeeded in 0.0076543s: 1")

