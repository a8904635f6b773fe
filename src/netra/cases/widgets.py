"""The case-deadline panel on the dashboard (slot ``core.home``)."""

from datetime import timedelta

from django.utils import timezone

from netra.core.scoping import may

from . import selectors
from .permissions import CaseAction

URGENT_DAYS = 2


def home_deadlines(request) -> dict | None:
    """Due-soon and overdue cases and the ten most urgent ones; hidden for users who see no
    cases."""
    user = request.user
    if not may(user, CaseAction.VIEW):
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
