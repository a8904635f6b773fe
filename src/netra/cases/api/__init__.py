"""Case API endpoints (django-ninja): cases, reported persons and the recommendation inbox.

Thin entry points: each parses input, calls one selector or service and returns a schema.
Objects are fetched only through ``cases.selectors`` (which use ``visible_to``), so anything
outside the caller's scope answers 404. ``TransitionNotAllowed`` and ``ConcurrentEdit`` answer
409 and Django ``ValidationError`` answers 400 (handlers in ``netra.api.urls``)."""

from __future__ import annotations

from .cases import (  # noqa: F401
    add_reported_person,
    complete_nip,
    create_case,
    extend_deadline,
    get_case,
    list_cases,
    persons_router,
    router,
    set_violation_types,
    transition_case,
    update_case,
)
from .recommendations import (  # noqa: F401
    acknowledge_recommendation,
    get_recommendation,
    list_recommendations,
    recommendations_router,
    record_refusal,
    record_sanction,
)
from .schemas import (  # noqa: F401
    CaseDetail,
    CaseIn,
    CaseListItem,
    CaseListQuery,
    CasePatch,
    CaseSummary,
    DeadlineOut,
    ElectionRef,
    EventOut,
    ExtensionIn,
    InboxDetail,
    InboxItem,
    NipIn,
    OrgRef,
    PersonIn,
    RecommendationBase,
    RecommendationOut,
    RefusalIn,
    ReportedPersonOut,
    ReporterIn,
    ReporterOut,
    SanctionIn,
    SanctionOut,
    SanctionsIn,
    TransitionIn,
    TransitionOut,
    ViolationTypeRef,
    ViolationTypesIn,
)
