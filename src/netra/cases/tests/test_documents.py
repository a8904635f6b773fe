"""Generated documents: every kind in PDF and DOCX, the privacy of the status announcement,
administrator-edited templates, access rules for downloads."""

import hashlib
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from pypdf import PdfReader

from netra.cases import documents as service
from netra.cases.choices import CaseKind, DocumentKind, DocumentState
from netra.cases.models import CaseDocument
from netra.cases.services import ReporterInput
from netra.cases.workflow import Status
from netra.core.exceptions import OutOfScope
from netra.core.storage import read_private_file
from netra.documents.models import DocumentTemplate

from .factories import advance, build_world, open_finding

REPORTER = "Siti Rahmawati"
REPORTED = "Ahmad Sulaiman"  # the name factories.pns() gives the reported camat


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(regions):
    return build_world()


def open_report(world, **kw):
    reporter = ReporterInput(name=REPORTER, nik="3673014101900001", address="Jl. Veteran 1",
                             phone="081234567890", email="siti@example.org")
    return open_finding(world, kind=CaseKind.REPORT, reporters=[reporter], **kw)


@pytest.fixture
def forwarded(world):
    """A report decided as a violation and recommended to the civil-service body."""
    return advance(open_report(world), world, Status.FORWARDED)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(p.text for p in document.sections[0].footer.paragraphs)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def data_of(document: CaseDocument, user=None) -> bytes:
    """What a download serves: the stored file, or an on-demand rendering (for the author)."""
    return service.document_content(user=user or document.added_by, document=document)


def text_of(document: CaseDocument, user=None) -> str:
    data = data_of(document, user)
    return pdf_text(data) if document.original_name.endswith(".pdf") else docx_text(data)


