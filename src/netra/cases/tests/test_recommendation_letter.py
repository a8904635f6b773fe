"""The recommendation letter (issue #15.2): routing by status as data, the letter's number,
sender and signatory, sanctions that fit the person's status, bodies with authority, the
recipient's view of the letter and its attachments, and nothing half-saved."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from netra.cases import services
from netra.cases.choices import DocumentKind, DocumentState
from netra.cases.models import CaseDocument, Evidence, Recommendation, RegistrationCounter
from netra.cases.services import LetterInput, PersonInput, SanctionInput
from netra.cases.workflow import Status
from netra.orgs.choices import OrgKind
from netra.rules.choices import Category, EmploymentType, SanctionKind
from netra.rules.models import SanctionRule

from .conftest import TODAY
from .factories import _org, advance, attach, classify, open_finding, pns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

OTHER = {
    EmploymentType.PPPK: ("Guru PPPK", "SMPN 1 Kota Serang"),
    EmploymentType.VILLAGE_HEAD: ("Kepala Desa", "Desa Cipare"),
    EmploymentType.VILLAGE_OFFICIAL: ("Sekretaris Desa", "Desa Cipare"),
    EmploymentType.BPD: ("Anggota BPD", "Desa Cipare"),
    EmploymentType.TNI: ("Babinsa", "Kodim 0602/Serang"),
    EmploymentType.POLRI: ("Bhabinkamtibmas", "Polres Serang Kota"),
}


def person(status: str) -> PersonInput:
    if status == EmploymentType.PNS:
        return pns()
    position, agency = OTHER[status]
    return PersonInput(status, position, agency, "Nama Terlapor", "")


@pytest.fixture
def bodies(w):
    """The authorities a Serang case may need besides the world's BKN, PPK, KPU, Gakkumdu."""
    return {
        OrgKind.VILLAGE_GOVERNMENT: _org(OrgKind.VILLAGE_GOVERNMENT, "36.73.01.1002",
                                         "Pemerintah Desa Cipare"),
        OrgKind.TNI_COMMAND: _org(OrgKind.TNI_COMMAND, "36.73", "Kodim 0602/Serang"),
        OrgKind.POLRI_COMMAND: _org(OrgKind.POLRI_COMMAND, "36.73", "Polres Serang Kota"),
    }


def decided(w, *, persons, category=Category.NON_STAGE_ASN, codes=("asn-campaign-props",)):
    case = open_finding(w, persons=persons)
    case = advance(case, w, Status.REGISTERED)
    classify(case, w.handler, category=category, codes=codes)
    return advance(case, w, Status.VIOLATION)


def nothing_saved(case, counters_before):
    case.refresh_from_db()
    assert case.status == Status.VIOLATION
    assert not Recommendation.objects.filter(case=case).exists()
    assert not CaseDocument.objects.filter(case=case,
                                           kind=DocumentKind.RECOMMENDATION_LETTER).exists()
    assert RegistrationCounter.objects.filter(kind_code="REK").count() == counters_before


# --- Routing as data ------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "kind"), [
    (EmploymentType.PNS, OrgKind.CIVIL_SERVICE_BODY),
    (EmploymentType.PPPK, OrgKind.CIVIL_SERVICE_BODY),
    (EmploymentType.VILLAGE_HEAD, OrgKind.PPK),
    (EmploymentType.VILLAGE_OFFICIAL, OrgKind.VILLAGE_GOVERNMENT),
    (EmploymentType.BPD, OrgKind.PPK),
    (EmploymentType.TNI, OrgKind.TNI_COMMAND),
    (EmploymentType.POLRI, OrgKind.POLRI_COMMAND),
])
def test_routing_proposes_the_body_with_authority_for_each_status(w, bodies, status, kind):
    # in Desa Cipare: its village government is the authority over its officials
    case = open_finding(w, persons=[person(status)], place_region_code="36.73.01.1002")
    classify(case, w.handler)
    [proposal] = services.propose_letters(case, on=TODAY)
    assert proposal.recipient.kind == kind
    assert proposal.rule.legal_source
    assert all(rows for rows in proposal.allowed.values())


def test_civil_servants_went_to_kasn_before_24_august_2024(w):
    case = open_finding(w, persons=[pns()])
    classify(case, w.handler)
    [proposal] = services.propose_letters(case, on=date(2024, 8, 1))
    assert proposal.recipient == w.kasn


