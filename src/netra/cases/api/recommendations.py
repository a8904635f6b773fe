"""Recipient bodies' endpoints: their recommendations (the letter: number, date, sender,
recommended action, legal basis, suggested sanctions, attachments), acknowledge, record the
sanction, refuse."""

from datetime import date

from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from netra.core.api import ObjectId, Pagination, errors
from netra.rules.choices import SanctionKind

from .. import selectors, services
from .reads import DETAIL_ERRORS, _get_recommendation, _inbox_detail
from .schemas import InboxDetail, InboxItem, OrgRef, RefusalIn, SanctionsIn

recommendations_router = Router(tags=["recommendations"])


class SuggestedSanctionOut(Schema):
    reported_person_id: int
    position: str
    agency: str
    sanction_type: str
    sanction_label: str
    legal_basis: str


class AttachmentOut(Schema):
    """The letter or an attachment: ``kind`` is the document kind, or ``evidence``."""

    id: int
    kind: str
    name: str
    sha256: str
    download_url: str


def _document_out(doc) -> dict:
    return {"id": doc.pk, "kind": doc.kind, "name": doc.original_name, "sha256": doc.sha256,
            "download_url": reverse("cases:document_download", args=[doc.pk])}


class LetterDetail(InboxDetail):
    """A recommendation as the letter the recipient received, with its attachments."""

    sender: OrgRef | None
    letter_date: date | None
    recipient_address: str
    recommended_action: str
    legal_basis: str
    signatory_name: str
    signatory_title: str
    suggested_sanctions: list[SuggestedSanctionOut]
    letter: AttachmentOut | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_recommended_action(obj) -> str:
        return obj.content

    @staticmethod
    def resolve_suggested_sanctions(obj) -> list[dict]:
        return [
            {"reported_person_id": s["person"], "position": s["position"],
             "agency": s["agency"], "sanction_type": s["sanction"],
             "sanction_label": str(SanctionKind(s["sanction"]).label),
             "legal_basis": s.get("legal_basis", "")}
            for s in obj.suggested_sanctions
        ]

    @staticmethod
    def resolve_letter(obj) -> dict | None:
        return _document_out(obj.letter) if obj.letter_id else None

    @staticmethod
    def resolve_attachments(obj) -> list[dict]:
        items = [_document_out(d) for d in obj.attachments.order_by("pk")]
        items += [{"id": e.pk, "kind": "evidence", "name": e.original_name, "sha256": e.sha256,
                   "download_url": reverse("cases:evidence_download", args=[e.pk])}
                  for e in obj.evidence_attachments.order_by("pk")]
        return items


@recommendations_router.get("", response={200: list[InboxItem], **errors(404)})
@paginate(Pagination, page_size=50)
def list_recommendations(request):
    """Recommendations sent to the caller's organisations, open ones first."""
    return selectors.inbox(user=request.user)


@recommendations_router.get("/{recommendation_id}", response={200: LetterDetail, **errors(404)})
def get_recommendation(request, recommendation_id: ObjectId):
    """A recommendation sent to the caller's organisation, with what is needed to answer it."""
    return _inbox_detail(request, recommendation_id)


@recommendations_router.post(
    "/{recommendation_id}/acknowledge", response={200: LetterDetail, **DETAIL_ERRORS}
)
def acknowledge_recommendation(request, recommendation_id: ObjectId):
    """Acknowledge receipt (the case moves to awaiting follow-up)."""
    rec = _get_recommendation(request, recommendation_id)
    services.acknowledge_recommendation(recommendation=rec, actor=request.user)
    return _inbox_detail(request, recommendation_id)


@recommendations_router.post(
    "/{recommendation_id}/sanction", response={200: LetterDetail, **DETAIL_ERRORS}
)
def record_sanction(request, recommendation_id: ObjectId, payload: SanctionsIn):
    """Record the sanction actually imposed (type, decree number and date) per person."""
    rec = _get_recommendation(request, recommendation_id)
    services.record_sanction(
        recommendation=rec,
        actor=request.user,
        answer=payload.answer,
        sanctions=[
            services.SanctionInput(
                reported_person_id=s.reported_person_id,
                sanction_type=s.sanction_type.value,
                decree_number=s.decree_number,
                decree_date=s.decree_date,
                decided_by=s.decided_by,
            )
            for s in payload.sanctions
        ],
    )
    return _inbox_detail(request, recommendation_id)


@recommendations_router.post(
    "/{recommendation_id}/refusal", response={200: LetterDetail, **DETAIL_ERRORS}
)
def record_refusal(request, recommendation_id: ObjectId, payload: RefusalIn):
    """Record that the recommendation was refused, with the answer given."""
    rec = _get_recommendation(request, recommendation_id)
    services.record_refusal(recommendation=rec, actor=request.user, answer=payload.answer)
    return _inbox_detail(request, recommendation_id)