@pytest.mark.django_db
class TestGenerate:
    @pytest.mark.parametrize("kind", service.GENERATED_KINDS)
    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_every_kind_in_both_formats(self, media, world, forwarded, kind, fmt):
        document = service.generate_document(case=forwarded, actor=world.handler, kind=kind,
                                             fmt=fmt)

        data = data_of(document)
        assert document.generated is True
        assert document.kind == kind
        assert document.size == len(data)
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        if kind in service.ON_DEMAND_KINDS:  # may name the reporter: rendered for each download
            assert not document.file
        else:
            assert Path(document.file.path).is_relative_to(Path(media))
        assert document.added_by == world.handler
        if fmt == "pdf":
            assert data.startswith(b"%PDF")
            assert document.content_type == "application/pdf"
            text = pdf_text(data).replace("\n", "")
        else:
            assert document.content_type == service.DOCX_MIME
            text = docx_text(data)
        assert forwarded.registration_number in text
        assert document.original_name.endswith(f".{fmt}")

    def test_docx_keeps_headings_and_tables(self, media, world, forwarded):
        document = service.generate_document(case=forwarded, actor=world.handler,
                                             kind=DocumentKind.LEGAL_STUDY, fmt="docx")
        docx = Document(io.BytesIO(read_private_file(document.file)))
        headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
        assert "KAJIAN DUGAAN PELANGGARAN" in headings
        assert any(h.startswith("II.") for h in headings)
        assert docx.tables  # facts and the reported persons
        person_rows = [[c.text for c in row.cells] for row in docx.tables[1].rows]
        assert person_rows[0][:2] == ["No.", "Nama"]
        assert REPORTED in person_rows[1]
        assert forwarded.registration_number in docx.sections[0].footer.paragraphs[0].text

    def test_dates_are_written_in_indonesian(self, media, world):
        case = open_report(world, known_date=date(2024, 11, 25), incident_date=date(2024, 11, 24),
                           received_at=datetime(2024, 11, 26, 9,
                                                tzinfo=timezone.get_current_timezone()))
        document = service.generate_document(case=case, actor=world.handler,
                                             kind=DocumentKind.RECEIPT, fmt="docx")
        text = text_of(document)
        assert "24 November 2024" in text
        assert "25 November 2024" in text
        # The receipt is addressed to the reporter: it names them (the actor may see them).
        assert REPORTER in text

    def test_receipt_omits_the_reporter_for_someone_who_may_not_see_them(self, media, world):
        # The city office's handler may change a Panwascam case but is not its handling office,
        # so the identity policy (cases.identity) keeps the reporter from them.
        case = open_report(world, actor=world.supervisor, office=world.cipocok)
        document = service.generate_document(case=case, actor=world.handler,
                                             kind=DocumentKind.RECEIPT, fmt="docx")
        assert REPORTER not in text_of(document)
        assert REPORTER in text_of(document, user=world.supervisor)

    def test_refusals(self, media, world, forwarded):
        files_before = sorted(Path(media).rglob("*"))
        documents_before = CaseDocument.objects.count()
        with pytest.raises(OutOfScope):
            service.generate_document(case=forwarded, actor=world.other_handler,
                                      kind=DocumentKind.RECEIPT, fmt="pdf")
        with pytest.raises(OutOfScope):  # sees the case, may not change it
            service.generate_document(case=forwarded, actor=world.analyst,
                                      kind=DocumentKind.RECEIPT, fmt="pdf")
        with pytest.raises(ValidationError) as refused:
            service.generate_document(case=forwarded, actor=world.handler, kind="other",
                                      fmt="pdf")
        assert "kind" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            service.generate_document(case=forwarded, actor=world.handler,
                                      kind=DocumentKind.RECEIPT, fmt="odt")
        assert "fmt" in refused.value.message_dict
        assert CaseDocument.objects.count() == documents_before
        assert sorted(Path(media).rglob("*")) == files_before

    def test_no_active_template_is_a_clear_message(self, media, world, forwarded):
        DocumentTemplate.objects.filter(key=service.template_key(DocumentKind.RECEIPT)).update(
            is_active=False)
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            service.generate_document(case=forwarded, actor=world.handler,
                                      kind=DocumentKind.RECEIPT, fmt="pdf")
        assert "No active template exists" in refused.value.message_dict["kind"][0]

    def test_users_language_first_then_indonesian(self, media, world, forwarded):
        # handler2 uses English; no English template exists yet → the Indonesian one.
        first = service.generate_document(case=forwarded, actor=world.handler2,
                                          kind=DocumentKind.RECEIPT, fmt="docx")
        assert "TANDA BUKTI PENERIMAAN LAPORAN" in text_of(first)
        DocumentTemplate.objects.create(
            key=service.template_key(DocumentKind.RECEIPT), language="en",
            title="Receipt of report",
            body="<h1>RECEIPT OF REPORT</h1><p>{{ case.intake_number }} received on "
                 "{{ case.received_date }}</p>",
            valid_from=date(2020, 1, 1),
        )
        second = service.generate_document(case=forwarded, actor=world.handler2,
                                           kind=DocumentKind.RECEIPT, fmt="docx")
        assert "RECEIPT OF REPORT" in text_of(second)
        assert second.original_name.startswith("receipt-of-report")

    def test_newest_template_in_force_wins(self, media, world, forwarded):
        DocumentTemplate.objects.create(
            key=service.template_key(DocumentKind.RECEIPT), language="id", title="Tanda Terima",
            body="<p>Versi baru {{ case.number }}</p>", valid_from=date(2023, 1, 1),
        )
        DocumentTemplate.objects.create(
            key=service.template_key(DocumentKind.RECEIPT), language="id", title="Tanda Terima",
            body="<p>Versi masa depan</p>", valid_from=date(2999, 1, 1),
        )
        document = service.generate_document(case=forwarded, actor=world.handler,
                                             kind=DocumentKind.RECEIPT, fmt="docx")
        assert "Versi baru" in text_of(document)

    def test_template_cannot_fetch_resources_into_the_pdf(self, media, world, forwarded):
        DocumentTemplate.objects.create(
            key=service.template_key(DocumentKind.RECEIPT), language="id", title="Tanda Terima",
            body='<p>Isi</p><img src="/etc/passwd"><img src="http://169.254.169.254/x">',
            valid_from=date(2023, 1, 1),
        )
        document = service.generate_document(case=forwarded, actor=world.handler,
                                             kind=DocumentKind.RECEIPT, fmt="pdf")
        assert "root:" not in text_of(document)


