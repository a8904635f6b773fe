"""The user's notification list, and marking notifications read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    unread_only = request.GET.get("show") == "unread"
    qs = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {
        "page_obj": page,
        "notifications": page.object_list,
        "unread_only": unread_only,
        "unread_count": selectors.unread_count(user=request.user),
        "querystring_prefix": "show=unread&" if unread_only else "",
        "breadcrumbs": [(_("Notifications"), None)],
    })


@login_required
@require_GET
def unread_count(request):
    """The header's badge (loaded by htmx once the page is shown)."""
    html = render_to_string("notifications/_header.html",
                            {"unread_count": selectors.unread_count(user=request.user)})
    return HttpResponse(html)


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark read and, when asked to open it, go to what it is about."""
    try:
        note = services.mark_read(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if request.POST.get("open") and note.url and url_has_allowed_host_and_scheme(
            note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:notification_list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications:notification_list")