@pytest.mark.parametrize(("category", "codes", "body"), [
    (Category.ADMINISTRATIVE, None, "kpu"),
    (Category.CRIME, ("pemilu-village-head-favouring",), "gakkumdu"),
])
def test_election_procedure_goes_to_kpu_and_crimes_to_gakkumdu(w, category, codes, body):
    case = open_finding(w, persons=[pns()])
    if codes is None:
        services.set_violation_types(case=case, actor=w.handler, category=category,
                                     violation_type_ids=[])
    else:
        classify(case, w.handler, category=category, codes=codes)
    [proposal] = services.propose_letters(case, on=TODAY)
    assert proposal.recipient == getattr(w, body)
    sanctions = {r.sanction_type for rows in proposal.allowed.values() for r in rows}
    assert sanctions == ({"admin_correction"} if body == "kpu" else {"criminal"})


def test_sanctions_offered_to_bkn_fit_a_civil_servant(w):
    case = open_finding(w, persons=[pns()])
    classify(case, w.handler)
    [proposal] = services.propose_letters(case, on=TODAY)
    offered = {r.sanction_type for r in next(iter(proposal.allowed.values()))}
    assert offered == {"light", "moderate", "heavy", "ethics", "dismissal"}
    assert "admin_correction" not in offered
    assert all(r.legal_basis and r.legal_source for r in SanctionRule.objects.all())


# --- The letter -----------------------------------------------------------------------------


def test_forwarding_writes_a_numbered_signed_letter_from_the_deciding_office(w):
    w.serang.head_name = "Ketua Bawaslu"
    w.serang.head_title = "Ketua Bawaslu Kota Serang"
    w.serang.address = "Jl. Ayip Usman No. 1, Kota Serang"
    w.serang.save()
    w.bkn.address = "Jl. Mayjen Sutoyo No. 12, Jakarta Timur"
    w.bkn.save()
    case = advance(decided(w, persons=[pns()]), w, Status.FORWARDED)
    rec = case.recommendations.get()
    assert rec.recipient == w.bkn
    assert rec.sender == w.serang
    assert rec.letter_number == "001/PP.01.00/K.1.01/09/2024"
    assert rec.letter_date == TODAY
    assert rec.recipient_address == "Jl. Mayjen Sutoyo No. 12, Jakarta Timur"
    assert rec.content.startswith("Bawaslu Kota Serang recommends that Badan Kepegawaian Negara")
    assert "PP 94/2021" in rec.legal_basis
    assert {s["sanction"] for s in rec.suggested_sanctions} == {
        "light", "moderate", "heavy", "ethics", "dismissal"}
    assert (rec.signatory_name, rec.signatory_title) == ("Ketua Bawaslu",
                                                         "Ketua Bawaslu Kota Serang")
    letter = rec.letter
    assert letter.kind == DocumentKind.RECOMMENDATION_LETTER
    assert letter.state == DocumentState.FINAL
    assert letter.number == rec.letter_number
    data = letter.file.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    # the legal study and plenary minutes of record are attached by default
    assert set(rec.attachments.values_list("kind", flat=True)) == {
        DocumentKind.LEGAL_STUDY, DocumentKind.PLENARY_MINUTES}


def test_letter_numbers_follow_the_office_counter_and_never_repeat(w):
    first = advance(decided(w, persons=[pns()]), w, Status.FORWARDED)
    second = advance(decided(w, persons=[pns(nip="")]) if False else
                     decided(w, persons=[pns()]), w, Status.FORWARDED)
    numbers = [first.recommendations.get().letter_number,
               second.recommendations.get().letter_number]
    assert numbers == ["001/PP.01.00/K.1.01/09/2024", "002/PP.01.00/K.1.01/09/2024"]
    assert CaseDocument.objects.filter(number__in=numbers).count() == 2


def test_handler_composes_recipient_text_sanctions_and_attachments(w):
    case = decided(w, persons=[pns()])
    target = case.reported_persons.get()
    study = case.documents.get(kind=DocumentKind.LEGAL_STUDY)
    [rec] = services.compose_recommendation(case=case, actor=w.handler, letters=[LetterInput(
        recipient_id=w.ppk.pk, recommended_action="Impose a moderate discipline sanction.",
        sanctions={target.pk: ["moderate"]}, document_ids=(study.pk,))])
    assert rec.recipient == w.ppk  # a body with authority, chosen instead of BKN
    assert rec.content == "Impose a moderate discipline sanction."
    assert [s["sanction"] for s in rec.suggested_sanctions] == ["moderate"]
    assert list(rec.attachments.all()) == [study]
    case.refresh_from_db()
    assert case.status == Status.FORWARDED


# --- Refusals: nothing half-saved -----------------------------------------------------------


def refused_compose(case, w, **letter):
    values = {"recipient_id": w.bkn.pk, "recommended_action": "Examine and sanction."}
    values.update(letter)
    counters = RegistrationCounter.objects.filter(kind_code="REK").count()
    with pytest.raises(ValidationError) as info:
        services.compose_recommendation(case=case, actor=w.handler,
                                        letters=[LetterInput(**values)])
    nothing_saved(case, counters)
    return " ".join(info.value.messages)


