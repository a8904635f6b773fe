"""A recommendation letter generated as a draft from the case's documents area states the same
letter as the one forwarding writes (issue #15.2): addressee and address, recommended action,
legal basis, suggested sanctions, attachments, signatory; one function builds both."""

import pytest
from django.urls import reverse

from netra.cases.choices import DocumentKind, DocumentState
from netra.cases.models import CaseDocument
from netra.cases.services.letters import draft_letter_context, letter_context
from netra.cases.workflow import Status
from netra.documents.rendering import docx_text

from .conftest import TODAY
from .factories import advance, classify, open_finding, pns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]


def decided(w):
    case = open_finding(w, persons=[pns()])
    case = advance(case, w, Status.REGISTERED)
    classify(case, w.handler)
    return advance(case, w, Status.VIOLATION)


def generate_draft(client, user, case) -> CaseDocument:
    client.force_login(user)
    response = client.post(reverse("cases:document_generate", args=[case.pk]),
                           {"kind": DocumentKind.RECOMMENDATION_LETTER, "format": "docx"})
    assert response.status_code == 302
    return (CaseDocument.objects.filter(case=case, kind=DocumentKind.RECOMMENDATION_LETTER,
                                        state=DocumentState.DRAFT).latest("pk"))


def test_a_draft_letter_names_the_recipient_body_and_the_recommendation(client, w):
    w.serang.head_title = "Ketua Bawaslu Kota Serang"
    w.serang.save()
    w.bkn.address = "Jl. Mayjen Sutoyo No. 12, Jakarta Timur"
    w.bkn.save()
    case = decided(w)
    study = case.documents.get(kind=DocumentKind.LEGAL_STUDY)

    draft = generate_draft(client, w.handler, case)

    text = docx_text(draft.file.read())
    assert "Yth. Badan Kepegawaian Negara" in text
    assert "Jl. Mayjen Sutoyo No. 12, Jakarta Timur" in text
    # the recommended action routing proposes, in the letter's language (Indonesian)
    assert "Bawaslu Kota Serang merekomendasikan agar Badan Kepegawaian Negara memeriksa" in text
    assert "PP 94/2021" in text  # the legal basis of the violation form and the sanctions
    assert "Sanksi yang disarankan" in text
    assert study.number in text  # the documents of record are listed as attachments
    assert "Ketua Bawaslu Kota Serang" in text
    case.refresh_from_db()
    assert case.status == Status.VIOLATION  # a draft sends nothing
    assert not case.recommendations.exists()


def test_the_draft_states_the_letter_that_forwarding_writes(w):
    case = decided(w)
    proposed = draft_letter_context(case, actor=w.handler, on=TODAY)["letter"]

    case = advance(case, w, Status.FORWARDED)
    rec = case.recommendations.get()
    sent = letter_context(case, rec, actor=w.handler, on=TODAY)["letter"]

    assert proposed["number"] == ""  # the number is taken when the letter is sent
    assert sent["number"] == rec.letter_number
    assert {**proposed, "number": sent["number"]} == sent
    # once sent, a draft generated again is that letter
    assert draft_letter_context(case, actor=w.handler, on=TODAY)["letter"] == sent


def test_a_draft_before_the_case_is_classified_keeps_the_letterhead_only(client, w):
    case = advance(open_finding(w, persons=[pns()]), w, Status.REGISTERED)
    draft = generate_draft(client, w.handler, case)
    text = docx_text(draft.file.read())
    assert "BAWASLU KOTA SERANG" in text
    assert "Badan Kepegawaian Negara" not in text
