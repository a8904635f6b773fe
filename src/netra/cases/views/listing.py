"""The case list with its CSV/XLSX export, and recording a new case."""

import json
import uuid
from dataclasses import replace
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.core.exports import FORMATS, export_response
from netra.core.idempotency import IdempotencyKeyReused, request_fingerprint, run_once
from netra.core.scoping import may
from netra.core.views import ScopedListView, add_service_errors
from netra.elections.selectors import election_list
from netra.rules.calendar import WorkingCalendar

from .. import guards, next_step, selectors, services
from ..choices import CaseKind
from ..forms import (
    CaseCreateForm,
    CaseFilterForm,
    ReportedPersonFormSet,
)
from ..models import Case
from .common import PAGE_SIZE, CaseScopedMixin, _intake_offices, _own_office


# (django-stubs types ``model`` differently on the list mixins, as for ScopedListView)
class CaseListView(CaseScopedMixin, ScopedListView):  # type: ignore[misc]
    """The cases in the user's scope, filtered, with each row's next step; ``?format=csv|xlsx``
    exports them (with the export right)."""

    http_method_names = ["get"]
    template_name = "cases/case_list.html"
    context_object_name = "cases"
    paginate_by = PAGE_SIZE
    lenient_pages = True

    def get(self, request, *args, **kwargs):
        user = request.user
        elections = election_list(user=user).prefetch_related(None)  # the stages are not needed
        self.filters = CaseFilterForm(request.GET or None, elections=elections)
        self.today = timezone.localdate()
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            return _export(request, self.filters, self.filters.to_filters(), fmt)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = self.filters.to_filters()
        qs = _narrowed(selectors.case_list(user=self.request.user,
                                           filters=replace(filters, overdue=False)),
                       self.filters, filters, user=self.request.user, today=self.today)
        return next_step.annotate_next_due_key(qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # The next step of each row, computed for the page in a fixed number of queries.
        page.object_list = list(page.object_list)
        next_step.decorate(page.object_list, today=self.today)
        user = self.request.user
        context.update(
            object_list=page.object_list,
            cases=page.object_list,
            filters=self.filters,
            today=self.today,
            **self.query_context(),
            can_export=may(user, CaseAction.EXPORT),
            can_create=_intake_offices(user).exists(),
            breadcrumbs=[(_("Cases"), None)],
        )
        return context


case_list = CaseListView.as_view()


def _narrowed(qs, form: CaseFilterForm, filters, *, user, today: date):
    """The filters that follow the next step (cases.next_step): overdue as the list marks it,
    including the report window before registration, and the cases waiting for this user."""
    if filters.overdue:
        qs = qs.filter(next_step.overdue_q(today))
    if form.is_bound and form.cleaned_data.get("mine"):
        qs = next_step.waiting_for(qs, user)
    return qs


def _export(request, form: CaseFilterForm, filters, fmt: str):
    if not may(request.user, CaseAction.EXPORT):
        raise Http404
    today = timezone.localdate()
    qs = _narrowed(selectors.case_list(user=request.user, filters=replace(filters, overdue=False),
                                       action=CaseAction.EXPORT),
                   form, filters, user=request.user, today=today)
    headers = [_("Number"), _("Intake number"), _("Registration number"), _("Summary"),
               _("Kind"), _("Status"), _("Category"), _("Election"), _("Handling office"),
               _("Next deadline"), _("Overdue"), _("Received on"), _("Date it became known"),
               _("Place (region code)")]
    rows = (
        (c.number, c.intake_number, c.registration_number or "", c.title, c.get_kind_display(),
         c.get_status_display(), c.get_category_display() if c.category else "",
         c.election.name, c.office.name, due.isoformat() if (due := _next_due(c)) else "",
         _("yes") if due and due < today else "",
         timezone.localtime(c.received_at).date().isoformat(), c.known_date.isoformat(),
         c.place_region_code)
        for c in qs.iterator(chunk_size=2000)
    )
    return export_response(fmt=fmt, filename="kasus", headers=headers, rows=rows)


def _reporters(data) -> list[services.ReporterInput]:
    name = (data.get("reporter_name") or "").strip()
    if not name:
        return []
    return [services.ReporterInput(
        name=name, reporter_type=data.get("reporter_type") or "citizen",
        nik=data.get("reporter_nik") or "", address=(data.get("reporter_address") or "").strip(),
        phone=(data.get("reporter_phone") or "").strip(), email=data.get("reporter_email") or "",
    )]


def _person(data) -> services.PersonInput:
    return services.PersonInput(
        employment_type=data["employment_type"], position=data["position"],
        agency=data["agency"], name=data.get("name") or "", nip=data.get("nip") or "",
    )


@login_required
def case_create(request):
    user = request.user
    offices = _intake_offices(user)
    if not offices.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = CaseCreateForm(
        data, elections=election_list(user=user).filter(is_active=True).prefetch_related(None),
        offices=offices, own_office=_own_office(user),
        initial={"known_date": timezone.localdate(), **_kind_from_link(request)},
    )
    persons = ReportedPersonFormSet(data, prefix="persons")
    # One key per rendered form, kept across re-renders with errors (a refused submit stores
    # nothing, so the corrected one may use it).
    submit_key = (data.get("submit_key", "") if data is not None else "")[:64] or None
    status = 200
    if data is not None:
        forms_valid = form.is_valid()
        persons_valid = persons.is_valid()
        if forms_valid and persons_valid:
            cleaned = form.cleaned_data

            def create() -> Case:
                return services.open_case(
                    actor=user, election=cleaned["election"], office=cleaned["office"],
                    kind=cleaned["kind"], source=cleaned["source"], title=cleaned["title"],
                    known_date=cleaned["known_date"], description=cleaned["description"],
                    incident_date=cleaned["incident_date"],
                    place_region_code=cleaned["place_region_code"],
                    place_address=cleaned["place_address"],
                    reported_persons=[_person(p) for p in persons.persons()],
                    reporters=_reporters(cleaned),
                )

            try:
                # A double submit (or a resubmitted page) carries the form's key again and
                # gets the case the first submit recorded (netra.core.idempotency).
                case = run_once(
                    user=user, key=submit_key, create=create,
                    fingerprint=request_fingerprint(
                        method=request.method, path=request.path, body=_form_body(request)
                    ),
                ) if submit_key else create()
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "reporters" in exc.error_dict:
                    form.add_error("reporter_name", exc.error_dict.pop("reporters"))
                add_service_errors(form, exc)
            except OutOfScope as exc:
                form.add_error("office", str(exc))
            except IdempotencyKeyReused:
                submit_key = None  # this page's form was already used: give it a fresh key
                form.add_error(None, _(
                    "This form was already submitted with other content. Check the case "
                    "list, then submit again to record another case."
                ))
            else:
                _announce_created(request, case)
                return redirect("cases:case_detail", pk=case.pk)
        status = 400
    context = {
        "form": form,
        "persons": persons,
        "submit_key": submit_key or uuid.uuid4().hex,
        "title": _("Record a case"),
        "breadcrumbs": [(_("Cases"), reverse("cases:case_list")), (_("Record a case"), None)],
    }
    return render(request, "cases/case_form.html", context, status=status)


def _kind_from_link(request) -> dict[str, str]:
    """``?kind=finding`` (the home page's "record a finding" button) preselects the kind."""
    kind = request.GET.get("kind", "")
    return {"kind": kind} if kind in CaseKind.values else {}


def _form_body(request) -> bytes:
    """The submitted fields (without the CSRF token, which differs per page) as a stable body."""
    fields = sorted((k, v) for k, v in request.POST.lists() if k != "csrfmiddlewaretoken")
    return json.dumps(fields).encode()


def _announce_created(request, case: Case) -> None:
    messages.success(request, _("Recorded as %(number)s.") % {"number": case.intake_number})
    if case.kind == CaseKind.INITIAL_INFO:
        return
    late = guards.within_report_window(case, calendar=WorkingCalendar())
    if late:
        messages.warning(
            request,
            _("%(reason)s It is recorded and kept, but the formal check will not register it.")
            % {"reason": late},
        )


def _next_due(case) -> date | None:
    """The earliest running deadline, annotated by ``selectors.case_list``."""
    return getattr(case, "next_due", None)
