"""Input and output schemas of the case API (what the OpenAPI document declares)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from netra.core.api import Id, Version
from netra.rules.choices import Category, DeadlineKey, EmploymentType

from .. import services
from ..choices import CaseKind, ReporterType, SanctionType, Source
from ..selectors import CaseFilters
from ..workflow import Status


def person_out(person, show_identity: bool) -> dict:
    return {
        "id": person.pk,
        "employment_type": person.employment_type,
        "position": person.position,
        "agency": person.agency,
        "nip": person.nip,
        "name": person.name if show_identity else None,
    }


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
        return [person_out(p, False) for p in obj.case.reported_persons.order_by("pk")]

    @staticmethod
    def resolve_sanctions(obj) -> list:
        return list(obj.sanctions.all())


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

