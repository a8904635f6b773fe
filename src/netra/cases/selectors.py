"""Every read of cases a person sees; each takes the user and goes through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from netra.cases.permissions import CaseAction
from netra.core.scoping import get_scope
from netra.core.typing import AnyUser

from .models import Case, CaseDeadline, CaseEvent, Recommendation, ReportedPerson
from .workflow import OPEN_STATUSES, Status


@dataclass(frozen=True)
class CaseFilters:
    election_id: int | None = None
    kind: str = ""
    status: str = ""
    category: str = ""
    office_id: int | None = None
    region: str = ""
    due_before: date | None = None
    overdue: bool = False
    query: str = ""


def case_list(*, user: AnyUser, filters: CaseFilters | None = None, action: str = CaseAction.VIEW
              ) -> QuerySet[Case]:
    """Cases the user may see, filtered, with the nearest running deadline annotated."""
    f = filters or CaseFilters()
    qs = Case.objects.visible_to(user, action).select_related("election", "office")
    if f.election_id:
        qs = qs.filter(election_id=f.election_id)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.office_id:
        qs = qs.filter(office_id=f.office_id)
    if f.region:
        qs = qs.filter(region_code__subtree=f.region)
    if f.query:
        qs = qs.filter(
            Q(intake_number__icontains=f.query)
            | Q(registration_number__icontains=f.query)
            | Q(title__icontains=f.query)
        )
    # Correlated subqueries (not a join + GROUP BY) so the region index and the partial
    # "running deadlines" index serve the page: see bench/bench_cases.py.
    running = CaseDeadline.objects.filter(case=OuterRef("pk"), stopped_on__isnull=True)
    qs = qs.annotate(next_due=Subquery(running.order_by("due_on").values("due_on")[:1]))
    if f.due_before:
        qs = qs.filter(Exists(running.filter(due_on__lte=f.due_before)))
    if f.overdue:
        qs = qs.filter(Exists(running.filter(due_on__lt=timezone.localdate())))
    return qs.order_by("-received_at", "-pk")


def case_queryset(*, user: AnyUser, action: str = CaseAction.VIEW) -> QuerySet[Case]:
    """The cases ``user`` may reach with ``action``, with what every case page names (election,
    handling office, the initial information it was raised from)."""
    return (
        Case.objects.visible_to(user, action)
        .select_related("election", "office", "raised_from")
    )


def case_get(*, user: AnyUser, pk: int, action: str = CaseAction.VIEW) -> Case:
    """Raises Case.DoesNotExist outside the user's scope (views answer 404)."""
    return case_queryset(user=user, action=action).get(pk=pk)


def case_read_queryset(*, user: AnyUser, action: str = CaseAction.VIEW) -> QuerySet[Case]:
    """The one read model of a case for its page and the API: the case and everything both
    show (persons, classification, clocks, recommendations with their sender and sanctions,
    and timeline), fetched in a fixed number of queries however much the case holds. Read
    the relations with ``.all()``."""
    return (
        case_queryset(user=user, action=action)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("reported_persons", queryset=ReportedPerson.objects.order_by("pk")),
            "violation_types",
            Prefetch("deadlines", queryset=CaseDeadline.objects.select_related("rule")),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related(
                "recipient", "sender").prefetch_related("sanctions__reported_person")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
        )
    )


def case_read(*, user: AnyUser, pk: int, action: str = CaseAction.VIEW) -> Case:
    """One case through :func:`case_read_queryset`. Raises Case.DoesNotExist outside the
    user's scope."""
    return case_read_queryset(user=user, action=action).get(pk=pk)


@dataclass(frozen=True)
class DashboardCounts:
    open_cases: int
    due_soon: int
    overdue: int
    awaiting_follow_up: int
    unanswered_recommendations: int