def test_a_sanction_that_does_not_fit_the_status_is_refused_at_compose(w):
    case = decided(w, persons=[pns()])
    target = case.reported_persons.get()
    message = refused_compose(case, w, sanctions={target.pk: ["admin_correction"]})
    assert "“Correction of procedure by KPU” does not fit Camat Cipocok Jaya" in message


def test_a_body_without_authority_over_the_person_is_refused(w):
    case = decided(w, persons=[pns()])
    assert "KPU Kota Serang has no authority" in refused_compose(case, w, recipient_id=w.kpu.pk)
    # a body of the right kind outside the case's region has none either
    other_ppk = _org(OrgKind.PPK, "36.04", "Bupati Serang (PPK)")
    assert "has no authority" in refused_compose(case, w, recipient_id=other_ppk.pk)


def test_a_letter_without_recommended_action_is_refused(w):
    case = decided(w, persons=[pns()])
    assert "Write the recommended action" in refused_compose(case, w, recommended_action=" ")


def test_identity_documents_cannot_be_attached(w):
    case = decided(w, persons=[pns()])
    minutes = case.documents.get(kind=DocumentKind.CLARIFICATION_MINUTES)
    assert "cannot be attached" in refused_compose(case, w, document_ids=(minutes.pk,))


def test_a_draft_cannot_be_attached(w):
    case = decided(w, persons=[pns()])
    draft = attach(case, DocumentKind.OTHER, state=DocumentState.DRAFT)
    assert "finalised or signed" in refused_compose(case, w, document_ids=(draft.pk,))


def test_recording_a_sanction_that_does_not_fit_the_status_is_refused(w):
    case = advance(decided(w, persons=[pns()]), w, Status.FORWARDED)
    rec = case.recommendations.get()
    target = case.reported_persons.get()
    with pytest.raises(ValidationError) as info:
        services.record_sanction(recommendation=rec, actor=w.bkn_officer, sanctions=[
            SanctionInput(target.pk, "admin_correction", "800/1/BKN", TODAY)])
    assert "does not fit" in " ".join(info.value.messages)
    assert not rec.sanctions.exists()
    rec.refresh_from_db()
    assert rec.is_open
    services.record_sanction(recommendation=rec, actor=w.bkn_officer, sanctions=[
        SanctionInput(target.pk, "moderate", "800/1/BKN", TODAY)])
    assert rec.sanctions.get().sanction_type == "moderate"


def test_recipient_page_refuses_a_sanction_that_does_not_fit(client, w):
    case = advance(decided(w, persons=[pns()]), w, Status.FORWARDED)
    rec = case.recommendations.get()
    target = case.reported_persons.get()
    client.force_login(w.bkn_officer)
    url = reverse("cases:recommendation_detail", args=[rec.pk])
    page = client.get(url).content.decode()
    assert "Correction of procedure by KPU" not in page  # not offered
    response = client.post(url, {
        "action": "sanction", f"person{target.pk}-sanction_type": "admin_correction",
        f"person{target.pk}-decree_number": "800/1", f"person{target.pk}-decree_date": "2024-09-01",
    })
    assert response.status_code == 400
    assert not rec.sanctions.exists()


# --- What the recipient sees ----------------------------------------------------------------


def evidence(case, name: str) -> Evidence:
    content = f"photo {name}".encode()
    return Evidence.objects.create(
        case=case, file=ContentFile(content, name=f"{name}.txt"), original_name=f"{name}.txt",
        content_type="text/plain", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        description=name,
    )


def test_recipient_sees_the_letter_and_only_its_attachments(client, w):
    case = decided(w, persons=[pns()])
    study = case.documents.get(kind=DocumentKind.LEGAL_STUDY)
    plenary = case.documents.get(kind=DocumentKind.PLENARY_MINUTES)
    flyer, other = evidence(case, "flyer"), evidence(case, "unrelated")
    [rec] = services.compose_recommendation(case=case, actor=w.handler, letters=[LetterInput(
        recipient_id=w.bkn.pk, recommended_action="Examine and sanction the camat.",
        sanctions={case.reported_persons.get().pk: ["moderate", "heavy"]},
        document_ids=(study.pk,), evidence_ids=(flyer.pk,))])
    client.force_login(w.bkn_officer)
    page = client.get(reverse("cases:recommendation_detail", args=[rec.pk])).content.decode()
    with translation.override("id"):  # the officer reads Indonesian
        labels = [str(SanctionKind.MODERATE.label), str(SanctionKind.HEAVY.label)]
    for text in (rec.letter_number, "Bawaslu Kota Serang", "Examine and sanction the camat.",
                 "PP 94/2021", *labels, study.original_name, "flyer"):
        assert text in page
    assert "unrelated" not in page

    def download(name, pk):
        return client.get(reverse(f"cases:{name}_download", args=[pk])).status_code

    assert download("document", rec.letter_id) == 200
    assert download("document", study.pk) == 200
    assert download("evidence", flyer.pk) == 200
    assert download("document", plenary.pk) == 404
    assert download("evidence", other.pk) == 404
    # the handling office still sees everything
    client.force_login(w.handler)
    assert download("document", plenary.pk) == 200
    assert download("evidence", other.pk) == 200