@pytest.mark.django_db
class TestStatusAnnouncement:
    def _announcement_case(self, world):
        case = open_report(
            world,
            title=f"{REPORTED} in party clothes on a flyer",
            description=f"Reported by {REPORTER}: {REPORTED} appeared beside the candidate.",
        )
        return advance(case, world, Status.FORWARDED)

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_contains_neither_the_reporter_nor_any_reported_name(self, media, world, fmt):
        case = self._announcement_case(world)
        document = service.generate_document(case=case, actor=world.handler,
                                             kind=DocumentKind.STATUS_ANNOUNCEMENT, fmt=fmt)
        text = text_of(document)
        flat = " ".join(text.split())
        for name in (REPORTER, REPORTED, "Siti", "Rahmawati", "Sulaiman", "3673014101900001",
                     "198503102010011003", "Jl. Veteran"):
            assert name not in flat, name
        assert "Camat Cipocok Jaya" in flat  # the position is published
        assert case.registration_number in text.replace("\n", "")

    def test_even_a_template_that_asks_for_names_gets_none(self, media, world):
        case = self._announcement_case(world)
        DocumentTemplate.objects.create(
            key=service.template_key(DocumentKind.STATUS_ANNOUNCEMENT), language="id",
            title="Pengumuman",
            body=(
                "<p>{{ reporters }} {% for r in reporters %}{{ r.name }}{% endfor %}</p>"
                "<p>{{ witnesses }} {{ case.description }} {{ decision.note }}</p>"
                "<p>{% for p in reported_persons %}{{ p.name }} {{ p.nip }} {{ p.position }}"
                "{% endfor %}</p><p>{{ case.title }}</p>"
            ),
            valid_from=date(2023, 1, 1),
        )
        document = service.generate_document(case=case, actor=world.handler,
                                             kind=DocumentKind.STATUS_ANNOUNCEMENT, fmt="docx")
        text = text_of(document)
        for name in (REPORTER, REPORTED, "Siti", "Sulaiman", "198503102010011003"):
            assert name not in text, name
        assert "*** in party clothes on a flyer" in text
        assert "Camat Cipocok Jaya" in text

    def test_context_is_built_without_identities(self, world):
        case = self._announcement_case(world)
        context = service.build_context(case, kind=DocumentKind.STATUS_ANNOUNCEMENT,
                                        actor=world.handler, on=date(2024, 4, 1))
        dumped = json.dumps(context)
        assert "reporters" not in context
        assert "witnesses" not in context
        assert "description" not in context["case"]
        assert all(set(p) == {"position", "agency", "employment_type", "employment_type_code"}
                   for p in context["reported_persons"])
        for name in (REPORTER, REPORTED, "Siti", "Sulaiman"):
            assert name not in dumped


