
"""Case endpoints: list, create (idempotent), detail, edit, workflow steps, clocks,
classification, persons."""


from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status as Reply

from netra.core.api import ObjectId, Pagination, errors
from netra.core.idempotency import request_fingerprint, run_once
from netra.elections import selectors as election_selectors
from netra.orgs import selectors as org_selectors

from .. import selectors, services
from ..identity import may_reveal_identity
from ..models import Case, ReportedPerson
from ..workflow import BY_NAME
from .headers import IdempotencyKeyHeader
from .reads import DETAIL_ERRORS, _detail, _get_case
from .schemas import (
    CaseDetail,
    CaseIn,
    CaseListItem,
    CaseListQuery,
    CasePatch,
    ExtensionIn,
    NipIn,
    PersonIn,
    ReportedPersonOut,
    TransitionIn,
    ViolationTypesIn,
    person_out,
)

router = Router(tags=["cases"])


persons_router = Router(tags=["cases"])


@router.get("", response={200: list[CaseListItem], **errors(404)})
@paginate(Pagination, page_size=50)
def list_cases(request, filters: Query[CaseListQuery]):
    """Cases in the caller's scope, newest first, with the nearest running deadline."""
    return selectors.case_list(user=request.user, filters=filters.to_filters())


@router.post("", response={201: CaseDetail, **errors(400, 404, 422)})
def create_case(request, payload: CaseIn, idempotency_key: IdempotencyKeyHeader = None):
    """Record initial information, a finding or a report (gets an intake number).

    Send an ``Idempotency-Key`` header to make retries safe: the same key and body answer with
    the case the first request created; the same key with another body answers 422."""
    try:
        election = election_selectors.election_get(user=request.user, pk=payload.election_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    try:
        office = org_selectors.organisation_get(user=request.user, pk=payload.office_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc

    def create() -> Case:
        return services.open_case(
            actor=request.user,
            election=election,
            office=office,
            kind=payload.kind.value,
            source=payload.source.value,
            title=payload.title,
            description=payload.description,
            known_date=payload.known_date,
            incident_date=payload.incident_date,
            place_region_code=payload.place_region_code.strip(),
            place_address=payload.place_address,
            reported_persons=[p.to_input() for p in payload.reported_persons],
            reporters=[r.to_input() for r in payload.reporters],
        )

    if idempotency_key is None:
        case = create()
    else:
        fingerprint = request_fingerprint(
            method=request.method, path=request.path, body=request.body
        )
        case = run_once(
            user=request.user, key=idempotency_key, fingerprint=fingerprint, create=create
        )
    return Reply(201, _detail(request, case.pk))


@router.get("/{case_id}", response={200: CaseDetail, **errors(404)})
def get_case(request, case_id: ObjectId):
    """The case with its persons, clocks, recommendations, timeline and the caller's moves."""
    return _detail(request, case_id)


@router.patch("/{case_id}", response={200: CaseDetail, **DETAIL_ERRORS})
def update_case(request, case_id: ObjectId, payload: CasePatch):
    """Edit descriptive fields; a stale ``version`` answers 409."""
    case = _get_case(request, case_id)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    version = changes.pop("version")
    services.update_case(case=case, actor=request.user, expected_version=version, **changes)
    return _detail(request, case_id)


@router.post("/{case_id}/transitions/{name}", response={200: CaseDetail, **DETAIL_ERRORS})
def transition_case(request, case_id: ObjectId, name: str, payload: TransitionIn):
    """Make a workflow move (see ``allowed_transitions`` in the case detail)."""
    case = _get_case(request, case_id)
    spec = BY_NAME.get(name)
    if spec is not None and spec.by_recipient:
        raise services.TransitionNotAllowed(
            _("“%(step)s” is answered by the recipient body through its recommendation.")
            % {"step": spec.label},
            reasons=[_("Use the recommendation endpoints: /recommendations/{id}/…")],
        )
    services.transition_case(
        case=case,
        transition=name,
        actor=request.user,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(request, case_id)


@router.post("/{case_id}/extend-deadline", response={200: CaseDetail, **DETAIL_ERRORS})
def extend_deadline(request, case_id: ObjectId, payload: ExtensionIn):
    """Use the rule's extension of a running clock, with a written reason."""
    case = _get_case(request, case_id)
    services.extend_deadline(
        case=case, actor=request.user, reason=payload.reason, key=payload.key.value
    )
    return _detail(request, case_id)


@router.put("/{case_id}/violation-types", response={200: CaseDetail, **DETAIL_ERRORS})
def set_violation_types(request, case_id: ObjectId, payload: ViolationTypesIn):
    """Set the category and the violation forms from the rules catalogue."""
    case = _get_case(request, case_id)
    services.set_violation_types(
        case=case,
        actor=request.user,
        category=payload.category.value,
        violation_type_ids=payload.violation_type_ids,
    )
    return _detail(request, case_id)


@router.post("/{case_id}/reported-persons", response={201: ReportedPersonOut, **DETAIL_ERRORS})
def add_reported_person(request, case_id: ObjectId, payload: PersonIn):
    """Add a reported person; a NIP, when given, must be valid (400 otherwise)."""
    case = _get_case(request, case_id)
    person = services.add_reported_person(case=case, actor=request.user, person=payload.to_input())
    return Reply(201, person_out(person, may_reveal_identity(request.user, case)))


@persons_router.patch("/{person_id}/nip", response={200: ReportedPersonOut, **DETAIL_ERRORS})
def complete_nip(request, person_id: ObjectId, payload: NipIn):
    """Complete (or correct) a reported person's NIP; an invalid NIP answers 400."""
    person = get_object_or_404(ReportedPerson, pk=person_id)
    case = _get_case(request, person.case_id)  # scope: 404 outside it
    person = services.complete_nip(person=person, actor=request.user, nip=payload.nip)
    return person_out(person, may_reveal_identity(request.user, case))

