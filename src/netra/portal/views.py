"""Public portal pages (no login) and the handling office's inbox (``portal.respond``).

Views parse input, call one service or selector, and render. The receipt page is the answer to
the submitting POST itself: the code is never stored, and a reload re-sends the same form, which
the idempotency key turns into the same submission and the same code.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from netra.core.charts import chart_download
from netra.core.scoping import may
from netra.files.download import private_file_response, serve_private_file
from netra.regions.selectors import region_search
from netra.regions.views import picker_context

from . import documents, grants, pages, ratelimit, receipts, selectors, services
from .choices import RequestedKind, SubmissionStatus
from .forms import (
    IdentityForm,
    OfficeMessageForm,
    ReceiptLookupForm,
    ReporterMessageForm,
    ReportForm,
)
from .models import Submission
from .permissions import PortalAction

_FIELD = re.compile(r"^[a-z_][a-z0-9_-]{0,40}$")
_CODE = re.compile(r"^[0-9.]{0,13}$")


def _granted(request, pk: int) -> Submission:
    """The submission ``pk`` when the browser's signed cookie grants it (``grants``), else 404."""
    if not grants.of(request).allows(pk):
        raise Http404
    submission = Submission.objects.filter(pk=pk).select_related("election", "office").first()
    if submission is None:
        raise Http404
    return submission


def home(request):
    return render(request, "portal/home.html", {})


