"""Nothing readable at rest: every path that stores a file (portal report evidence waiting for
its case, portal message files, case evidence, generated document drafts and finals, uploaded
signed scans, import uploads) writes it encrypted. The storage directory on disk is scanned for
a known NIK marker and for any stretch of each file's plaintext, and neither is found; each file
still reads back, through the storage, as what was stored."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netra.cases import documents
from netra.cases.choices import DocumentKind, DocumentState
from netra.cases.evidence import upload_evidence
from netra.cases.models import Case, CaseDocument
from netra.cases.tests.test_documents import docx_text
from netra.cases.tests.test_documents_of_record import LEGAL_FACTS, _at, violation_ids
from netra.cases.workflow import Status
from netra.core import crypto
from netra.core.storage import read_private_file
from netra.imports.registry import register_importer, unregister_importer
from netra.imports.services import start_import
from netra.imports.tests.conftest import GroupImporter
from netra.portal.models import MessageFile, Submission
from netra.portal.tests.conftest import CommittingClient, form_data
from netra.portal.tests.test_views import jpeg, receipt_code

NIK = "3673019912840007"
MARKER = f"NIK {NIK} Siti Rahasia"


def marker_pdf(text: str = MARKER) -> bytes:
    """A one-page PDF whose (uncompressed) page content states ``text``."""
    content = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def stored_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def windows(data: bytes, size: int = 32) -> list[bytes]:
    """Stretches of ``data`` to look for on disk: its start, middle and end."""
    if len(data) <= size:
        return [data] if data else []
    return [data[:size], data[len(data) // 2:len(data) // 2 + size], data[-size:]]


@pytest.fixture
def w(regions, settings, tmp_path, frozen):
    from netra.cases.tests.factories import build_world

    settings.MEDIA_ROOT = tmp_path / "private"
    settings.LANGUAGE_CODE = "en"
    return build_world()


@pytest.fixture
def frozen():
    import time_machine

    from netra.portal.tests.conftest import MONDAY

    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def groups():
    register_importer(GroupImporter)
    yield
    unregister_importer(GroupImporter.key)


def test_every_stored_file_is_encrypted_on_disk(w, settings, groups):
    media = Path(settings.MEDIA_ROOT)
    pdf = marker_pdf()
    client = CommittingClient()

    # Portal: a report with a photo and a PDF (stashed, then moved into the case), then a
    # message with a file.
    response = client.post("/portal/report/", {
        **form_data(w), "evidence": [jpeg(), SimpleUploadedFile("bukti.pdf", pdf)]})
    assert response.status_code == 200, response.content.decode()[:500]
    code = receipt_code(response)
    submission = Submission.objects.get()
    reporter = CommittingClient()
    assert reporter.post("/portal/status/", {"code": code}).status_code == 302
    reporter.post(f"/portal/status/{submission.pk}/", {
        "body": "Ada dokumen tambahan", "files": [SimpleUploadedFile("tambahan.pdf", pdf)]})
    assert MessageFile.objects.count() == 1

    # Cases: evidence, a generated draft completed and finalised, an uploaded signed scan.
    case = _at(w, Status.LEGAL_STUDY)
    upload_evidence(case=case, actor=w.handler, description="Scan of the NIK",
                    file=SimpleUploadedFile("ktp.pdf", pdf, content_type="application/pdf"))
    draft = documents.generate_document(case=case, actor=w.handler,
                                        kind=DocumentKind.LEGAL_STUDY, fmt="docx")
    client.force_login(w.handler2)
    assert client.post(reverse("cases:document_complete", args=[draft.pk]),
                       {**LEGAL_FACTS, "analysis": f"The camat holds {MARKER}.",
                        "violation_types": violation_ids(case)}).status_code == 302
    assert client.post(reverse("cases:document_finalise", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.state == DocumentState.FINAL
    assert MARKER in docx_text(read_private_file(draft.file))
    clarification = Case.objects.get(pk=_at(w, Status.CLARIFICATION).pk)
    client.force_login(w.handler2)
    assert client.post(reverse("cases:document_upload", args=[clarification.pk]), {
        "kind": DocumentKind.CLARIFICATION_MINUTES, "number": "",
        "file": SimpleUploadedFile("signed.pdf", pdf)}).status_code == 302
    signed = CaseDocument.objects.get(case=clarification, kind=DocumentKind.CLARIFICATION_MINUTES)
    assert signed.state == DocumentState.SIGNED

    # Imports: the uploaded table is kept for the run and for resuming.
    start_import(GroupImporter.key, actor=w.admin,
                 file=SimpleUploadedFile("groups.csv", f"name,city\n{MARKER},Serang\n".encode()))

    files = stored_files(media)
    folders = {name.split("/")[0] + "/" + name.split("/")[1] for name in files}
    assert {"cases/evidence", "cases/documents", "portal/messages"} <= folders
    assert any(name.startswith("imports/") for name in files)
    marker_hits = 0
    for name, raw in files.items():
        assert raw.startswith(crypto.FILE_MAGIC), name
        assert MARKER.encode() not in raw, name
        assert NIK.encode() not in raw, name
        with default_storage.open(name) as handle:
            plain = handle.read()
        assert plain
        assert plain != raw
        marker_hits += MARKER.encode() in plain
        for stretch in windows(plain):
            assert stretch not in raw, name
    # The marker really was in the plaintext of the PDFs, the message file and the import.
    assert marker_hits >= 4
