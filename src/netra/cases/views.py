"""Case pages for supervisors: the list and its export, recording a case, the case page with
its workflow buttons and action forms, and editing the description.

Every case is fetched through ``visible_to`` (via ``selectors``): a case outside the user's
scope, or one they declared a conflict of interest on, answers 404. Each POST calls one service;
a refused workflow step or a concurrent edit answers 409 with the case page and the reason.
"""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from netra.accounts.selectors import primary_membership
from netra.cases.permissions import CaseAction
from netra.core.audit import object_history
from netra.core.exceptions import OutOfScope
from netra.core.exports import FORMATS, export_response
from netra.core.idempotency import IdempotencyKeyReused, request_fingerprint, run_once
from netra.core.scoping import can, may
from netra.core.views import add_service_errors
from netra.elections.selectors import election_list
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.models import Organisation
from netra.regions.selectors import region_label
from netra.rules import selectors as rules_selectors
from netra.rules.calendar import WorkingCalendar

from . import guards, selectors, services
from .choices import CaseKind
from .documents import document_list
from .evidence import evidence_list
from .forms import (
    CaseCreateForm,
    CaseFilterForm,
    CaseUpdateForm,
    ClassifyForm,
    CompleteNipForm,
    ConflictForm,
    CorrectFactsForm,
    DocumentGenerateForm,
    EvidenceUploadForm,
    ExtendDeadlineForm,
    HandoverForm,
    LinkForm,
    ReportedPersonForm,
    ReportedPersonFormSet,
    TransitionForm,
    WitnessForm,
)
from .identity import reveal_identity
from .models import Case
from .validation import facts_locked
from .workflow import BY_NAME, COMMISSIONERS, HANDLERS, SUPERVISORS, Status

PAGE_SIZE = 50
STATUS_LABELS = dict(Status.choices)
EVENT_LABELS = {
    "open": gettext_lazy("Recorded"),
    "extend_deadline": gettext_lazy("Deadline extended"),
    "declare_conflict": gettext_lazy("Conflict of interest declared"),
    "hand_over": gettext_lazy("Handed over to another office"),
    "correction": gettext_lazy("Facts corrected"),
}


def _case_or_404(user, pk: int, action: str = CaseAction.VIEW) -> Case:
    try:
        return selectors.case_get(user=user, pk=pk, action=action)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _may(user, case: Case, action: str, roles=None) -> bool:
    return can(user, action, case, roles)


def _intake_offices(user):
    """Supervisory offices for which the user may record cases (as ``open_case`` checks)."""
    return (
        Organisation.objects.visible_to(user, CaseAction.CHANGE, SUPERVISORS)
        .filter(kind__in=SUPERVISORY_KINDS)
        .order_by("region_code", "name")
    )


def _own_office(user):
    membership = primary_membership(user)
    return membership.organisation if membership else None


