"""The case widgets of the home page (slot ``core.home``): each role sees its own work.

* field supervisors (PKD, Panwascam): a one-click "record a finding" button and their recent
  findings;
* handlers: what waits for registration, for clarification and for the legal study;
* commissioners: what waits for the plenary;
* recipient bodies: their recommendation inbox, overdue answers first;
* and, for those who handle or analyse cases, the deadline panel (``home_deadlines``).

Every list is narrowed to the cases whose next step the user may take
(``next_step.waiting_for``), shows the due date of that step, overdue first, and links to the
case list filtered the same way.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.accounts.roles import Role
from netra.core.scoping import get_scope, may

from . import next_step, selectors
from .choices import CaseKind, RecommendationStatus
from .models import Case
from .permissions import CaseAction
from .workflow import Status

URGENT_DAYS = 2
SHOWN = 5  # cases per work list
CANDIDATES = 100  # cases whose due date is computed to find the most urgent SHOWN


def _roles(user) -> set[str]:
    scope = get_scope(user)
    if scope.superuser:
        return {r.value for r in Role}
    return {g.role for g in scope.grants}


def supervises(user) -> bool:
    """Whether the user sees cases as a supervisory office (not only as a recipient body of
    some of them): the menu's "Cases" and "Statistics" entries."""
    scope = get_scope(user)
    return scope.superuser or any(g.supervisory and g.allows(CaseAction.VIEW)
                                  for g in scope.grants)


def home_deadlines(request) -> dict | None:
    """Due-soon and overdue cases and the ten most urgent ones; hidden for users who see no
    cases and for those whose home page has its own work list instead (field supervisors,
    recipient bodies)."""
    user = request.user
    if not may(user, CaseAction.VIEW):
        return None
    if not _roles(user) - {Role.FIELD_SUPERVISOR, Role.RECIPIENT_OFFICER}:
        return None
    today = timezone.localdate()
    due_before = today + timedelta(days=URGENT_DAYS)
    urgent = selectors.case_list(
        user=user, filters=selectors.CaseFilters(due_before=due_before)
    ).order_by("next_due", "pk")[:10]
    return {
        "case_counts": selectors.dashboard_counts(user=user, today=today, soon_days=URGENT_DAYS),
        "urgent_cases": list(urgent),
        "urgent_due_before": due_before,
        "today": today,
    }


@dataclass
class WorkList:
    """One block of the home page: a step, how many cases wait for it per status (each a link
    to the filtered case list) and the most urgent ones with their due dates."""

    key: str
    title: Any
    statuses: list[dict[str, Any]] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    total: int = 0
    overdue: int = 0


# The handlers' and commissioners' steps: (key, title, statuses).
STEPS: tuple[tuple[str, Any, tuple[str, ...], frozenset[str]], ...] = (
    ("registration", _("Waiting for registration"),
     (Status.RECEIVED, Status.UNDER_CHECK, Status.AWAITING_COMPLETION),
     frozenset({Role.HANDLING_STAFF, Role.ADMINISTRATOR})),
    ("clarification", _("Waiting for clarification"),
     (Status.REGISTERED, Status.CLARIFICATION),
     frozenset({Role.HANDLING_STAFF, Role.ADMINISTRATOR})),
    ("legal_study", _("Waiting for the legal study"), (Status.LEGAL_STUDY,),
     frozenset({Role.HANDLING_STAFF, Role.ADMINISTRATOR})),
    ("plenary", _("Waiting for the plenary"), (Status.PLENARY,),
     frozenset({Role.COMMISSIONER})),
)


def _list_url(**params: str) -> str:
    return reverse("cases:case_list") + "?" + urlencode(params)


def _urgent(qs: QuerySet[Case], today: date) -> tuple[list[Case], int]:
    """The SHOWN most urgent cases of ``qs`` (overdue first, then by due date) and how many of
    the examined ones are overdue."""
    candidates = list(
        next_step.annotate_next_due_key(qs).select_related("election", "office")
        .order_by(F("next_due").asc(nulls_last=True), "received_at", "pk")[:CANDIDATES]
    )
    actions = next_step.decorate(candidates, today=today)
    candidates.sort(key=lambda c: (actions[c.pk].due_on or date.max, c.received_at))
    return candidates[:SHOWN], sum(1 for a in actions.values() if a.overdue)


def _work_list(user, key: str, title: Any, statuses: tuple[str, ...], today: date) -> WorkList:
    waiting = next_step.waiting_for(selectors.case_list(user=user), user).filter(
        status__in=statuses)
    counts = dict(waiting.order_by().values_list("status").annotate(n=Count("pk")))
    work = WorkList(key=key, title=title, total=sum(counts.values()))
    work.statuses = [
        {"label": Status(s).label, "count": counts.get(s, 0),
         "url": _list_url(status=s, mine="on")}
        for s in statuses
    ]
    if work.total:
        work.cases, work.overdue = _urgent(waiting, today)
    return work


def home_work(request) -> dict | None:
    """The user's own work, by role; ``None`` (hidden) when the user takes no case step."""
    user = request.user
    if not may(user, CaseAction.VIEW):
        return None
    roles = _roles(user)
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today, "lists": [], "finding": None, "inbox": None}
    if Role.FIELD_SUPERVISOR in roles:
        recent = list(
            Case.objects.visible_to(user, CaseAction.VIEW)
            .filter(created_by=user, kind__in=[CaseKind.FINDING, CaseKind.INITIAL_INFO])
            .select_related("election", "office").order_by("-received_at", "-pk")[:SHOWN]
        )
        next_step.decorate(recent, today=today)
        context["finding"] = {
            "url": reverse("cases:case_create") + "?" + urlencode({"kind": CaseKind.FINDING}),
            "recent": recent,
        }
    for key, title, statuses, step_roles in STEPS:
        if roles & step_roles:
            context["lists"].append(_work_list(user, key, title, statuses, today))
    if Role.RECIPIENT_OFFICER in roles:
        open_recs = selectors.inbox(user=user).filter(
            status__in=[RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED])
        context["inbox"] = {
            "total": open_recs.count(),
            "overdue": open_recs.filter(due_on__lt=today).count(),
            "recommendations": list(open_recs.order_by("due_on", "pk")[:SHOWN]),
            "url": reverse("cases:inbox") + "?state=open",
            "overdue_url": reverse("cases:inbox") + "?state=overdue",
        }
    if not (context["lists"] or context["finding"] or context["inbox"]):
        return None
    context["waiting_url"] = _list_url(mine="on")
    return context
