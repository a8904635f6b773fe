"""Case API endpoints (django-ninja): cases, reported persons and the recommendation inbox.

Thin entry points: each parses input, calls one selector or service and returns a schema.
Objects are fetched only through ``cases.selectors`` (which use ``visible_to``), so anything
outside the caller's scope answers 404. ``TransitionNotAllowed`` and ``ConcurrentEdit`` answer
409 and Django ``ValidationError`` answers 400 (handlers in ``netra.api.urls``).
"""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as Reply
from pydantic import field_validator

from netra.core.api import Id, ObjectId, Pagination, Version, errors
from netra.core.idempotency import request_fingerprint, run_once
from netra.elections import selectors as election_selectors
from netra.elections.models import Election
from netra.orgs import selectors as org_selectors
from netra.orgs.models import Organisation
from netra.rules.choices import Category, DeadlineKey, EmploymentType

from . import selectors, services
from .choices import CaseKind, ReporterType, SanctionType, Source
from .identity import may_reveal_identity, reveal_identity
from .models import Case, Recommendation, ReportedPerson
from .selectors import CaseFilters
from .workflow import BY_NAME, Status

router = Router(tags=["cases"])
persons_router = Router(tags=["cases"])
recommendations_router = Router(tags=["recommendations"])


# --- Output schemas ---------------------------------------------------------------------------


class OrgRef(Schema):
    id: int
    name: str


class ElectionRef(Schema):
    id: int
    name: str
    kind: str


class CaseListItem(Schema):
    """One row of the case list: never reporter data, never reported persons' names."""

    id: int
    intake_number: str
    registration_number: str | None
    kind: str
    status: str
    status_label: str
    title: str
    election_id: int
    office: OrgRef
    region_code: str
    received_at: datetime
    known_date: date
    next_due: date | None = None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ReportedPersonOut(Schema):
    """A reported person (terlapor). ``name`` is null unless the caller may see identities."""

    id: int
    employment_type: str
    position: str
    agency: str
    nip: str
    name: str | None = None


class ReporterOut(Schema):
    """A reporter (pelapor). Identity fields the reporter did not give are empty strings (the
    encrypted columns store them as NULL)."""

    id: int
    reporter_type: str
    name: str
    nik: str
    address: str
    phone: str
    email: str

    _empty = field_validator("nik", "address", "phone", "email", mode="before")(
        lambda value: "" if value is None else value
    )


class DeadlineOut(Schema):
    key: str
    starts_on: date
    due_on: date
    unit: str
    days: int
    extended_days: int
    extension_reason: str
    stopped_on: date | None
    legal_source: str


class SanctionOut(Schema):
    id: int
    reported_person_id: int
    sanction_type: str
    decree_number: str
    decree_date: date
    decided_by: str


class RecommendationBase(Schema):
    """The fields of a recommendation every reader sees."""

    id: int
    recipient: OrgRef
    status: str
    letter_number: str
    sent_on: date
    due_on: date
    acknowledged_at: datetime | None
    answered_at: datetime | None
    answer: str
    escalations: int


class RecommendationOut(RecommendationBase):
    sanctions: list[SanctionOut]


class EventOut(Schema):
    id: int
    transition: str
    from_status: str
    to_status: str
    actor: str | None
    at: datetime
    note: str


class TransitionOut(Schema):
    """A move the caller may attempt now; guards are checked when it is attempted.
    ``by_recipient`` moves are made through ``/recommendations/{id}/…``."""

    name: str
    label: str
    target: str
    note_required: bool
    by_recipient: bool


class ViolationTypeRef(Schema):
    id: int
    code: str
    name: str


class CaseDetail(Schema):
    id: int
    intake_number: str
    registration_number: str | None
    kind: str
    status: str
    status_label: str
    source: str
    title: str
    description: str
    category: str
    violation_types: list[ViolationTypeRef]
    election: ElectionRef
    office: OrgRef
    region_code: str
    received_at: datetime
    known_date: date
    incident_date: date | None
    place_region_code: str
    place_address: str
    registered_on: date | None
    decided_on: date | None
    closed_on: date | None
    outcome_note: str
    raised_from_id: int | None
    version: int
    reporter_identity_visible: bool
    reporters: list[ReporterOut]
    reported_persons: list[ReportedPersonOut]
    deadlines: list[DeadlineOut]
    recommendations: list[RecommendationOut]
    events: list[EventOut]
    allowed_transitions: list[TransitionOut]


class CaseSummary(Schema):
    id: int
    number: str
    title: str
    status: str
    office: OrgRef


class InboxItem(RecommendationBase):
    """A recommendation in a recipient body's inbox."""

    case: CaseSummary
    is_overdue: bool

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        return obj.is_open and obj.due_on < timezone.localdate()


class InboxDetail(InboxItem):
    """A recommendation with what the recipient needs to answer it: the reported persons
    (position, agency, NIP; never names) and the sanctions recorded so far."""

    reported_persons: list[ReportedPersonOut]
    sanctions: list[SanctionOut]

    @staticmethod
    def resolve_reported_persons(obj) -> list[dict]:
        return [_person_out(p, False) for p in obj.case.reported_persons.order_by("pk")]

    @staticmethod
    def resolve_sanctions(obj) -> list:
        return list(obj.sanctions.all())


