"""Recipient bodies' endpoints: their recommendations, acknowledge, record the sanction, refuse."""


from ninja import Router
from ninja.pagination import paginate

from netra.core.api import ObjectId, Pagination, errors

from .. import selectors, services
from .reads import DETAIL_ERRORS, _get_recommendation, _inbox_detail
from .schemas import InboxDetail, InboxItem, RefusalIn, SanctionsIn

recommendations_router = Router(tags=["recommendations"])


@recommendations_router.get("", response={200: list[InboxItem], **errors(404)})
@paginate(Pagination, page_size=50)
def list_recommendations(request):
    """Recommendations sent to the caller's organisations, open ones first."""
    return selectors.inbox(user=request.user)


@recommendations_router.get("/{recommendation_id}", response={200: InboxDetail, **errors(404)})
def get_recommendation(request, recommendation_id: ObjectId):
    """A recommendation sent to the caller's organisation, with what is needed to answer it."""
    return _inbox_detail(request, recommendation_id)


@recommendations_router.post(
    "/{recommendation_id}/acknowledge", response={200: InboxDetail, **DETAIL_ERRORS}
)
def acknowledge_recommendation(request, recommendation_id: ObjectId):
    """Acknowledge receipt (the case moves to awaiting follow-up)."""
    rec = _get_recommendation(request, recommendation_id)
    services.acknowledge_recommendation(recommendation=rec, actor=request.user)
    return _inbox_detail(request, recommendation_id)


@recommendations_router.post(
    "/{recommendation_id}/sanction", response={200: InboxDetail, **DETAIL_ERRORS}
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
    "/{recommendation_id}/refusal", response={200: InboxDetail, **DETAIL_ERRORS}
)
def record_refusal(request, recommendation_id: ObjectId, payload: RefusalIn):
    """Record that the recommendation was refused, with the answer given."""
    rec = _get_recommendation(request, recommendation_id)
    services.record_refusal(recommendation=rec, actor=request.user, answer=payload.answer)
    return _inbox_detail(request, recommendation_id)