# --- List and export ------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    user = request.user
    elections = election_list(user=user).prefetch_related(None)  # the stages are not needed
    form = CaseFilterForm(request.GET or None, elections=elections)
    filters = form.to_filters()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return _export(request, filters, fmt)
    page = Paginator(selectors.case_list(user=user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {
        "filters": form,
        "page_obj": page,
        "cases": page.object_list,
        "today": timezone.localdate(),
        "querystring_prefix": (query.urlencode() + "&") if query else "",
        "export_query": query.urlencode(),
        "can_export": may(user, CaseAction.EXPORT),
        "can_create": _intake_offices(user).exists(),
        "breadcrumbs": [(_("Cases"), None)],
    }
    return render(request, "cases/case_list.html", context)


def _export(request, filters, fmt: str):
    if not may(request.user, CaseAction.EXPORT):
        raise Http404
    qs = selectors.case_list(user=request.user, filters=filters, action=CaseAction.EXPORT)
    today = timezone.localdate()
    headers = [_("Number"), _("Intake number"), _("Registration number"), _("Summary"),
               _("Kind"), _("Status"), _("Category"), _("Election"), _("Handling office"),
               _("Next deadline"), _("Overdue"), _("Received on"), _("Date it became known"),
               _("Place (region code)")]
    rows = (
        (c.number, c.intake_number, c.registration_number or "", c.title, c.get_kind_display(),
         c.get_status_display(), c.get_category_display() if c.category else "",
         c.election.name, c.office.name, c.next_due.isoformat() if c.next_due else "",
         _("yes") if c.next_due and c.next_due < today else "",
         timezone.localtime(c.received_at).date().isoformat(), c.known_date.isoformat(),
         c.place_region_code)
        for c in qs.iterator(chunk_size=2000)
    )
    return export_response(fmt=fmt, filename="kasus", headers=headers, rows=rows)


# --- Recording a case -----------------------------------------------------------------------


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
        initial={"known_date": timezone.localdate()},
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


# --- The case page --------------------------------------------------------------------------

def _auto_id(key: str) -> str:
    """One id prefix per form on the case page, so ids stay unique and errors point at their
    field (``id_<key>_<field>``)."""
    return f"id_{key}_%s"


@login_required
@require_GET
def case_detail(request, pk: int):
    try:
        case = selectors.case_read(user=request.user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    return _render_detail(request, case)


def _render_detail(request, case: Case, *, bound: dict | None = None, status: int = 200,
                   refusal: dict | None = None):
    context = _detail_context(request, case, bound or {})
    context["refusal"] = refusal
    return render(request, "cases/case_detail.html", context, status=status)


def _deadline_rows(case: Case, today) -> list[dict]:
    calendar = WorkingCalendar()
    rows = []
    for deadline in case.deadlines.all():
        running = deadline.is_running
        days_left = calendar.days_left(today, deadline.due_on, deadline.unit) if running else None
        rows.append({
            "deadline": deadline,
            "rule": deadline.rule,
            "days_left": days_left,
            "days_late": -days_left if days_left is not None and days_left < 0 else 0,
            "overdue": running and deadline.due_on < today,
            "extensible": running and not deadline.extended_days
            and bool(deadline.rule.extension_days),
        })
    return rows


def _detail_context(request, case: Case, bound: dict) -> dict:
    user = request.user
    today = timezone.localdate()
    can_change = _may(user, case, CaseAction.CHANGE)
    can_edit = can_change and _may(user, case, CaseAction.CHANGE, SUPERVISORS)
    can_handle = can_edit and _may(user, case, CaseAction.CHANGE, HANDLERS)
    identity = reveal_identity(user=user, case=case, channel="web")
    show_identities = identity is not None

    used: set[str] = set()

    def form(key, factory):
        used.add(key)
        return bound.get(key) or factory()

    transitions = [
        {"spec": t, "form": form(f"transition_{t.name}", lambda t=t: TransitionForm(
            initial={"version": case.version}, auto_id=_auto_id(f"transition_{t.name}")))}
        for t in services.allowed_transitions(case, user) if not t.by_recipient
    ]
    persons = list(case.reported_persons.all())
    deadlines = _deadline_rows(case, today)
    context = {
        "case": case,
        "object": case,
        "today": today,
        "can_change": can_change,
        "can_edit": can_edit,
        "can_handle": can_handle,
        "show_identities": show_identities,
        "place_label": region_label(case.place_region_code) if case.place_region_code else "",
        "persons": persons,
        "reporters": identity.reporters if identity else [],
        "witnesses": identity.witnesses if identity else [],
        "violation_types": list(case.violation_types.all()),
        "deadlines": deadlines,
        "transitions": transitions,
        "recommendations": list(case.recommendations.all()),
        "inbox_ids": set(
            selectors.inbox(user=user).filter(case=case).values_list("pk", flat=True)
        ),
        "events": [
            {"event": e,
             "label": BY_NAME[e.transition].label if e.transition in BY_NAME
             else EVENT_LABELS.get(e.transition, e.transition),
             "from_label": STATUS_LABELS.get(e.from_status, e.from_status),
             "to_label": STATUS_LABELS.get(e.to_status, e.to_status)}
            for e in case.events.all()
        ],
        # Only the files this user may open (reporter-identifying documents are restricted).
        "evidence": list(evidence_list(user=user, case=case)),
        "documents": list(document_list(user=user, case=case)),
        "history": object_history(case),
        "linked": _linked_cases(user, case),
        "breadcrumbs": [(_("Cases"), reverse("cases:case_list")), (case.number, None)],
        "conflict_form": form("conflict", lambda: ConflictForm(auto_id=_auto_id("conflict"))),
    }
    if can_change:
        duplicates = selectors.possible_duplicates(user=user, case=case)
        context.update(
            duplicates=[
                {"case": d, "form": form(f"link_{d.pk}", lambda d=d: LinkForm(
                    initial={"other": d.pk}, auto_id=_auto_id(f"link_{d.pk}")))}
                for d in duplicates
            ],
            nip_forms=[
                {"person": p, "form": form(f"nip_{p.pk}", lambda p=p: CompleteNipForm(
                    initial={"person": p.pk}, auto_id=_auto_id(f"nip_{p.pk}")))}
                for p in persons if not p.nip
            ],
            person_form=form("person", lambda: ReportedPersonForm(auto_id=_auto_id("person"))),
            evidence_form=form("evidence",
                               lambda: EvidenceUploadForm(auto_id=_auto_id("evidence"))),
        )
    if can_handle:
        context.update(
            classify_form=form("classify", lambda: _classify_form(case)),
            extend_forms=[
                {"row": row, "form": form(f"extend_{row['deadline'].key}", lambda row=row:
                                          ExtendDeadlineForm(
                                              initial={"key": row["deadline"].key},
                                              auto_id=_auto_id(f"extend_{row['deadline'].key}")))}
                for row in deadlines if row["extensible"]
            ],
            witness_form=form("witness", lambda: WitnessForm(auto_id=_auto_id("witness"))),
            handover_form=form("handover", lambda: _handover_form(user, case)),
            document_form=form("document",
                               lambda: DocumentGenerateForm(auto_id=_auto_id("document"))),
        )
    # After the plenary decision the facts are locked: no plain edit forms; commissioners who
    # may decide get the recorded correction instead.
    context["facts_locked"] = facts_locked(case)
    if context["facts_locked"]:
        # (a missing NIP may still be completed until the violation is forwarded)
        dropped = {"person", "classify"}
        context.pop("person_form", None)
        context.pop("classify_form", None)
        if case.status != Status.VIOLATION:
            context.pop("nip_forms", None)
            dropped |= {key for key in used if key.startswith("nip_")}
        used -= dropped
        if _may(user, case, CaseAction.DECIDE, COMMISSIONERS):
            context["correct_form"] = form("correct", lambda: _correct_form(case))
    # Errors of a posted form the page no longer draws (e.g. a clock already extended).
    context["unplaced_errors"] = [
        error for key, f in bound.items() if key not in used
        for errors in f.errors.values() for error in errors
    ]
    return context


def _linked_cases(user, case: Case) -> list[dict]:
    links = {link.other_id: link for link in case.links.all()}
    if not links:
        return []
    visible = selectors.case_list(user=user).filter(pk__in=links)
    return [{"case": other, "link": links[other.pk]} for other in visible]


def _classify_form(case: Case, data=None) -> ClassifyForm:
    catalogue = rules_selectors.violation_type_list(
        election_kind=case.election.kind, on=timezone.localdate()
    )
    initial = {"category": case.category,
               "violation_types": [str(pk) for pk in case.violation_types.values_list("pk",
                                                                                       flat=True)]}
    return ClassifyForm(data, initial=initial, violation_types=catalogue,
                        auto_id=_auto_id("classify"))


def _correct_form(case: Case, data=None) -> CorrectFactsForm:
    catalogue = rules_selectors.violation_type_list(
        election_kind=case.election.kind, on=timezone.localdate()
    )
    return CorrectFactsForm(data, case=case, violation_types=catalogue,
                            auto_id=_auto_id("correct"))


def _handover_offices(user, case: Case):
    return (
        Organisation.objects.visible_to(user, CaseAction.VIEW)
        .filter(kind__in=SUPERVISORY_KINDS)
        .exclude(pk=case.office_id)
        .order_by("region_code", "name")
    )


def _handover_form(user, case: Case, data=None) -> HandoverForm:
    return HandoverForm(data, offices=_handover_offices(user, case),
                        auto_id=_auto_id("handover"))


# --- Workflow steps -------------------------------------------------------------------------


@login_required
@require_POST
def case_transition(request, pk: int, name: str):
    """One workflow step from the table; refusals answer 409 with the reasons on the page."""
    user = request.user
    case = _case_or_404(user, pk)
    spec = BY_NAME.get(name)
    if spec is None:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note") or ""
    # A version that does not parse can only be stale: never skip the lock check for it.
    version = -1 if "version" in form.errors else form.cleaned_data.get("version")
    refusal = None
    if spec.by_recipient:
        refusal = {"message": _("“%(step)s” is recorded by the recipient body through its "
                                "recommendation inbox.") % {"step": spec.label}, "reasons": []}
    else:
        try:
            services.transition_case(case=case, transition=name, actor=user, note=note,
                                     expected_version=version)
        except services.TransitionNotAllowed as exc:
            refusal = {"message": exc.message, "reasons": exc.reasons}
        except services.ConcurrentEdit as exc:
            refusal = {"message": str(exc), "reasons": []}
        except rules_selectors.RuleMissing as exc:
            refusal = {"message": _("“%(step)s” cannot be done yet.") % {"step": spec.label},
                       "reasons": [str(exc)]}
        except OutOfScope as exc:
            raise Http404 from exc
    if refusal is None:
        messages.success(request, _("Done: %(step)s.") % {"step": spec.label})
        if request.htmx:
            # Status, clocks and timeline all change: let htmx load the whole page again.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("cases:case_detail", args=[case.pk])
            return response
        return redirect("cases:case_detail", pk=case.pk)
    refusal["step"] = spec.label
    if request.htmx:
        return render(request, "cases/_transition_refusal.html", {"refusal": refusal},
                      status=409)
    case = _case_or_404(user, pk)
    kept = TransitionForm(initial={"note": note, "version": case.version},
                          auto_id=_auto_id(f"transition_{name}"))
    return _render_detail(request, case, bound={f"transition_{name}": kept}, status=409,
                          refusal=refusal)


# --- Other actions on the case page ---------------------------------------------------------


def _act(request, case: Case, key: str, form, perform, success: str):
    """Validate ``form``, call ``perform(form)`` (one service); re-render the case page with
    the errors next to the fields (400) or redirect with ``success``."""
    if form.is_valid():
        try:
            response = perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except OutOfScope as exc:
            raise Http404 from exc
        else:
            messages.success(request, success)
            return response or redirect("cases:case_detail", pk=case.pk)
    return _render_detail(request, case, bound={key: form}, status=400)


@login_required
@require_POST
def case_classify(request, pk: int):
    case = _case_or_404(request.user, pk)
    form = _classify_form(case, request.POST)

    def perform(form):
        services.set_violation_types(case=case, actor=request.user,
                                     category=form.cleaned_data["category"],
                                     violation_type_ids=form.violation_type_ids())

    return _act(request, case, "classify", form, perform,
                _("Category and violation forms saved."))


@login_required
@require_POST
def case_correct(request, pk: int):
    """A commissioner corrects facts locked by the plenary decision, with a written reason."""
    case = _case_or_404(request.user, pk)
    form = _correct_form(case, request.POST)

    def perform(form):
        services.correct_case_facts(case=case, actor=request.user, changes=form.changes(),
                                    reason=form.cleaned_data["reason"])

    return _act(request, case, "correct", form, perform, _("Correction recorded."))


@login_required
@require_POST
def case_extend(request, pk: int):
    case = _case_or_404(request.user, pk)
    key = request.POST.get("key", "")
    form = ExtendDeadlineForm(request.POST, auto_id=_auto_id(f"extend_{key}"))

    def perform(form):
        services.extend_deadline(case=case, actor=request.user, key=form.cleaned_data["key"],
                                 reason=form.cleaned_data["reason"])

    return _act(request, case, f"extend_{key}", form, perform, _("Deadline extended."))


@login_required
@require_POST
def case_person_add(request, pk: int):
    case = _case_or_404(request.user, pk)
    form = ReportedPersonForm(request.POST, auto_id=_auto_id("person"))

    def perform(form):
        services.add_reported_person(case=case, actor=request.user,
                                     person=_person(form.cleaned_data))

    return _act(request, case, "person", form, perform, _("Reported person added."))


@login_required
@require_POST
def case_person_nip(request, pk: int):
    case = _case_or_404(request.user, pk)
    try:
        person = case.reported_persons.get(pk=int(request.POST.get("person", "")))
    except (ValueError, case.reported_persons.model.DoesNotExist) as exc:
        raise Http404 from exc
    form = CompleteNipForm(request.POST, auto_id=_auto_id(f"nip_{person.pk}"))

    def perform(form):
        services.complete_nip(person=person, actor=request.user, nip=form.cleaned_data["nip"])

    return _act(request, case, f"nip_{person.pk}", form, perform, _("NIP saved."))


@login_required
@require_POST
def case_witness_add(request, pk: int):
    case = _case_or_404(request.user, pk)
    form = WitnessForm(request.POST, auto_id=_auto_id("witness"))

    def perform(form):
        services.add_witness(case=case, actor=request.user, **form.cleaned_data)

    return _act(request, case, "witness", form, perform, _("Witness added."))


@login_required
@require_POST
def case_conflict(request, pk: int):
    case = _case_or_404(request.user, pk)
    form = ConflictForm(request.POST, auto_id=_auto_id("conflict"))

    def perform(form):
        services.declare_conflict(case=case, actor=request.user,
                                  relation=form.cleaned_data["relation"])
        return redirect("cases:case_list")

    return _act(request, case, "conflict", form, perform,
                _("Your conflict of interest is recorded; the case is no longer shown to you."))


@login_required
@require_POST
def case_handover(request, pk: int):
    user = request.user
    case = _case_or_404(user, pk)
    form = _handover_form(user, case, request.POST)

    def perform(form):
        services.hand_over(case=case, actor=user, to_office=form.cleaned_data["to_office"],
                           reason=form.cleaned_data["reason"])
        if not _may(user, case, CaseAction.VIEW):
            return redirect("cases:case_list")
        return None

    return _act(request, case, "handover", form, perform, _("Case handed over."))


@login_required
@require_POST
def case_link(request, pk: int):
    user = request.user
    case = _case_or_404(user, pk)
    other_pk = request.POST.get("other", "")
    form = LinkForm(request.POST, auto_id=_auto_id(f"link_{other_pk}"))

    def perform(form):
        other = _case_or_404(user, form.cleaned_data["other"])
        services.link_cases(case=case, other=other, actor=user,
                            reason=form.cleaned_data["reason"])

    return _act(request, case, f"link_{other_pk}", form, perform, _("Cases linked."))


# --- Editing --------------------------------------------------------------------------------


@login_required
def case_update(request, pk: int):
    """Edit the description with optimistic locking: a stale version answers 409."""
    user = request.user
    case = _case_or_404(user, pk, CaseAction.CHANGE)
    if not _may(user, case, CaseAction.CHANGE, SUPERVISORS):
        raise Http404
    status = 200
    if request.method == "POST":
        form = CaseUpdateForm(request.POST)
        status = 400
        if form.is_valid():
            changes = form.changes(case)
            if not changes:
                messages.info(request, _("Nothing changed."))
                return redirect("cases:case_detail", pk=case.pk)
            try:
                services.update_case(case=case, actor=user,
                                     expected_version=form.cleaned_data["version"], **changes)
            except services.ConcurrentEdit as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Case saved."))
                return redirect("cases:case_detail", pk=case.pk)
    else:
        form = CaseUpdateForm(initial=CaseUpdateForm.initial_for(case))
    context = {
        "form": form,
        "object": case,
        "title": _("Edit %(number)s") % {"number": case.number},
        "breadcrumbs": [
            (_("Cases"), reverse("cases:case_list")),
            (case.number, reverse("cases:case_detail", args=[case.pk])),
            (_("Edit"), None),
        ],
    }
    return render(request, "netra/form_page.html", context, status=status)