@pytest.mark.django_db
class TestTemplates:
    @pytest.mark.parametrize(
        "body",
        [
            "{% if %}x{% endif %}",
            "{% for p in %}{% endfor %}",
            "{{ case.number|nosuchfilter }}",
            "{% load nosuchlibrary %}",
            "{% block a %}{% endblock %}{% block a %}{% endblock %}",
            "{% include 'cases/case_detail.html' %}",
            "{% debug %}",
        ],
    )
    def test_a_broken_template_is_refused_at_save(self, body):
        template = DocumentTemplate(key=service.template_key(DocumentKind.RECEIPT),
                                    language="id", title="Rusak", body=body,
                                    valid_from=date(2024, 1, 1))
        with pytest.raises(ValidationError) as refused:
            template.full_clean()
        assert "body" in refused.value.message_dict
        assert refused.value.message_dict["body"][0]

    def test_a_valid_template_passes(self):
        template = DocumentTemplate(
            key=service.template_key(DocumentKind.RECEIPT), language="id", title="Baik",
            body="{% load i18n %}<p>{{ case.number }} {% for p in reported_persons %}"
                 "{{ p.position }}{% endfor %}</p>",
            valid_from=date(2024, 1, 1),
        )
        template.full_clean()

    def test_seeded_templates_cover_every_generated_kind(self):
        seeded = set(DocumentTemplate.objects.filter(language="id", is_active=True)
                     .values_list("key", flat=True))
        assert seeded >= {service.template_key(kind) for kind in service.GENERATED_KINDS}
        for template in DocumentTemplate.objects.all():
            template.full_clean()

    def test_admin_shows_the_syntax_error_next_to_the_body(self, admin_client):
        url = reverse("admin:documents_documenttemplate_add")
        assert admin_client.get(url).status_code == 200
        response = admin_client.post(url, {
            "key": service.template_key(DocumentKind.RECEIPT), "language": "id", "title": "Rusak",
            "body": "{% if %}", "valid_from": "2024-01-01", "is_active": "on",
        })
        assert response.status_code == 200
        assert "body" in response.context["adminform"].form.errors
        assert not DocumentTemplate.objects.filter(title="Rusak").exists()
        response = admin_client.post(url, {
            "key": service.template_key(DocumentKind.RECEIPT), "language": "en",
            "title": "Receipt",
            "body": "<p>{{ case.number }}</p>", "valid_from": "2024-01-01", "is_active": "on",
        })
        assert response.status_code == 302
        assert DocumentTemplate.objects.filter(title="Receipt").exists()

    def test_admin_lists_case_records_read_only(self, admin_client, media, world, forwarded):
        changelist = admin_client.get(reverse("admin:cases_case_changelist"))
        assert changelist.status_code == 200
        assert forwarded.registration_number in changelist.content.decode()
        page = admin_client.get(reverse("admin:cases_case_change", args=[forwarded.pk]))
        assert page.status_code == 200
        assert admin_client.get(reverse("admin:cases_case_add")).status_code == 403
        assert admin_client.post(reverse("admin:cases_case_delete", args=[forwarded.pk]),
                                 {"post": "yes"}).status_code == 403
        for name in ("evidence", "casedocument", "recommendation", "caseevent",
                     "reportedperson", "sanction"):
            assert admin_client.get(reverse(f"admin:cases_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse("admin:documents_documenttemplate_changelist")) \
            .status_code == 200


@pytest.mark.django_db
class TestHttp:
    def test_generate_and_download(self, client, media, world, forwarded):
        client.force_login(world.handler)
        response = client.post(reverse("cases:document_generate", args=[forwarded.pk]),
                               {"kind": DocumentKind.RECOMMENDATION_LETTER, "format": "pdf"})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:case_detail", args=[forwarded.pk])
        document = CaseDocument.objects.filter(case=forwarded, generated=True,
                                               state=DocumentState.DRAFT).get()

        response = client.get(reverse("cases:document_download", args=[document.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert hashlib.sha256(body).hexdigest() == document.sha256
        entry = LogEntry.objects.get_for_object(document).get(action=LogEntry.Action.ACCESS)
        assert entry.actor == world.handler

    def test_generate_refusals(self, client, media, world, forwarded):
        documents_before = CaseDocument.objects.count()
        client.force_login(world.other_handler)
        url = reverse("cases:document_generate", args=[forwarded.pk])
        assert client.post(url, {"kind": DocumentKind.RECEIPT, "format": "pdf"}).status_code \
            == 404
        client.force_login(world.analyst)
        assert client.post(url, {"kind": DocumentKind.RECEIPT, "format": "pdf"}).status_code \
            == 404
        client.force_login(world.handler)
        response = client.post(url, {"kind": DocumentKind.OTHER, "format": "pdf"},
                               headers={"HX-Request": "true"})
        assert response.status_code == 400
        assert client.get(url).status_code == 405
        assert CaseDocument.objects.count() == documents_before

    def test_recipient_body_gets_the_letter_but_not_the_reporter_documents(
            self, client, media, world, forwarded):
        # The letter sent with the recommendation (issue #15.2); another generated draft of a
        # letter stays with the office.
        letter = forwarded.recommendations.get().letter
        draft = service.generate_document(case=forwarded, actor=world.handler,
                                          kind=DocumentKind.RECOMMENDATION_LETTER, fmt="pdf")
        receipt = service.generate_document(case=forwarded, actor=world.handler,
                                            kind=DocumentKind.RECEIPT, fmt="pdf")
        officer = world.officer_of(forwarded.recommendations.get().recipient)
        assert client.get(reverse("cases:document_download", args=[draft.pk])).status_code \
            == 302  # not logged in yet
        client.force_login(officer)
        assert client.get(reverse("cases:document_download", args=[draft.pk])).status_code \
            == 404
        client.force_login(officer)
        assert client.get(reverse("cases:document_download", args=[letter.pk])).status_code \
            == 200
        assert client.get(reverse("cases:document_download", args=[receipt.pk])).status_code \
            == 404
        listed = list(service.document_list(user=officer, case=forwarded))
        assert letter in listed
        assert receipt not in listed
        assert not {d.kind for d in listed} & service.IDENTITY_KINDS
        handler_list = list(service.document_list(user=world.handler, case=forwarded))
        assert receipt in handler_list
        assert letter in handler_list
        # Out of scope entirely.
        for user in (world.other_handler, world.kpu_officer, world.analyst):
            client.force_login(user)
            assert client.get(reverse("cases:document_download", args=[letter.pk])) \
                .status_code == 404


def _readable_texts(path: Path) -> list[str]:
    """A stored file's bytes as text, and the text inside it when it is a ZIP (DOCX) or a PDF
    (compressed streams would otherwise hide a name from a plain byte search)."""
    data = path.read_bytes()
    texts = [data.decode("utf-8", "ignore")]
    if data.startswith(b"PK"):
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(n).decode("utf-8", "ignore") for n in archive.namelist()]
    if data.startswith(b"%PDF"):
        texts.append(pdf_text(data))
    return texts


@pytest.mark.django_db
class TestIdentityDocumentsAreNotStored:
    @pytest.mark.parametrize("kind", sorted(service.ON_DEMAND_KINDS))
    def test_no_stored_file_holds_the_reporters_name(self, settings, tmp_path, world, kind):
        settings.DATA_DIR = settings.NETRA_DATA_DIR = tmp_path
        settings.MEDIA_ROOT = tmp_path / "private"
        case = advance(open_report(world), world, Status.FORWARDED)
        kept_before = [p for p in tmp_path.rglob("*") if p.suffix in (".pdf", ".docx")]
        documents = [
            service.generate_document(case=case, actor=world.handler, kind=k, fmt=fmt)
            for k in (kind, DocumentKind.RECOMMENDATION_LETTER) for fmt in ("pdf", "docx")
        ]
        if kind == DocumentKind.RECEIPT:  # the rendering names the reporter (handler sees them)…
            assert REPORTER in " ".join(text_of(documents[0]).split())
        # …but nothing under the data directory does; only non-identity documents are files.
        stored = [p for p in tmp_path.rglob("*") if p.is_file()]
        kept = [p for p in stored if p.suffix in (".pdf", ".docx")]
        assert len(kept) - len(kept_before) == 2, stored
        for path in stored:
            for text in _readable_texts(path):
                assert "Rahmawati" not in text, path
        receipt = CaseDocument.objects.get(pk=documents[0].pk)
        assert not receipt.file
        assert receipt.added_by == world.handler
        assert len(receipt.sha256) == 64

    def test_download_renders_again_and_audits_what_was_served(self, client, media, world,
                                                               forwarded):
        pdfs_before = set(Path(media).rglob("*.pdf"))
        receipt = service.generate_document(case=forwarded, actor=world.handler,
                                            kind=DocumentKind.RECEIPT, fmt="pdf")
        client.force_login(world.handler2)  # a colleague, English interface
        response = client.get(reverse("cases:document_download", args=[receipt.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"
        body = b"".join(response.streaming_content)
        assert REPORTER in " ".join(pdf_text(body).split())
        assert "TANDA BUKTI PENERIMAAN LAPORAN" in pdf_text(body)  # the author's template
        entry = LogEntry.objects.get_for_object(receipt).get(action=LogEntry.Action.ACCESS)
        assert entry.actor == world.handler2
        assert entry.changes_dict["sha256"] == [receipt.sha256, hashlib.sha256(body).hexdigest()]
        assert set(Path(media).rglob("*.pdf")) == pdfs_before

    def test_demo_data_keeps_no_identity_file(self, media, world):
        # The demo keeps its generated documents of record with records.record_demo_document.
        from netra.cases.services import records

        case = open_report(world)
        records.record_demo_document(case, DocumentKind.CLARIFICATION_MINUTES, None,
                                     world.handler)
        document = case.documents.get(kind=DocumentKind.CLARIFICATION_MINUTES)
        assert document.generated
        assert document.state == DocumentState.FINAL
        assert not document.file
        assert not [p for p in Path(media).rglob("*") if p.is_file()]