# --- Input schemas ----------------------------------------------------------------------------


def _blank_to_none(value):
    return None if value == "" else value


class CaseListQuery(Schema):
    """The case list filters; the same names as the web list's query string."""

    election: Id | None = None
    kind: CaseKind | None = None
    status: Status | None = None
    category: Category | None = None
    office: Id | None = None
    region: str = ""
    due_before: date | None = None
    overdue: bool = False
    q: str = ""

    _blanks = field_validator(
        "election", "kind", "status", "category", "office", "due_before", mode="before"
    )(_blank_to_none)

    def to_filters(self) -> CaseFilters:
        return CaseFilters(
            election_id=self.election,
            kind=self.kind.value if self.kind else "",
            status=self.status.value if self.status else "",
            category=self.category.value if self.category else "",
            office_id=self.office,
            region=self.region.strip(),
            due_before=self.due_before,
            overdue=self.overdue,
            query=self.q.strip(),
        )


class PersonIn(Schema):
    employment_type: EmploymentType
    position: str = Field(..., max_length=200)
    agency: str = Field(..., max_length=200)
    name: str = Field("", max_length=150)
    nip: str = Field("", max_length=30)

    def to_input(self) -> services.PersonInput:
        return services.PersonInput(
            employment_type=self.employment_type.value,
            position=self.position,
            agency=self.agency,
            name=self.name,
            nip=self.nip,
        )


class ReporterIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    reporter_type: ReporterType = ReporterType.CITIZEN
    nik: str = Field("", max_length=16)
    address: str = ""
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)

    def to_input(self) -> services.ReporterInput:
        return services.ReporterInput(
            name=self.name,
            reporter_type=self.reporter_type.value,
            nik=self.nik,
            address=self.address,
            phone=self.phone,
            email=self.email,
        )


class CaseIn(Schema):
    kind: CaseKind
    election_id: Id
    office_id: Id
    source: Source
    title: str = Field(..., max_length=200)
    description: str = ""
    known_date: date
    incident_date: date | None = None
    place_region_code: str = Field("", max_length=13)
    place_address: str = Field("", max_length=255)
    reported_persons: list[PersonIn] = []
    reporters: list[ReporterIn] = []


class CasePatch(Schema):
    """Descriptive fields; ``version`` is the one the client last read (optimistic locking).
    Omitted or null fields stay as they are."""

    version: Version
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    incident_date: date | None = None
    place_region_code: str | None = Field(None, max_length=13)
    place_address: str | None = Field(None, max_length=255)


class TransitionIn(Schema):
    version: Version
    note: str = ""


class ExtensionIn(Schema):
    reason: str
    key: DeadlineKey = DeadlineKey.DECISION_WINDOW


class ViolationTypesIn(Schema):
    category: Category
    violation_type_ids: list[Id]


class NipIn(Schema):
    nip: str = Field(..., max_length=30)


class SanctionIn(Schema):
    reported_person_id: Id
    sanction_type: SanctionType
    decree_number: str = Field(..., max_length=100)
    decree_date: date
    decided_by: str = Field("", max_length=200)


class SanctionsIn(Schema):
    sanctions: list[SanctionIn]
    answer: str = ""


class RefusalIn(Schema):
    answer: str


# --- Helpers ----------------------------------------------------------------------------------


def _get_case(request, pk: int) -> Case:
    try:
        return selectors.case_get(user=request.user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _person_out(person: ReportedPerson, show_identity: bool) -> dict:
    return {
        "id": person.pk,
        "employment_type": person.employment_type,
        "position": person.position,
        "agency": person.agency,
        "nip": person.nip,
        "name": person.name if show_identity else None,
    }


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
            _person_out(p, show_identity) for p in case.reported_persons.all()
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


# --- Cases ------------------------------------------------------------------------------------

DETAIL_ERRORS = errors(400, 404, 409)

#: ``Idempotency-Key``: a retry of a creating request with the same key and body answers with
#: what the first request created (24 hours); the same key with another body answers 422.
IdempotencyKeyHeader = Header[
    str | None,
    {
        "alias": "Idempotency-Key",
        "min_length": 1,
        "max_length": 255,
        "description": "A unique value per intended creation (e.g. a UUID); a retry with the "
        "same key and body creates nothing new and answers with the first result.",
    },
]


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
    except Election.DoesNotExist as exc:
        raise Http404 from exc
    try:
        office = org_selectors.organisation_get(user=request.user, pk=payload.office_id)
    except Organisation.DoesNotExist as exc:
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
    return Reply(201, _person_out(person, may_reveal_identity(request.user, case)))


@persons_router.patch("/{person_id}/nip", response={200: ReportedPersonOut, **DETAIL_ERRORS})
def complete_nip(request, person_id: ObjectId, payload: NipIn):
    """Complete (or correct) a reported person's NIP; an invalid NIP answers 400."""
    person = get_object_or_404(ReportedPerson, pk=person_id)
    case = _get_case(request, person.case_id)  # scope: 404 outside it
    person = services.complete_nip(person=person, actor=request.user, nip=payload.nip)
    return _person_out(person, may_reveal_identity(request.user, case))


# --- Recommendation inbox (recipient bodies) --------------------------------------------------


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