def test_inbox_and_case_page_show_the_letter(client, w):
    case = advance(decided(w, persons=[pns()]), w, Status.FORWARDED)
    rec = case.recommendations.get()
    client.force_login(w.bkn_officer)
    inbox = client.get(reverse("cases:inbox")).content.decode()
    assert rec.letter_number in inbox
    assert "Bawaslu Kota Serang" in inbox
    client.force_login(w.handler)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert rec.letter_number in page
    assert reverse("cases:document_download", args=[rec.letter_id]) in page
    # The analyst sees the case and the letter's number but may not open case documents: no
    # link that would answer 404.
    client.force_login(w.analyst)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert rec.letter_number in page
    assert reverse("cases:document_download", args=[rec.letter_id]) not in page
    assert client.get(reverse("cases:document_download", args=[rec.letter_id])).status_code == 404


def test_api_exposes_the_letter(client, w):
    case = advance(decided(w, persons=[pns()]), w, Status.FORWARDED)
    rec = case.recommendations.get()
    client.force_login(w.bkn_officer)
    body = client.get(f"/api/v1/recommendations/{rec.pk}").json()
    assert body["letter_number"] == rec.letter_number
    assert body["sender"]["name"] == "Bawaslu Kota Serang"
    assert body["letter_date"] == "2024-09-02"
    assert "PP 94/2021" in body["legal_basis"]
    assert {s["sanction_type"] for s in body["suggested_sanctions"]} >= {"moderate"}
    assert {a["kind"] for a in body["attachments"]} == {"legal_study", "plenary_minutes"}


# --- The compose page -----------------------------------------------------------------------


def test_handler_composes_the_letter_on_its_page(client, w):
    case = decided(w, persons=[pns()])
    target = case.reported_persons.get()
    client.force_login(w.handler)
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    url = reverse("cases:recommendation_compose", args=[case.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert "Badan Kepegawaian Negara" in page
    assert "Wali Kota Serang (PPK)" in page
    assert "KPU Kota Serang" not in page  # no authority over a civil servant
    assert "Correction of procedure by KPU" not in page
    study = case.documents.get(kind=DocumentKind.LEGAL_STUDY)
    response = client.post(url, {
        "version": case.version, "letter0-recipient": w.bkn.pk,
        "letter0-recommended_action": "Examine the camat and impose a heavy discipline.",
        f"letter0-sanctions_{target.pk}": ["heavy"], "letter0-documents": [study.pk],
    })
    assert response.status_code == 302
    rec = case.recommendations.get()
    assert rec.content == "Examine the camat and impose a heavy discipline."
    assert [s["sanction"] for s in rec.suggested_sanctions] == ["heavy"]
    assert list(rec.attachments.all()) == [study]


def test_compose_page_keeps_what_was_typed_when_refused(client, w):
    case = decided(w, persons=[pns()])
    client.force_login(w.handler)
    url = reverse("cases:recommendation_compose", args=[case.pk])
    response = client.post(url, {"version": case.version, "letter0-recipient": w.bkn.pk,
                                 "letter0-recommended_action": ""})
    assert response.status_code == 400
    # the handler reads Indonesian: the refusal is said in their language
    assert ("Tuliskan tindakan yang direkomendasikan kepada Badan Kepegawaian Negara."
            in response.content.decode())
    response = client.post(url, {"version": case.version, "letter0-recipient": w.kpu.pk,
                                 "letter0-recommended_action": "Typed text stays."})
    assert response.status_code == 400
    assert "Typed text stays." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.VIOLATION
    assert not case.recommendations.exists()


def test_compose_page_is_for_the_handling_office_only(client, w):
    case = decided(w, persons=[pns()])
    url = reverse("cases:recommendation_compose", args=[case.pk])
    for user in (w.other_handler, w.bkn_officer, w.analyst, w.supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_seeded_letter_template_passes_the_administrators_check():
    from netra.documents.engine import check_html_template
    from netra.documents.models import DocumentTemplate
    from netra.documents.registry import get_kind

    template = DocumentTemplate.objects.get(key="cases.recommendation_letter", language="id",
                                            is_active=True)
    assert "letter.number" in template.body
    assert "letter.signatory_title" in template.body
    assert check_html_template(template.body,
                               get_kind("cases.recommendation_letter").sample_context()) is None
