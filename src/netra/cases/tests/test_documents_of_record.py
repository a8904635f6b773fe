"""Documents of record (issue #15.1): a generated draft counts for nothing until it is completed
and finalised (numbered, locked, hashed); an uploaded signed scan counts; the workflow guards
accept only those, and a legal study that names no violation form cannot carry a case to the
plenary."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from netra.cases import documents
from netra.cases.choices import DocumentKind, DocumentState
from netra.cases.models import Case, CaseDocument, DocumentCounter
from netra.cases.services import records
from netra.cases.workflow import Status
from netra.core.storage import read_private_file
from netra.documents.placeholders import find_placeholders

from .factories import advance, classify, open_finding
from .test_documents import docx_text

pytestmark = pytest.mark.usefixtures("english_private_media")

LEGAL_FACTS = {"legal_basis": "Pasal 280 ayat (2) huruf f UU 7/2017",
               "analysis": "The camat wore party clothes on a campaign flyer.",
               "conclusion": "The reported person breached neutrality."}


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return out.getvalue()


def violation_ids(case: Case) -> list[int]:
    return list(case.violation_types.values_list("pk", flat=True))


def plenary_facts(w) -> dict:
    return {"decision": "violation", "commissioner_ids": [w.commissioner.pk],
            "held_on": "2024-09-02", "notes": ""}


def clarification_facts() -> dict:
    return {"clarified": "Camat Taktakan, reported person", "clarified_on": "2024-09-02",
            "place": "Kantor Bawaslu Kota Serang", "summary": "He confirmed the photograph."}


def facts_for(kind: str, case: Case, w) -> dict:
    if kind == DocumentKind.LEGAL_STUDY:
        return {**LEGAL_FACTS, "violation_type_ids": violation_ids(case)}
    if kind == DocumentKind.PLENARY_MINUTES:
        return plenary_facts(w)
    return clarification_facts()


def transition(client, case: Case, name: str, user):
    client.force_login(user)
    case.refresh_from_db()
    return client.post(reverse("cases:case_transition", args=[case.pk, name]),
                       {"note": "", "version": case.version})


def upload(client, case: Case, user, *, kind: str, data: bytes, name: str,
           violations=(), number: str = "", htmx: bool = False):
    client.force_login(user)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, data), "number": number,
         "violation_types": list(violations)},
        **headers,
    )


# --- Placeholder detection -----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Nama: ……………", "Nama: ......", "Tanggal: ___", "Yth. [nama pejabat]", "{{ case.number }}",
    "{% if x %}", "Analysis: TODO", "todo later",
])
def test_placeholders_are_found(text):
    assert find_placeholders(text)


@pytest.mark.parametrize("text", [
    "Pasal 280 ayat (2) huruf f UU 7/2017.", "Terbukti merupakan pelanggaran.", "Ayat (1)-(3)",
    "", "Todos los santos",
])
def test_complete_text_has_no_placeholder(text):
    assert find_placeholders(text) == []


def test_placeholder_excerpt_shows_where_it_is():
    found = find_placeholders("I. Kasus posisi\nV. Analisis ……\nVI. Kesimpulan selesai")
    assert len(found) == 1
    assert "Analisis ……" in found[0]


# --- Guards, through the case page's step buttons ------------------------------------------
# (HTTP tests act as ``handler2`` and the commissioner, who read English; ``handler`` reads
# Indonesian.)

GUARDED = [
    # step, status before, kind it needs, who takes the step
    ("start_legal_study", Status.CLARIFICATION, DocumentKind.CLARIFICATION_MINUTES, "handler2"),
    ("submit_to_plenary", Status.LEGAL_STUDY, DocumentKind.LEGAL_STUDY, "handler2"),
    ("decide_violation", Status.PLENARY, DocumentKind.PLENARY_MINUTES, "commissioner"),
]


def _at(w, status) -> Case:
    case = advance(open_finding(w), w, status)
    if not case.violation_types.exists():
        classify(case, w.handler)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(("name", "status", "kind", "who"), GUARDED, ids=[g[0] for g in GUARDED])
class TestGuards:
    def test_blank_none_is_refused(self, client, w, name, status, kind, who):
        case = _at(w, status)
        response = transition(client, case, name, getattr(w, who))
        assert response.status_code == 409
        assert "first: upload the signed scan, or generate it" in response.content.decode()
        case.refresh_from_db()
        assert case.status == status

    def test_draft_is_refused(self, client, w, name, status, kind, who):
        case = _at(w, status)
        draft = documents.generate_document(case=case, actor=w.handler, kind=kind, fmt="docx")
        # even a completed draft: it is not of record until finalised
        records.complete_draft(document=draft, actor=w.handler, facts=facts_for(kind, case, w))
        response = transition(client, case, name, getattr(w, who))
        assert response.status_code == 409
        assert "Only a draft of the" in response.content.decode()
        case.refresh_from_db()
        assert case.status == status

    def test_finalised_passes(self, client, w, name, status, kind, who):
        case = _at(w, status)
        final = records.record_demo_document(case, kind, facts_for(kind, case, w), w.handler)
        assert final.state == DocumentState.FINAL
        response = transition(client, case, name, getattr(w, who))
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status != status

    def test_uploaded_signed_passes(self, client, w, name, status, kind, who):
        case = _at(w, status)
        violations = violation_ids(case) if kind == DocumentKind.LEGAL_STUDY else []
        response = upload(client, case, w.handler2, kind=kind, data=pdf_bytes(),
                          name="signed.pdf", violations=violations)
        assert response.status_code == 302
        signed = case.documents.get(kind=kind)
        assert signed.state == DocumentState.SIGNED
        assert signed.generated is False
        response = transition(client, case, name, getattr(w, who))
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status != status


def test_a_legal_study_naming_no_violation_form_cannot_reach_the_plenary(client, w):
    case = _at(w, Status.LEGAL_STUDY)
    response = upload(client, case, w.handler2, kind=DocumentKind.LEGAL_STUDY,
                      data=pdf_bytes(), name="kajian.pdf")
    assert response.status_code == 302
    response = transition(client, case, "submit_to_plenary", w.handler2)
    assert response.status_code == 409
    assert "names no violation form" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.LEGAL_STUDY


def test_refusal_is_in_indonesian_for_an_indonesian_user(client, w):
    case = _at(w, Status.CLARIFICATION)
    w.handler.language = "id"
    w.handler.save(update_fields=["language"])
    client.cookies.load({"django_language": "id"})
    response = transition(client, case, "start_legal_study", w.handler)
    assert response.status_code == 409
    assert "berita acara klarifikasi" in response.content.decode().lower()


# --- Completing and finalising ---------------------------------------------------------------


def test_complete_then_finalise_over_http(client, w):
    case = _at(w, Status.LEGAL_STUDY)
    draft = documents.generate_document(case=case, actor=w.handler,
                                        kind=DocumentKind.LEGAL_STUDY, fmt="docx")
    client.force_login(w.handler2)
    url = reverse("cases:document_complete", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Article (legal basis)" in page.content.decode()
    response = client.post(url, {**LEGAL_FACTS, "violation_types": violation_ids(case)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.facts["violation_type_ids"] == violation_ids(case)
    assert draft.state == DocumentState.DRAFT
    # the draft was rendered again from the facts
    assert "Pasal 280 ayat (2) huruf f" in docx_text(read_private_file(draft.file))
    response = client.post(reverse("cases:document_finalise", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == DocumentState.FINAL
    assert draft.number.startswith("001/KJ/")
    assert draft.finalised_by == w.handler2
    assert draft.finalised_at is not None
    data = read_private_file(draft.file)
    assert draft.sha256 == hashlib.sha256(data).hexdigest()
    text = docx_text(data)
    assert draft.number in text
    assert "The camat wore party clothes" in text
    assert find_placeholders(text) == []
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert draft.number in detail
    assert 'data-document-state="final"' in detail


def test_missing_facts_are_refused_and_nothing_is_saved(client, w):
    case = _at(w, Status.LEGAL_STUDY)
    draft = documents.generate_document(case=case, actor=w.handler,
                                        kind=DocumentKind.LEGAL_STUDY, fmt="docx")
    before = (draft.sha256, draft.file.name)
    client.force_login(w.handler2)
    response = client.post(reverse("cases:document_finalise", args=[draft.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be finalised" in page
    for missing in ("the violation form", "the article (legal basis)", "the analysis"):
        assert missing in page
    draft.refresh_from_db()
    assert draft.state == DocumentState.DRAFT
    assert draft.number == ""
    assert (draft.sha256, draft.file.name) == before
    assert not DocumentCounter.objects.exists()


def test_plenary_minutes_need_the_decision_and_the_commissioners(w):
    case = _at(w, Status.PLENARY)
    draft = documents.generate_document(case=case, actor=w.handler,
                                        kind=DocumentKind.PLENARY_MINUTES, fmt="docx")
    records.complete_draft(document=draft, actor=w.handler, facts={"held_on": "2024-09-02"})
    with pytest.raises(ValidationError) as refused:
        records.finalise_document(document=draft, actor=w.handler)
    message = refused.value.messages[0]
    assert "the decision" in message
    assert "the commissioners present" in message
    # only the office's commissioners may be named present
    with pytest.raises(ValidationError) as refused:
        records.complete_draft(document=draft, actor=w.handler,
                               facts={**plenary_facts(w), "commissioner_ids": [w.handler.pk]})
    assert "commissioner_ids" in refused.value.message_dict


def test_a_placeholder_left_is_refused(w):
    case = _at(w, Status.LEGAL_STUDY)
    draft = documents.generate_document(case=case, actor=w.handler,
                                        kind=DocumentKind.LEGAL_STUDY, fmt="pdf")
    records.complete_draft(document=draft, actor=w.handler, facts={
        **LEGAL_FACTS, "violation_type_ids": violation_ids(case),
        "analysis": "The flyer shows [photo of the camat]."})
    files_before = sorted(Path(draft.file.storage.location).rglob("*"))
    with pytest.raises(ValidationError) as refused:
        records.finalise_document(document=draft, actor=w.handler)
    assert refused.value.code == "placeholders"
    assert "[photo of the camat]" in refused.value.messages[0]
    draft.refresh_from_db()
    assert draft.state == DocumentState.DRAFT
    assert draft.number == ""
    assert not DocumentCounter.objects.exists()  # the number taken was rolled back
    assert sorted(Path(draft.file.storage.location).rglob("*")) == files_before


def test_a_finalised_document_is_locked(client, w):
    case = _at(w, Status.LEGAL_STUDY)
    final = records.record_demo_document(case, DocumentKind.LEGAL_STUDY,
                                         facts_for(DocumentKind.LEGAL_STUDY, case, w), w.handler)
    snapshot = (final.sha256, final.file.name, final.number, final.facts)
    with pytest.raises(ValidationError):
        records.complete_draft(document=final, actor=w.handler, facts=LEGAL_FACTS)
    with pytest.raises(ValidationError):
        records.finalise_document(document=final, actor=w.handler)
    client.force_login(w.handler2)
    response = client.post(reverse("cases:document_complete", args=[final.pk]),
                           {**LEGAL_FACTS, "analysis": "Changed afterwards"})
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert client.post(reverse("cases:document_finalise", args=[final.pk])).status_code == 400
    final.refresh_from_db()
    assert (final.sha256, final.file.name, final.number, final.facts) == snapshot
    assert final.state == DocumentState.FINAL


def test_numbers_are_sequential_per_office_kind_and_year_and_unique(w):
    case = _at(w, Status.LEGAL_STUDY)
    facts = facts_for(DocumentKind.LEGAL_STUDY, case, w)
    first = records.record_demo_document(case, DocumentKind.LEGAL_STUDY, facts, w.handler)
    second = records.record_demo_document(case, DocumentKind.LEGAL_STUDY, facts, w.handler)
    minutes = records.record_demo_document(case, DocumentKind.CLARIFICATION_MINUTES,
                                           clarification_facts(), w.handler)
    office = case.office.office_code or case.office.region_code
    assert first.number == f"001/KJ/{office}/IX/2024"
    assert second.number == f"002/KJ/{office}/IX/2024"
    assert minutes.number == f"001/BA.KLA/{office}/IX/2024"
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument.objects.filter(pk=second.pk).update(number=first.number)


def test_a_completed_clarification_minutes_states_its_facts(w):
    case = _at(w, Status.CLARIFICATION)
    final = records.record_demo_document(case, DocumentKind.CLARIFICATION_MINUTES,
                                         clarification_facts(), w.handler)
    text = docx_text(documents.document_content(user=w.handler, document=final))
    assert "Camat Taktakan, reported person" in text
    assert "Kantor Bawaslu Kota Serang" in text
    assert final.number in text


# --- Uploading a signed scan -----------------------------------------------------------------


def test_a_file_claiming_another_type_is_refused_next_to_the_form(client, w):
    case = _at(w, Status.CLARIFICATION)
    response = upload(client, case, w.handler2, kind=DocumentKind.CLARIFICATION_MINUTES,
                      data=jpeg_bytes(), name="minutes.docx", number="BA-07/2024")
    assert response.status_code == 400
    page = response.content.decode()
    form_at = page.index('id="document-upload"')
    error_at = page.index("field-error", form_at)
    assert error_at > form_at
    assert 'value="BA-07/2024"' in page  # what was typed is kept
    assert '<details class="case-section" id="section-files" data-section open>' in page
    assert not case.documents.exists()


def test_a_refused_upload_comes_back_in_place_for_htmx(client, w):
    case = _at(w, Status.CLARIFICATION)
    response = upload(client, case, w.handler2, kind=DocumentKind.CLARIFICATION_MINUTES,
                      data=b"just text", name="minutes.txt", number="BA-08/2024", htmx=True)
    assert response.status_code == 409
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'id="document-upload"' in fragment
    assert 'value="BA-08/2024"' in fragment
    assert not case.documents.exists()


def test_a_photo_of_the_signed_document_is_accepted(client, w):
    case = _at(w, Status.CLARIFICATION)
    response = upload(client, case, w.handler2, kind=DocumentKind.CLARIFICATION_MINUTES,
                      data=jpeg_bytes(), name="minutes.jpg")
    assert response.status_code == 302
    document = case.documents.get()
    assert document.content_type == "image/jpeg"
    assert document.state == DocumentState.SIGNED
    assert CaseDocument.objects.of_record().filter(pk=document.pk).exists()


def test_only_people_who_may_change_the_case_upload(client, w):
    case = _at(w, Status.CLARIFICATION)
    response = upload(client, case, w.other_handler, kind=DocumentKind.CLARIFICATION_MINUTES,
                      data=pdf_bytes(), name="minutes.pdf")
    assert response.status_code == 404
    assert not case.documents.exists()


def test_the_demo_helper_records_every_kind_with_default_facts(w):
    case = _at(w, Status.PLENARY)
    before = case.documents.of_record().count()
    for kind in (DocumentKind.CLARIFICATION_MINUTES, DocumentKind.LEGAL_STUDY,
                 DocumentKind.PLENARY_MINUTES, DocumentKind.STATUS_ANNOUNCEMENT):
        document = records.record_demo_document(case, kind, None, w.handler)
        assert document.state == DocumentState.FINAL
        assert document.number
    assert case.documents.of_record().count() == before + 4


def test_the_public_announcement_states_its_text_without_names(w):
    case = _at(w, Status.PLENARY)
    name = case.reported_persons.first().name
    final = records.record_demo_document(
        case, DocumentKind.STATUS_ANNOUNCEMENT,
        {"status_text": f"Registered and handled; {name} was clarified."}, w.handler)
    text = docx_text(read_private_file(final.file))
    assert "Registered and handled;" in text
    assert name not in text
    assert final.number in text
