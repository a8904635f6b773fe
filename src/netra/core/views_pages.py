"""Dashboard and health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from netra.accounts.selectors import membership_list
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
    }
    return render(request, "core/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