def ping(request):
    """A trivial endpoint of the same app: the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


# --- Region picker (public) ---------------------------------------------------------------


def region_picker(request):
    field = request.GET.get("field", "")
    code = request.GET.get("_region_pick", request.GET.get("code", ""))
    if not _FIELD.match(field) or not _CODE.match(code):
        return HttpResponseBadRequest(_("Invalid picker request."))
    from netra.regions.selectors import region_get

    if code and region_get(code) is None:
        code = ""
    return render(request, "portal/_region_picker.html", picker_context(field, code))


def region_results(request):
    field = request.GET.get("field", "")
    if not _FIELD.match(field):
        return HttpResponseBadRequest(_("Invalid picker request."))
    query = request.GET.get("q", "")[:80]
    results = region_search(query) if len(query.strip()) >= 2 else []
    return render(request, "portal/_region_results.html",
                  {"field": field, "results": results, "q": query})


# --- Reporting ----------------------------------------------------------------------------


@never_cache
def report(request):
    """The public report form; a valid POST answers with the receipt."""
    if request.method != "POST":
        return render(request, "portal/report_form.html", {"form": ReportForm()})
    response = _report_post(request)
    if response.status_code == 200 or not grants.of(request).valid:
        # The receipt grants its submission; any answer keeps the visitor id of the
        # per-session rate limit.
        grants.remember(request, response)
    return response


def _report_post(request) -> HttpResponse:
    form = ReportForm(request.POST, request.FILES)
    if form.is_bot:
        # Honeypot filled: answer like a refusal, store nothing.
        return render(request, "portal/report_form.html",
                      {"form": ReportForm(), "refused": _("Your report could not be accepted. "
                                                         "Please try again.")}, status=400)
    if ratelimit.over_limit(request, "submit", per_ip="NETRA_PORTAL_SUBMIT_PER_IP",
                            per_session="NETRA_PORTAL_SUBMIT_PER_SESSION"):
        return render(request, "portal/report_form.html", {
            "form": form, "refused": _("Too many reports were sent from your connection. "
                                       "Please wait an hour and try again, or report at the "
                                       "nearest Bawaslu office.")}, status=429)
    if not form.is_valid():
        return render(request, "portal/report_form.html", {"form": form}, status=400)
    try:
        outcome = services.submit_report(data=form.report_input(),
                                         idempotency_key=form.cleaned_data["idempotency_key"],
                                         open_elections=form.open_elections)
    except ValidationError as exc:
        _add_errors(form, exc)
        return render(request, "portal/report_form.html", {"form": form}, status=400)
    grants.add(request, outcome.submission.pk)
    return pages.receipt(
        request, submission=outcome.submission, code=receipts.display(outcome.receipt_code),
        formal=outcome.submission.recorded_kind == "report",
        requested_formal=outcome.submission.requested_kind == RequestedKind.REPORT)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_POST
def receipt_pdf(request):
    """The PDF receipt, generated on demand from the code the reporter holds (never stored)."""
    code = request.POST.get("code", "")
    if ratelimit.is_blocked(request, "lookup", per_ip="NETRA_PORTAL_LOOKUP_PER_IP"):
        return HttpResponse(_("Too many wrong receipt codes. Please wait and try again."),
                            status=429, content_type="text/plain; charset=utf-8")
    submission = services.submission_for_code(code)
    if submission is None:
        ratelimit.over_limit(request, "lookup", per_ip="NETRA_PORTAL_LOOKUP_PER_IP")
        raise Http404
    rendered = documents.receipt_pdf(submission=submission, code=code)
    response = HttpResponse(rendered, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="tanda-terima.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Status page --------------------------------------------------------------------------


@never_cache
def status_lookup(request):
    form = ReceiptLookupForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.is_blocked(request, "lookup", per_ip="NETRA_PORTAL_LOOKUP_PER_IP"):
            form.add_error(None, _("Too many wrong receipt codes. Please wait 15 minutes and "
                                   "try again."))
            return render(request, "portal/status_lookup.html", {"form": form}, status=429)
        if form.is_valid():
            submission = services.submission_for_code(form.cleaned_data["code"])
            if submission is not None:
                response = redirect("portal:status", pk=submission.pk)
                grants.grant(request, response, submission.pk)
                return response
            ratelimit.over_limit(request, "lookup", per_ip="NETRA_PORTAL_LOOKUP_PER_IP")
            form.add_error("code", _("No report has this receipt code. Check the code on your "
                                     "receipt."))
        return render(request, "portal/status_lookup.html", {"form": form}, status=400)
    return render(request, "portal/status_lookup.html", {"form": form})


@never_cache
def status(request, pk: int):
    submission = _granted(request, pk)
    message_form = ReporterMessageForm()
    if request.method == "POST":
        message_form = ReporterMessageForm(request.POST, request.FILES)
        if ratelimit.over_limit(request, "message", per_ip="NETRA_PORTAL_MESSAGE_PER_IP"):
            message_form.add_error(None, _("Too many messages. Please wait and try again."))
        elif message_form.is_valid():
            try:
                services.post_reporter_message(submission=submission,
                                               body=message_form.cleaned_data["body"],
                                               files=message_form.cleaned_data["files"])
            except ValidationError as exc:
                _add_errors(message_form, exc)
            else:
                messages.success(request, _("Your message was sent to the handling office."))
                return redirect("portal:status", pk=pk)
    return render(request, "portal/status.html", {
        "submission": submission, "summary": selectors.case_summary(submission),
        "thread": selectors.message_list(submission), "message_form": message_form,
        "identity_form": IdentityForm() if _may_reveal(submission) else None,
        "closed": submission.status == SubmissionStatus.CLOSED,
    }, status=400 if message_form.errors else 200)


def _may_reveal(submission: Submission) -> bool:
    return (submission.requested_kind == RequestedKind.INITIAL_INFO
            and submission.identity_revealed_at is None)


@require_POST
def reveal_identity(request, pk: int):
    submission = _granted(request, pk)
    form = IdentityForm(request.POST)
    if form.is_valid():
        try:
            services.reveal_identity(submission=submission, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if submission.recorded_kind == "report":
                messages.success(request, _("Your identity was sent to the handling office in "
                                            "confidence. Your information goes on as a formal "
                                            "report."))
            else:
                messages.success(request, _("Your identity was sent to the handling office in "
                                            "confidence. The message below says what happens "
                                            "next."))
            return redirect("portal:status", pk=pk)
    return render(request, "portal/status.html", {
        "submission": submission, "summary": selectors.case_summary(submission),
        "thread": selectors.message_list(submission), "message_form": ReporterMessageForm(),
        "identity_form": form, "closed": submission.status == SubmissionStatus.CLOSED,
    }, status=400)


def reporter_file(request, pk: int, file_pk: int):
    submission = _granted(request, pk)
    row = selectors.message_file_for_reporter(submission, file_pk)
    if row is None:
        raise Http404
    return private_file_response(row.file, content_type=row.content_type, file_name=row.name)


# --- Transparency -------------------------------------------------------------------------


def transparency(request):
    tables = selectors.transparency_tables()
    charts = {t.key: selectors.transparency_chart(t) for t in tables}
    response = chart_download(request, lambda key: charts.get(key.removeprefix("portal-")))
    if response is not None:
        return response
    return render(request, "portal/transparency.html", {
        "tables": [(t, charts[t.key]) for t in tables], "threshold": selectors.min_count()})


# --- Handling office ----------------------------------------------------------------------


def _require_respond(request) -> None:
    if not may(request.user, PortalAction.RESPOND):
        raise Http404


@login_required
def inbox(request):
    _require_respond(request)
    status_filter = request.GET.get("status", "")
    rows = selectors.inbox_list(user=request.user, status=status_filter)[:200]
    return render(request, "portal/inbox.html", {
        "rows": rows, "status_filter": status_filter, "statuses": SubmissionStatus.choices,
        "breadcrumbs": [(_("Portal reports"), None)]})


@login_required
def inbox_detail(request, pk: int):
    _require_respond(request)
    try:
        submission = selectors.inbox_get(user=request.user, pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None
    form = OfficeMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_office_message(submission=submission, actor=request.user,
                                         **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your message was sent to the reporter."))
            return redirect("portal:inbox_detail", pk=pk)
    case_url = (reverse("cases:case_detail", args=[submission.case_id])
                if submission.case_id else "")
    return render(request, "portal/inbox_detail.html", {
        "submission": submission, "thread": selectors.message_list(submission), "form": form,
        "case_url": case_url,
        "breadcrumbs": [(_("Portal reports"), reverse("portal:inbox")),
                        (submission.intake_number or submission.receipt_display, None)],
    }, status=400 if form.errors else 200)


@login_required
def inbox_file(request, file_pk: int):
    _require_respond(request)
    try:
        row = selectors.message_file_for_office(user=request.user, pk=file_pk)
    except Exception:
        raise Http404 from None
    return serve_private_file(request, obj=row, field_file=row.file,
                              content_type=row.content_type, file_name=row.name)
