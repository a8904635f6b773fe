"""Case steps reach the reporter's page (and e-mail); reporter identity typed into the portal
appears nowhere but in encrypted columns (the dump test of ``cases`` extended to the portal)."""

import logging
import re

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.test import Client

from netra.cases import services as case_services
from netra.cases.models import Case
from netra.cases.tests.test_identity_leak import (
    RANDOM_TOKEN,
    _database_dump,
    _file_text,
    fragments,
    masked_tails,
)
from netra.portal.models import PortalMessage, Submission

from .conftest import CommittingClient, form_data

pytestmark = pytest.mark.django_db

PORTAL_REPORTER = {
    "reporter_name": "Qxyzwek Zembluq",
    "reporter_nik": "3673017112887413",
    "reporter_address": "Jlq Xywvoq Pzrqq 41",
    "reporter_phone": "081366552299",
    "reporter_email": "zembluq.vqx@qzvxw.id",
}
REVEALED = {"name": "Ywqzhx Qoxtrivqn", "nik": "3673010703796528",
            "address": "Gqz Wvoxyq Mzzt 8", "phone": "085233117744"}


IDENTITY = [*PORTAL_REPORTER.values(), *REVEALED.values()]
FRAGMENTS = set().union(*(fragments(v) for v in IDENTITY))


def leaks(text: str) -> set[str]:
    text = RANDOM_TOKEN.sub(" ", text).lower()
    return {f for f in FRAGMENTS if f in text} | masked_tails(text, IDENTITY)


def _code(response) -> str:
    return re.search(rb"data-receipt-code><strong>([A-Z0-9-]+)<", response.content)[1].decode()


def test_case_step_becomes_a_notice_and_an_email(w, django_capture_on_commit_callbacks):
    client = CommittingClient()
    client.post("/portal/report/", form_data(w, notify="on"))
    submission = Submission.objects.get()
    case = Case.objects.get(pk=submission.case_id)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.transition_case(case=case, transition="start_check", actor=w.handler)
    submission.refresh_from_db()
    assert submission.status == "in_handling"
    assert submission.case_status == "under_check"
    notice = PortalMessage.objects.get(sender="system")
    assert submission.case_status_label in notice.body
    page = client.get(f"/portal/status/{submission.pk}/")
    assert submission.case_status_label.encode() in page.content
    notices = [m for m in mail.outbox if m.to == ["dewi.rahasia@example.id"]]
    assert len(notices) == 1
    assert "Dewi" not in notices[0].body


def test_other_sources_are_ignored(w, django_capture_on_commit_callbacks):
    from netra.cases.tests.factories import open_finding

    with django_capture_on_commit_callbacks(execute=True):
        case = open_finding(w)
        case_services.transition_case(case=case, transition="start_check", actor=w.handler)
    assert PortalMessage.objects.count() == 0


def test_portal_identity_appears_nowhere_but_encrypted(
    w, settings, tmp_path, caplog, django_capture_on_commit_callbacks
):
    settings.NETRA_DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    caplog.set_level(logging.DEBUG)
    client = CommittingClient()
    formal = client.post("/portal/report/", form_data(
        w, **PORTAL_REPORTER, notify="on", idempotency_key="leak-formal" + "x" * 20))
    code = _code(formal)
    client.post("/portal/receipt.pdf", {"code": code})
    client.post("/portal/report/", form_data(
        w, kind="initial_info", reporter_name="", reporter_nik="", reporter_address="",
        reporter_phone="", reporter_email="", idempotency_key="leak-anon" + "x" * 20))
    anon = Submission.objects.get(requested_kind="initial_info")
    client.post(f"/portal/status/{anon.pk}/identity/", REVEALED)
    with django_capture_on_commit_callbacks(execute=True):
        staff = Client()
        staff.force_login(w.handler)
        for row in Submission.objects.all():
            staff.get(f"/portal/inbox/{row.pk}/")
            staff.post(f"/portal/inbox/{row.pk}/", {"body": "Terima kasih."})
            case = Case.objects.get(pk=row.case_id)
            if case.kind == "report":
                case_services.transition_case(case=case, transition="start_check", actor=w.handler)
    assert PortalMessage.objects.filter(identity_reveal=True).count() == 1
    assert mail.outbox
    found = {}
    for where, text in _database_dump().items():
        if hits := leaks(text):
            found[f"db {where}"] = hits
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        if hits := leaks(_file_text(path)):
            found[f"file {path}"] = hits
    for number, message in enumerate(mail.outbox):
        if hits := leaks(f"{message.subject}\n{message.body}"):
            found[f"e-mail {number}"] = hits
    for record in caplog.records:
        if hits := leaks(record.getMessage()):
            found[f"log {record.name}"] = hits
    assert found == {}
