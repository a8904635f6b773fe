"""The case page's POST actions (workflow steps, classification, corrections, persons,
hand-over, links) and editing the description, on the core base views: the case is fetched in
scope (404 otherwise), one service per POST, a refused form drawn again on the case page (400)."""


from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.core.views import ScopedFormView
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
from ..workflow import BY_NAME, SUPERVISORS
from .common import CaseActionView, CaseScopedMixin, _auto_id, _case_or_404, _may, back_to_list
from .detail import _classify_form, _correct_form, _handover_form, render_case_page
from .listing import _person


class CaseTransitionView(CaseActionView):
    """One workflow step from the table; refusals answer 409 with the reasons on the page."""

    form_class = TransitionForm

    def get_form_key(self) -> str:
        return f"transition_{self.kwargs['name']}"

    def post(self, request, *args, **kwargs):
        user = request.user
        self.object = case = self.get_object()
        spec = BY_NAME.get(kwargs["name"])
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
                                    "recommendation inbox.") % {"step": spec.label},
                       "reasons": []}
        else:
            try:
                services.transition_case(case=case, transition=spec.name, actor=user,
                                         note=note, expected_version=version)
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
                response["HX-Redirect"] = self.get_success_url()
                return response
            return redirect(self.get_success_url())
        refusal["step"] = spec.label
        if request.htmx:
            return render(request, "cases/_transition_refusal.html", {"refusal": refusal},
                          status=409)
        case = self.get_object()
        kept = TransitionForm(initial={"note": note, "version": case.version},
                              auto_id=_auto_id(self.get_form_key()))
        return render_case_page(request, case, bound={self.get_form_key(): kept}, status=409,
                                refusal=refusal)


case_transition = CaseTransitionView.as_view()


class CaseClassifyView(CaseActionView):
    form_key = "classify"
    success_message = gettext_lazy("Category and violation forms saved.")

    def build_form(self, data):
        return _classify_form(self.object, data)

    def perform(self, form):
        services.set_violation_types(case=self.object, actor=self.request.user,
                                     category=form.cleaned_data["category"],
                                     violation_type_ids=form.violation_type_ids())


case_classify = CaseClassifyView.as_view()


class CaseCorrectView(CaseActionView):
    """A commissioner corrects facts locked by the plenary decision, with a written reason."""

    form_key = "correct"
    success_message = gettext_lazy("Correction recorded.")

    def build_form(self, data):
        return _correct_form(self.object, data)

    def perform(self, form):
        services.correct_case_facts(case=self.object, actor=self.request.user,
                                    changes=form.changes(), reason=form.cleaned_data["reason"])


case_correct = CaseCorrectView.as_view()


class CaseExtendView(CaseActionView):
    form_class = ExtendDeadlineForm
    success_message = gettext_lazy("Deadline extended.")

    def get_form_key(self) -> str:
        return f"extend_{self.request.POST.get('key', '')}"

    def perform(self, form):
        services.extend_deadline(case=self.object, actor=self.request.user,
                                 key=form.cleaned_data["key"], reason=form.cleaned_data["reason"])


case_extend = CaseExtendView.as_view()


class CasePersonAddView(CaseActionView):
    form_class = ReportedPersonForm
    form_key = "person"
    success_message = gettext_lazy("Reported person added.")

    def perform(self, form):
        services.add_reported_person(case=self.object, actor=self.request.user,
                                     person=_person(form.cleaned_data))


case_person_add = CasePersonAddView.as_view()


class CasePersonNipView(CaseActionView):
    """Complete a reported person's NIP: the person is a child row of the case in scope."""

    form_class = CompleteNipForm
    success_message = gettext_lazy("NIP saved.")

    def get_form(self, data=None, files=None):
        persons = self.object.reported_persons
        try:
            self.person = persons.get(pk=int(self.request.POST.get("person", "")))
        except (ValueError, persons.model.DoesNotExist) as exc:
            raise Http404 from exc
        return super().get_form(data, files)

    def get_form_key(self) -> str:
        return f"nip_{self.person.pk}"

    def perform(self, form):
        services.complete_nip(person=self.person, actor=self.request.user,
                              nip=form.cleaned_data["nip"])


case_person_nip = CasePersonNipView.as_view()


class CaseWitnessAddView(CaseActionView):
    form_class = WitnessForm
    form_key = "witness"
    success_message = gettext_lazy("Witness added.")

    def perform(self, form):
        services.add_witness(case=self.object, actor=self.request.user, **form.cleaned_data)


case_witness_add = CaseWitnessAddView.as_view()


class CaseConflictView(CaseActionView):
    form_class = ConflictForm
    form_key = "conflict"
    success_message = gettext_lazy(
        "Your conflict of interest is recorded; the case is no longer shown to you.")

    def perform(self, form):
        services.declare_conflict(case=self.object, actor=self.request.user,
                                  relation=form.cleaned_data["relation"])
        return back_to_list()


case_conflict = CaseConflictView.as_view()


class CaseHandoverView(CaseActionView):
    form_key = "handover"
    success_message = gettext_lazy("Case handed over.")

    def build_form(self, data):
        return _handover_form(self.request.user, self.object, data)

    def perform(self, form):
        user = self.request.user
        services.hand_over(case=self.object, actor=user, to_office=form.cleaned_data["to_office"],
                           reason=form.cleaned_data["reason"])
        return None if _may(user, self.object, CaseAction.VIEW) else back_to_list()


case_handover = CaseHandoverView.as_view()


class CaseLinkView(CaseActionView):
    form_class = LinkForm
    success_message = gettext_lazy("Cases linked.")

    def get_form_key(self) -> str:
        return f"link_{self.request.POST.get('other', '')}"

    def perform(self, form):
        user = self.request.user
        other = _case_or_404(user, form.cleaned_data["other"])
        services.link_cases(case=self.object, other=other, actor=user,
                            reason=form.cleaned_data["reason"])


case_link = CaseLinkView.as_view()


class CaseUpdateView(CaseScopedMixin, ScopedFormView):
    """Edit the description with optimistic locking: a stale version answers 409."""

    scope_action = CaseAction.CHANGE
    object_action = CaseAction.CHANGE
    object_roles = SUPERVISORS
    form_class = CaseUpdateForm
    template_name = "netra/form_page.html"

    def get_form_kwargs(self):
        return {} if self.request.method == "POST" else {
            "initial": CaseUpdateForm.initial_for(self.object)}

    def get_success_url(self) -> str:
        return reverse("cases:case_detail", args=[self.object.pk])

    def perform(self, form):
        case = self.object
        changes = form.changes(case)
        if not changes:
            messages.info(self.request, _("Nothing changed."))
            return None
        try:
            services.update_case(case=case, actor=self.request.user,
                                 expected_version=form.cleaned_data["version"], **changes)
        except services.ConcurrentEdit as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form, status=409)
        messages.success(self.request, _("Case saved."))
        return None

    def extra_context(self):
        case = self.object
        return {
            "title": _("Edit %(number)s") % {"number": case.number},
            "breadcrumbs": [
                (_("Cases"), reverse("cases:case_list")),
                (case.number, reverse("cases:case_detail", args=[case.pk])),
                (_("Edit"), None),
            ],
        }


case_update = CaseUpdateView.as_view()
