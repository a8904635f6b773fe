"""The case page's POST actions: workflow steps, classification, corrections, persons,
hand-over, links, edits."""


from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.core.views import add_service_errors
from netra.rules import selectors as rules_selectors

from .. import services
from ..forms import (
    CaseUpdateForm,
    CompleteNipForm,
    ConflictForm,
    ExtendDeadlineForm,
    LinkForm,
    ReportedPersonForm,
    TransitionForm,
    WitnessForm,
)
from ..models import Case
from ..workflow import BY_NAME, SUPERVISORS
from .common import _auto_id, _case_or_404, _may
from .detail import _classify_form, _correct_form, _handover_form, _render_detail
from .listing import _person


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
    refusal: dict[str, Any] | None = None
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

