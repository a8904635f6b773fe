"""The public report form, receipt, status page, messages and the office inbox, over HTTP."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from netra.cases.models import Case
from netra.portal.models import MessageFile, PortalMessage, Submission
from netra.portal.receipts import code_hash

from .conftest import form_data

pytestmark = pytest.mark.django_db


def jpeg(size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    image = Image.new("RGB", size, (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    image.save(buf, "JPEG", exif=exif)
    return SimpleUploadedFile("bukti.jpg", buf.getvalue(), content_type="image/jpeg")


def receipt_code(response) -> str:
    match = re.search(rb"data-receipt-code><strong>([A-Z0-9-]+)</strong>", response.content)
    assert match, response.content.decode()[:2000]
    return match.group(1).decode()


def submit(client, w, **overrides):
    return client.post("/portal/report/", form_data(w, **overrides))


def test_form_renders_without_login(client, w):
    response = client.get("/portal/report/")
    assert response.status_code == 200
    assert b'name="idempotency_key"' in response.content
    assert w.pilkada.name.encode() in response.content


def test_formal_report_opens_a_case_and_shows_the_receipt(client, w):
    response = client.post("/portal/report/", {**form_data(w), "evidence": [jpeg()]})
    assert response.status_code == 200, response.content.decode()[:3000]
    code = receipt_code(response)
    submission = Submission.objects.get()
    assert submission.receipt_hash == code_hash(code)
    assert code.replace("-", "") not in str(Submission.objects.values().get())
    case = Case.objects.get(pk=submission.case_id)
    assert case.kind == "report"
    assert case.office == w.cipocok or case.office.region_code in ("36.73.01", "36.73")
    assert case.evidence.count() == 1
    stored = case.evidence.get().file.read()
    assert b"SecretPhoneMaker" not in stored
    assert case.reporters.count() == 1


def test_double_submit_is_one_report_with_the_same_code(client, w):
    first = submit(client, w)
    second = submit(client, w)
    assert receipt_code(first) == receipt_code(second)
    assert Submission.objects.count() == 1
    assert Case.objects.count() == 1


def test_same_key_other_content_is_refused(client, w):
    submit(client, w)
    response = submit(client, w, title="Something else entirely")
    assert response.status_code == 400
    assert b"already sent with other content" in response.content
    assert Submission.objects.count() == 1


def test_anonymous_is_initial_information_without_identity(client, w):
    response = submit(client, w, kind="initial_info", reporter_name="", reporter_nik="",
                      reporter_address="", reporter_phone="", reporter_email="")
    assert response.status_code == 200
    assert b"anonymous initial information" in response.content
    case = Case.objects.get()
    assert case.kind == "initial_info"
    assert case.reporters.count() == 0


def test_late_report_is_accepted_as_initial_information(client, w):
    response = submit(client, w, incident_date="2024-07-01", known_date="2024-07-02")
    assert response.status_code == 200
    assert b"after the reporting window" in response.content
    submission = Submission.objects.get()
    assert submission.late
    assert submission.recorded_kind == "initial_info"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reporter_nik", "12345", b"exactly 16 digits"),
    ("reporter_nik", "9999014508900003", b"not a regency or city"),
    ("reporter_nik", "3673019913900003", b"not a valid birth date"),
    ("incident_date", "2030-01-01", b"in the future"),
    ("known_date", "2030-01-01", b"in the future"),
    ("reporter_name", "", b"Required for a formal report"),
    ("place_region_code", "36.73", b"at least the district"),
    ("place_region_code", "99.99", b"Choose the place from the list"),
])
def test_refusals_store_nothing(client, w, field, value, message):
    response = submit(client, w, **{field: value})
    assert response.status_code == 400
    assert message in response.content
    assert Submission.objects.count() == 0
    assert Case.objects.count() == 0


def test_disguised_file_is_refused(client, w):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200,
                              content_type="image/jpeg")
    response = client.post("/portal/report/", {**form_data(w), "evidence": [fake]})
    assert response.status_code == 400
    assert b"photo.jpg" in response.content
    assert Submission.objects.count() == 0
    assert Case.objects.count() == 0


def test_oversized_file_is_refused(client, w, settings):
    settings.NETRA_UPLOAD_MAX_BYTES = 1000
    response = client.post("/portal/report/", {**form_data(w), "evidence": [jpeg((400, 400))]})
    assert response.status_code == 400
    assert b"the limit is" in response.content
    assert Submission.objects.count() == 0


def test_too_many_files_are_refused(client, w, settings):
    settings.NETRA_PORTAL_MAX_FILES = 2
    response = client.post("/portal/report/",
                           {**form_data(w), "evidence": [jpeg(), jpeg(), jpeg()]})
    assert response.status_code == 400
    assert b"at most 2 files" in response.content


def test_script_in_fields_is_rendered_inert(client, w):
    response = submit(client, w, title="<script>alert(1)</script>",
                      description="<img src=x onerror=alert(1)>")
    assert response.status_code == 200
    submission = Submission.objects.get()
    client.post(f"/portal/status/{submission.pk}/", {"body": "<script>evil()</script>"})
    staff = client.__class__()
    staff.force_login(w.handler2)
    page = staff.get(f"/portal/inbox/{submission.pk}/")
    assert b"<script>evil()" not in page.content
    assert b"&lt;script&gt;evil()" in page.content
    staff.post(f"/portal/inbox/{submission.pk}/", {"body": "<b onmouseover=x()>hi</b>"})
    status = client.get(f"/portal/status/{submission.pk}/")
    assert b"<b onmouseover" not in status.content
    assert b"&lt;b onmouseover=x()&gt;hi" in status.content
    case_page = staff.get(f"/cases/{submission.case_id}/")
    assert b"<script>alert(1)" not in case_page.content


def test_honeypot_stores_nothing(client, w):
    response = submit(client, w, website="http://spam.example")
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_flood_from_one_address_is_limited(client, w, settings):
    settings.NETRA_PORTAL_SUBMIT_PER_IP = (3, 3600)
    settings.NETRA_PORTAL_SUBMIT_PER_SESSION = (100, 3600)
    codes = [submit(client, w, idempotency_key=f"key-{i:02d}" + "x" * 20).status_code
             for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Submission.objects.count() == 3


def test_status_lookup_message_and_office_reply(client, w):
    code = receipt_code(submit(client, w))
    submission = Submission.objects.get()
    other = client.__class__()
    assert other.get(f"/portal/status/{submission.pk}/").status_code == 404
    response = other.post("/portal/status/", {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    page = other.get(f"/portal/status/{submission.pk}/")
    assert page.status_code == 200
    assert submission.intake_number.encode() in page.content
    other.post(f"/portal/status/{submission.pk}/", {"body": "Ada video tambahan",
                                                     "files": [jpeg()]})
    assert PortalMessage.objects.filter(sender="reporter").count() == 1
    assert MessageFile.objects.count() == 1

    client.force_login(w.handler)
    inbox = client.get("/portal/inbox/")
    assert inbox.status_code == 200
    assert submission.intake_number.encode() in inbox.content
    detail = client.get(f"/portal/inbox/{submission.pk}/")
    assert b"Ada video tambahan" in detail.content
    client.post(f"/portal/inbox/{submission.pk}/", {"body": "Kirim foto lain?",
                                                     "asks_for_more": "on"})
    page = other.get(f"/portal/status/{submission.pk}/")
    assert b"Kirim foto lain?" in page.content
    assert b"asks for more information" in page.content
    file_row = MessageFile.objects.get()
    assert other.get(f"/portal/status/{submission.pk}/files/{file_row.pk}/").status_code == 200
    assert client.get(f"/portal/inbox/files/{file_row.pk}/").status_code == 200


def test_wrong_codes_are_rate_limited(client, w, settings):
    settings.NETRA_PORTAL_LOOKUP_PER_IP = (3, 900)
    code = receipt_code(submit(client, w))
    fresh = client.__class__()
    for _ in range(3):
        assert fresh.post("/portal/status/", {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 400
    assert fresh.post("/portal/status/", {"code": code}).status_code == 429


def test_inbox_is_scoped_to_the_office(client, w):
    submit(client, w)
    submission = Submission.objects.get()
    client.force_login(w.other_handler)  # Kabupaten Serang: another regency
    assert submission.intake_number.encode() not in client.get("/portal/inbox/").content
    assert client.get(f"/portal/inbox/{submission.pk}/").status_code == 404
    client.force_login(w.bkn_officer)
    assert client.get("/portal/inbox/").status_code == 404


def test_anonymous_reporter_reveals_identity(client, w):
    submit(client, w, kind="initial_info", reporter_name="", reporter_nik="",
           reporter_address="", reporter_phone="", reporter_email="")
    submission = Submission.objects.get()
    info = Case.objects.get(pk=submission.case_id)
    assert info.kind == "initial_info"
    response = client.post(f"/portal/status/{submission.pk}/identity/", {
        "name": "Rahmat Tersembunyi", "nik": "3673011203850001", "address": "Jl. Sunyi",
        "phone": "0812000111"})
    assert response.status_code == 302
    # The identity joins the case's reporters through the intake port (encrypted there), and
    # the case's timeline records the step under the portal's channel.
    from netra.cases.models import CaseEvent

    info.refresh_from_db()
    reporter = info.reporters.get()
    assert (reporter.name, reporter.nik, reporter.phone) == (
        "Rahmat Tersembunyi", "3673011203850001", "0812000111")
    event = CaseEvent.objects.get(case=info, transition="reporter_identified")
    assert event.actor is None
    assert event.channel == "public_portal"
    # Within the reporting window the information goes on as a formal report: a new case with
    # its own LP number, raised from the information, with the reporter, the reported person
    # and the evidence; the step is the portal channel's, not a staff member's.
    assert info.status == "continued_as_report"
    report = Case.objects.get(raised_from=info)
    assert (report.kind, report.status, report.source) == ("report", "received", "public_portal")
    assert "/LP/" in report.intake_number
    assert report.intake_number != info.intake_number
    assert report.reporters.get().nik == "3673011203850001"
    assert [p.name for p in report.reported_persons.all()] == [
        p.name for p in info.reported_persons.all()]
    assert report.evidence.count() == info.evidence.count()
    step = CaseEvent.objects.get(case=info, transition="continue_as_report")
    assert (step.actor, step.channel) == (None, "public_portal")
    assert report.intake_number in info.outcome_note
    # The reporter's page now follows the report.
    submission.refresh_from_db()
    assert (submission.case_id, submission.intake_number, submission.recorded_kind) == (
        report.pk, report.intake_number, "report")
    # The thread says so without repeating the identity.
    message = PortalMessage.objects.get(identity_reveal=True)
    assert "Rahmat" not in message.body
    assert report.intake_number in message.body
    assert submission.identity_revealed_at is not None
    status_page = client.get(f"/portal/status/{submission.pk}/").content.decode()
    assert report.intake_number in status_page
    client.force_login(w.handler2)  # reads English
    assert b"gave their identity" in client.get(f"/portal/inbox/{submission.pk}/").content
    page = client.get(f"/cases/{info.pk}/").content.decode()
    assert "Reporter revealed their identity" in page
    assert "Continue as a report" in page  # the timeline names the step
    # Once is enough: a second reveal is refused and adds nothing.
    again = client.post(f"/portal/status/{submission.pk}/identity/", {
        "name": "Orang Lain", "nik": "3673011203850002", "address": "Jl. Lain"})
    assert again.status_code == 400
    assert info.reporters.count() == 1
    assert Case.objects.filter(raised_from=info).count() == 1


def test_identity_revealed_after_the_window_stays_initial_information(client, w):
    # Known on 2 August, revealed on 2 September: the 7-day window of a report has long closed.
    submit(client, w, kind="initial_info", reporter_name="", reporter_nik="",
           reporter_address="", reporter_phone="", reporter_email="",
           incident_date="2024-08-01", known_date="2024-08-02")
    submission = Submission.objects.get()
    response = client.post(f"/portal/status/{submission.pk}/identity/", {
        "name": "Rahmat Tersembunyi", "nik": "3673011203850001", "address": "Jl. Sunyi",
        "phone": "0812000111"})
    assert response.status_code == 302
    info = Case.objects.get(pk=submission.case_id)
    assert (info.kind, info.status) == ("initial_info", "info_received")
    assert info.reporters.count() == 1
    assert not Case.objects.filter(raised_from=info).exists()
    message = PortalMessage.objects.get(identity_reveal=True)
    assert "stays initial information" in message.body
    assert "reporting window has closed" in message.body
    submission.refresh_from_db()
    assert submission.recorded_kind == "initial_info"


def test_identity_revealed_after_the_office_decided_stays_with_that_decision(client, w):
    from netra.cases.services import transition_case

    submit(client, w, kind="initial_info", reporter_name="", reporter_nik="",
           reporter_address="", reporter_phone="", reporter_email="")
    submission = Submission.objects.get()
    info = Case.objects.get(pk=submission.case_id)
    transition_case(case=info, transition="raise_to_finding", actor=w.handler)
    client.post(f"/portal/status/{submission.pk}/identity/", {
        "name": "Rahmat Tersembunyi", "nik": "3673011203850001", "address": "Jl. Sunyi",
        "phone": "0812000111"})
    info.refresh_from_db()
    assert info.status == "raised"
    assert info.reporters.count() == 1
    assert not Case.objects.filter(raised_from=info, kind="report").exists()
    assert "already decided" in PortalMessage.objects.get(identity_reveal=True).body


def test_identity_revealed_before_the_case_is_open_waits_for_the_handler(client, w):
    from netra.portal import services as portal_services

    submit(client, w, kind="initial_info", reporter_name="", reporter_nik="",
           reporter_address="", reporter_phone="", reporter_email="")
    submission = Submission.objects.get()
    submission.case_id = None  # as while the deferred intake has not run yet
    portal_services.reveal_identity(submission=submission, name="Rahmat Tersembunyi",
                                    nik="3673011203850001", address="Jl. Sunyi")
    message = PortalMessage.objects.get(identity_reveal=True)
    assert "Rahmat Tersembunyi" in message.body  # encrypted at rest (the dump test checks)


def test_the_port_refuses_a_record_that_is_not_the_cases_source(w):
    from netra.cases.intake import ReporterInput, add_reporter_from_source
    from netra.cases.tests.factories import open_finding
    from netra.core.exceptions import OutOfScope

    case = open_finding(w)
    with pytest.raises(OutOfScope):
        add_reporter_from_source(case_id=case.pk, source_object=w.handler,
                                 reporter=ReporterInput(name="Siapa Saja"))
    assert not case.reporters.exists()


def test_receipt_pdf_on_demand(client, w):
    code = receipt_code(submit(client, w))
    response = client.post("/portal/receipt.pdf", {"code": code})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.post("/portal/receipt.pdf", {"code": "AAAABBBBCCCCDDDD"}).status_code == 404


def test_transparency_suppresses_small_counts(client, w, settings):
    settings.NETRA_PUBLIC_MIN_COUNT = 2
    for i in range(3):
        submit(client, w, idempotency_key=f"transparency-{i}" + "x" * 16)
    submit(client, w, idempotency_key="depok" + "x" * 20, place_region_code="36.73.05.1001",
           election=str(w.pemilu.pk))
    response = client.get("/portal/transparency/")
    assert response.status_code == 200
    assert b"fewer than 2" in response.content
    assert b"Budi Terlapor" not in response.content
    assert b"Dewi" not in response.content


def test_transparency_counts_reports_by_violation_category(client, w, settings):
    """Once the office classifies a case, the public page counts it under its category (no
    names); unclassified ones are counted as such; small counts stay suppressed."""
    from netra.cases.models import Case

    settings.NETRA_PUBLIC_MIN_COUNT = 2
    for i in range(3):
        submit(client, w, idempotency_key=f"category-{i}" + "x" * 18)
    case_ids = list(Submission.objects.values_list("case_id", flat=True))
    Case.objects.filter(pk__in=case_ids[:2]).update(category="non_stage_asn")
    response = client.get("/portal/transparency/")
    table = {t.key: t for t, _chart in response.context["tables"]}["category"]
    counts = {row.label: row.count for row in table.rows}
    assert counts == {"Non-stage supervision (ASN neutrality)": 2, "Not yet classified": None}
    assert b"Budi Terlapor" not in response.content