def dashboard_counts(
    *, user: AnyUser, today: date | None = None, soon_days: int = 2
) -> DashboardCounts:
    today = today or timezone.localdate()
    visible = Case.objects.visible_to(user, CaseAction.VIEW)
    running = CaseDeadline.objects.filter(case__in=visible.values("pk"), stopped_on__isnull=True)
    counts = running.aggregate(
        due_soon=Count("case", distinct=True,
                       filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=soon_days))),
        overdue=Count("case", distinct=True, filter=Q(due_on__lt=today)),
    )
    open_counts = visible.aggregate(
        open_cases=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        awaiting=Count("pk", filter=Q(status__in=["forwarded", "awaiting_follow_up",
                                                  "escalated"])),
    )
    unanswered = Recommendation.objects.filter(
        case__in=visible.values("pk"), status__in=["sent", "acknowledged"], due_on__lt=today
    ).count()
    return DashboardCounts(
        open_cases=open_counts["open_cases"],
        due_soon=counts["due_soon"],
        overdue=counts["overdue"],
        awaiting_follow_up=open_counts["awaiting"],
        unanswered_recommendations=unanswered,
    )


def inbox(*, user: AnyUser) -> QuerySet[Recommendation]:
    """Recommendations sent to the user's organisations (recipient-agency officers)."""
    scope = get_scope(user)
    ids = scope.organisation_ids(CaseAction.RESPOND)
    qs = Recommendation.objects.select_related("case", "recipient", "case__office", "sender")
    if not scope.superuser:
        qs = qs.filter(recipient_id__in=ids)
    return qs.order_by("status", "due_on")


def recommendation_get(*, user: AnyUser, pk: int) -> Recommendation:
    return inbox(user=user).get(pk=pk)


def possible_duplicates(*, user: AnyUser, case: Case, window_days: int = 60) -> list[Case]:
    """Other visible cases about the same reported person (NIP, or normalised name + agency)
    whose dates overlap within ``window_days``."""
    persons = list(case.reported_persons.all())
    if not persons:
        return []
    match = Q(pk__in=[])
    for p in persons:
        if p.nip:
            match |= Q(nip=p.nip)
        if p.normalised_name and p.normalised_agency:
            match |= Q(normalised_name=p.normalised_name, normalised_agency=p.normalised_agency)
    anchor = case.incident_date or case.known_date
    low, high = anchor - timedelta(days=window_days), anchor + timedelta(days=window_days)
    same_person = ReportedPerson.objects.filter(match, case=OuterRef("pk"))
    linked = case.links.values("other_id")
    return list(
        Case.objects.visible_to(user, CaseAction.VIEW)
        .exclude(pk=case.pk)
        .exclude(pk__in=linked)
        .filter(Exists(same_person), known_date__gte=low, known_date__lte=high)
        .select_related("office")[:20]
    )


# --- Reads for other modules (through the intake port's source link) ---------------------------


@dataclass(frozen=True)
class PublicStep:
    on: date
    label: str


@dataclass(frozen=True)
class SourceCaseSummary:
    """What may be shown about a case to the person or module it came from: no names, no
    identity, no internal notes."""

    case_id: int
    intake_number: str
    registration_number: str | None
    kind: str
    kind_label: str
    status: str
    status_label: str
    office_name: str
    public_steps: list[PublicStep]
    closed: bool


def cases_for_source(obj: Model) -> QuerySet[Case]:
    """Every case opened from ``obj`` (a portal report, a monitoring hit …), oldest first; a finding
    raised from initial information keeps the same source, so it is included."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return Case.objects.filter(source_content_type=content_type,
                               source_object_id=str(obj.pk)).order_by("received_at", "pk")


def source_case_summary(obj: Model) -> SourceCaseSummary | None:
    """The current case of a source record with its public timeline (status changes only), or
    ``None`` when no case was opened from it."""
    cases = list(cases_for_source(obj).select_related("office"))
    if not cases:
        return None
    current = cases[-1]
    steps: list[PublicStep] = []
    events = (CaseEvent.objects.filter(case__in=cases).order_by("at", "pk")
              .values_list("at", "from_status", "to_status"))
    for at, from_status, to_status in events:
        if from_status == to_status:
            continue  # deadline extensions, conflict declarations … are internal
        label = str(Status(to_status).label) if to_status in Status.values else to_status
        steps.append(PublicStep(on=timezone.localdate(at), label=label))
    return SourceCaseSummary(
        case_id=current.pk,
        intake_number=current.intake_number,
        registration_number=current.registration_number,
        kind=current.kind,
        kind_label=str(current.get_kind_display()),
        status=current.status,
        status_label=str(current.get_status_display()),
        office_name=current.office.name,
        public_steps=steps,
        closed=current.status not in OPEN_STATUSES,
    )
