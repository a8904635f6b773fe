"""Issue #15, bad input: a document of the wrong kind is refused with a clear message and
nothing is saved; a document of record of another kind does not satisfy a step's guard."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.cases.choices import DocumentKind
from netra.cases.services import records
from netra.cases.workflow import Status

from .test_documents_of_record import (
    _at,
    clarification_facts,
    pdf_bytes,
    transition,
    upload,
)

pytestmark = pytest.mark.usefixtures("english_private_media")


def test_a_scan_of_a_kind_that_is_no_document_of_record_is_refused(w):
    case = _at(w, Status.CLARIFICATION)
    with pytest.raises(ValidationError) as refused:
        records.upload_signed(case=case, actor=w.handler, kind=DocumentKind.OTHER,
                              file=SimpleUploadedFile("scan.pdf", pdf_bytes()))
    assert refused.value.message_dict["kind"] == ["Choose the kind of document this scan is."]
    assert not case.documents.exists()


def test_an_upload_of_an_unknown_kind_is_refused_over_http(client, w):
    case = _at(w, Status.CLARIFICATION)
    response = upload(client, case, w.handler2, kind="minutes-of-something", data=pdf_bytes(),
                      name="scan.pdf")
    assert response.status_code == 400
    assert not case.documents.exists()


def test_a_document_of_another_kind_does_not_open_the_step(client, w):
    # clarification minutes of record, but the plenary needs the legal study
    case = _at(w, Status.LEGAL_STUDY)
    records.record_demo_document(case, DocumentKind.CLARIFICATION_MINUTES,
                                 clarification_facts(), w.handler)
    response = transition(client, case, "submit_to_plenary", w.handler2)
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == Status.LEGAL_STUDY


def test_a_refused_demo_document_leaves_no_draft(w):
    # facts naming a violation form the case is not classified under: nothing is kept
    case = _at(w, Status.LEGAL_STUDY)
    before = case.documents.count()
    with pytest.raises(ValidationError):
        records.record_demo_document(case, DocumentKind.LEGAL_STUDY,
                                     {"violation_type_ids": [999999], "legal_basis": "x",
                                      "analysis": "y", "conclusion": "z"}, w.handler)
    assert case.documents.count() == before
