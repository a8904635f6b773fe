"""Dashboard and health check."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from netra.accounts.selectors import membership_list
from netra.cases import selectors as case_selectors
from netra.orgs.selectors import organisation_list
from netra.regions.selectors import region_label


@login_required
def home(request):
    memberships = [
        {"membership": m, "jurisdiction": region_label(m.organisation.region_code)}
        for m in request.user.memberships.filter(is_active=True).select_related("organisation")
    ]
    context = {
        "memberships": memberships,
        "organisation_count": organisation_list(user=request.user).count(),
        "staff_count": membership_list(user=request.user).filter(is_active=True).count(),
        **_case_widget(request.user),
    }
    return render(request, "core/home.html", context)


URGENT_DAYS = 2


def _case_widget(user) -> dict:
    """Due-soon and overdue cases for the office dashboard, and the ten most urgent ones."""
    today = timezone.localdate()
    due_before = today + timedelta(days=URGENT_DAYS)
    urgent = case_selectors.case_list(
        user=user, filters=case_selectors.CaseFilters(due_before=due_before)
    ).order_by("next_due", "pk")[:10]
    return {
        "case_counts": case_selectors.dashboard_counts(user=user, today=today,
                                                       soon_days=URGENT_DAYS),
        "urgent_cases": list(urgent),
        "urgent_due_before": due_before,
        "today": today,
    }


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
