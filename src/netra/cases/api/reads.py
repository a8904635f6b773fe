"""How the API reads a case or a recommendation for the caller (through the one read model)."""


from django.http import Http404

from netra.core.api import errors

from .. import selectors, services
from ..identity import reveal_identity
from ..models import Case, Recommendation
from .schemas import DeadlineOut, RecommendationOut, person_out


def _get_case(request, pk: int) -> Case:
    try:
        return selectors.case_get(user=request.user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _detail(request, pk: int) -> dict:
    """The case as the caller may see it (reporter identity and names only for handlers)."""
    try:
        case = selectors.case_read(user=request.user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    identity = reveal_identity(user=request.user, case=case, channel="api")
    show_identity = identity is not None
    reporters = identity.reporters if identity else []
    deadlines = case.deadlines.all()
    recommendations = case.recommendations.all()
    events = case.events.all()
    return {
        "id": case.pk,
        "intake_number": case.intake_number,
        "registration_number": case.registration_number,
        "kind": case.kind,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "source": case.source,
        "title": case.title,
        "description": case.description,
        "category": case.category,
        "violation_types": sorted(case.violation_types.all(), key=lambda v: v.name),
        "election": case.election,
        "office": case.office,
        "region_code": case.region_code,
        "received_at": case.received_at,
        "known_date": case.known_date,
        "incident_date": case.incident_date,
        "place_region_code": case.place_region_code,
        "place_address": case.place_address,
        "registered_on": case.registered_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "outcome_note": case.outcome_note,
        "raised_from_id": case.raised_from_id,
        "version": case.version,
        "reporter_identity_visible": show_identity,
        "reporters": reporters,
        "reported_persons": [
            person_out(p, show_identity) for p in case.reported_persons.all()
        ],
        "deadlines": [
            {
                **{f: getattr(d, f) for f in DeadlineOut.model_fields if f != "legal_source"},
                "legal_source": d.rule.legal_source,
            }
            for d in deadlines
        ],
        "recommendations": [
            {
                **{f: getattr(r, f) for f in RecommendationOut.model_fields if f != "sanctions"},
                "sanctions": list(r.sanctions.all()),
            }
            for r in recommendations
        ],
        "events": [
            {
                "id": e.pk,
                "transition": e.transition,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "at": e.at,
                "note": e.note,
                "actor": (e.actor.full_name or e.actor.username) if e.actor else None,
            }
            for e in events
        ],
        "allowed_transitions": [
            {
                "name": t.name,
                "label": str(t.label),
                "target": t.target,
                "note_required": t.note_required,
                "by_recipient": t.by_recipient,
            }
            for t in services.allowed_transitions(case, request.user)
        ],
    }


def _get_recommendation(request, pk: int) -> Recommendation:
    try:
        return selectors.recommendation_get(user=request.user, pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc


def _inbox_detail(request, pk: int) -> Recommendation:
    return _get_recommendation(request, pk)


DETAIL_ERRORS = errors(400, 404, 409)



