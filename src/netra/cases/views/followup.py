"""Follow-up pages: the recipient body's recommendation inbox (kotak masuk rekomendasi), one
recommendation with its answer forms, and the statistics page with its exports.

Recommendations are fetched through ``selectors.inbox`` / ``selectors.recommendation_get`` (the
recipient's organisations only): anything else answers 404. The recommendation page shows the
case facts a recipient needs to impose a sanction (reported persons with position, agency, NIP
and name; violation forms and legal basis) and never the reporter's or witnesses' identity.
Statistics go through ``cases.statistics``, which starts from ``Case.objects.visible_to``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Q, Value, When
from django.db.models import Case as DbCase
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.permissions import CaseAction
from netra.core.audit import object_history
from netra.core.charts import chart_download
from netra.core.exceptions import OutOfScope
from netra.core.exports import FORMATS, export_response
from netra.core.scoping import may
from netra.core.views import ScopedListView, ScopedObjectMixin, ScopedPageView, add_service_errors
from netra.elections.selectors import election_list
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import organisation_list
from netra.regions.selectors import region_label
from netra.rules.selectors import RuleMissing

from .. import selectors, services
from .. import statistics as stats
from ..choices import RecommendationStatus, SanctionType
from ..models import Recommendation
from ..services.letters import attachable_documents, attachable_evidence
from ..workflow import BY_NAME, HANDLERS
from .common import CaseScopedMixin

if TYPE_CHECKING:
    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation

    from ..models import ReportedPerson

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OPEN = (RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED)


# --- Forms (input parsing only; every rule is in ``services``) ----------------------------


class InboxFilterForm(forms.Form):
    STATES = [
        ("", gettext_lazy("All recommendations")),
        ("open", gettext_lazy("Awaiting our answer")),
        ("overdue", gettext_lazy("Overdue, no answer")),
        ("answered", gettext_lazy("Answered")),
    ]
    state = forms.ChoiceField(label=gettext_lazy("Show"), choices=STATES, required=False)


class SanctionForm(forms.Form):
    """The sanction imposed on one reported person (leave the type empty for none)."""

    sanction_type = forms.ChoiceField(
        label=gettext_lazy("Sanction type"), required=False,
        choices=[("", gettext_lazy("No sanction for this person"))] + SanctionType.choices,
    )
    decree_number = forms.CharField(label=gettext_lazy("Decree number"), max_length=100,
                                    required=False,
                                    help_text=gettext_lazy("Number of the sanction decree (SK)."))
    decree_date = forms.DateField(label=gettext_lazy("Decree date"), required=False, widget=DATE)
    decided_by = forms.CharField(label=gettext_lazy("Imposed by"), max_length=200,
                                 required=False,
                                 help_text=gettext_lazy("E.g. the mayor as personnel authority "
                                                        "(PPK)."))

    def clean(self):
        data = super().clean()
        chosen = data.get("sanction_type")
        if chosen and not data.get("decree_date") and "decree_date" not in self.errors:
            self.add_error("decree_date", _("The decree date is required."))
        if not chosen and (data.get("decree_number") or data.get("decree_date")):
            self.add_error("sanction_type", _("Choose the sanction type."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Remarks"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RefusalForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Reason for refusing"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why the recommendation will not be followed; the supervising "
                               "office sees it."),
    )


class StatisticsFilterForm(forms.Form):
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=gettext_lazy("Election"), queryset=None,
        required=False, empty_label=gettext_lazy("All elections"),
    )
    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=gettext_lazy("Handling office"), queryset=None,
        required=False, empty_label=gettext_lazy("All offices"),
    )
    include_sub_offices = forms.BooleanField(
        label=gettext_lazy("Include the offices below it (Panwascam, PKD)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = election_list(user=user)
        self.fields["office"].queryset = organisation_list(user=user).filter(
            kind__in=SUPERVISORY_KINDS)

    def to_filters(self) -> stats.StatisticsFilters:
        if not self.is_bound:
            return stats.StatisticsFilters()
        self.is_valid()  # invalid values drop out of cleaned_data and are ignored
        data = self.cleaned_data
        return stats.StatisticsFilters(
            election_id=data["election"].pk if data.get("election") else None,
            office_id=data["office"].pk if data.get("office") else None,
            include_sub_offices=bool(data.get("include_sub_offices")),
        )


# --- Inbox ------------------------------------------------------------------------------------


class InboxView(ScopedListView):
    """Recommendations sent to the user's organisations, open and overdue ones first."""

    model = Recommendation
    scope_action = CaseAction.RESPOND
    template_name = "cases/inbox.html"
    context_object_name = "recommendations"
    paginate_by = PAGE_SIZE
    lenient_pages = True

    def get_queryset(self):
        self.today = today = timezone.localdate()
        self.filters = form = InboxFilterForm(self.request.GET or None)
        state = form.cleaned_data.get("state", "") if form.is_valid() else ""
        qs = selectors.inbox(user=self.request.user)
        if state == "open":
            qs = qs.filter(status__in=OPEN)
        elif state == "overdue":
            qs = qs.filter(status__in=OPEN, due_on__lt=today)
        elif state == "answered":
            qs = qs.exclude(status__in=OPEN)
        return qs.annotate(
            waiting=DbCase(When(status__in=OPEN, then=Value(True)), default=Value(False),
                          output_field=BooleanField()),
            late=DbCase(When(Q(status__in=OPEN, due_on__lt=today), then=Value(True)),
                       default=Value(False), output_field=BooleanField()),
        ).order_by("-late", "-waiting", "due_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filters=self.filters,
            today=self.today,
            breadcrumbs=[(_("Recommendation inbox"), None)],
            **self.query_context(),
        )
        return context


inbox = InboxView.as_view()


class RecommendationScopedMixin(ScopedObjectMixin):
    """A recommendation sent to the user's organisations (``selectors.inbox``); 404 otherwise."""

    model = Recommendation
    scope_action = CaseAction.RESPOND

    def get_queryset(self):
        return selectors.inbox(user=self.request.user)


def _sanction_forms(rec, persons, data=None) -> list[tuple[ReportedPerson, SanctionForm]]:
    """One form per reported person, offering only the sanctions that fit their status (the
    service refuses any other)."""
    today = timezone.localdate()
    result = []
    for person in persons:
        form = SanctionForm(data, prefix=f"person{person.pk}")
        allowed = {r.sanction_type for r in services.allowed_sanctions(rec.case, person, today)}
        form.fields["sanction_type"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("No sanction for this person"))
        ] + [(value, label) for value, label in SanctionType.choices if value in allowed]
        if data is not None:  # a value outside the list reaches the service, which says why
            form.fields["sanction_type"].choices += [  # type: ignore[attr-defined]
                (v, label) for v, label in SanctionType.choices if v not in allowed]
        result.append((person, form))
    return result


class RecommendationDetailView(RecommendationScopedMixin, ScopedPageView):
    """One recommendation: the case facts for the recipient, and acknowledge / sanction /
    refusal forms. Refused answers (already answered, wrong status) answer 409 with the reason."""

    def handle(self, request, data):
        rec = self.get_object()
        persons = list(rec.case.reported_persons.order_by("pk"))
        action = data.get("action", "") if data is not None else ""
        sanction_forms = _sanction_forms(rec, persons, data if action == "sanction" else None)
        answer_form = AnswerForm(data if action == "sanction" else None, prefix="sanction")
        refusal_form = RefusalForm(data if action == "refusal" else None, prefix="refusal")
        status = 200
        problem = ""
        if data is not None:
            status = 400
            try:
                if action == "acknowledge":
                    services.acknowledge_recommendation(recommendation=rec, actor=request.user)
                    messages.success(request, _("Receipt acknowledged."))
                    return redirect("cases:recommendation_detail", pk=rec.pk)
                if action == "sanction":
                    if _record_sanction(request, rec, sanction_forms, answer_form):
                        messages.success(request, _("The sanction has been recorded."))
                        return redirect("cases:recommendation_detail", pk=rec.pk)
                elif action == "refusal":
                    if _record_refusal(request, rec, refusal_form):
                        messages.success(request, _("The refusal has been recorded."))
                        return redirect("cases:recommendation_detail", pk=rec.pk)
                else:
                    problem = _("Unknown action.")
            except services.TransitionNotAllowed as exc:
                problem = " ".join([exc.message, *[str(r) for r in exc.reasons]])
                status = 409
            except OutOfScope as exc:
                raise Http404 from exc
            rec = self.get_object()
        return _render_recommendation(request, rec, persons, sanction_forms, answer_form,
                                      refusal_form, problem=problem, status=status)


recommendation_detail = RecommendationDetailView.as_view()


def _record_sanction(request, rec, sanction_forms, answer_form) -> bool:
    """Parse the per-person forms and call ``record_sanction``; False when a form shows errors."""
    valid = answer_form.is_valid()
    chosen: list[tuple[ReportedPerson, SanctionForm]] = []
    for person, form in sanction_forms:
        if not form.is_valid():
            valid = False
        elif form.cleaned_data.get("sanction_type"):
            chosen.append((person, form))
    if not valid:
        return False
    items = [
        services.SanctionInput(
            reported_person_id=person.pk,
            sanction_type=form.cleaned_data["sanction_type"],
            decree_number=form.cleaned_data["decree_number"],
            decree_date=form.cleaned_data["decree_date"],
            decided_by=form.cleaned_data["decided_by"],
        )
        for person, form in chosen
    ]
    try:
        services.record_sanction(recommendation=rec, actor=request.user, sanctions=items,
                                 answer=answer_form.cleaned_data["answer"])
    except ValidationError as exc:
        # The service checks one sanction at a time; with a single one its field errors belong
        # next to that person's fields, otherwise they are listed above the forms.
        if len(chosen) == 1 and hasattr(exc, "error_dict") and "sanctions" not in exc.error_dict:
            add_service_errors(chosen[0][1], exc)
        else:
            answer_form.add_error(None, exc.messages)
        return False
    return True


def _record_refusal(request, rec, refusal_form) -> bool:
    if not refusal_form.is_valid():
        return False
    try:
        services.record_refusal(recommendation=rec, actor=request.user,
                                answer=refusal_form.cleaned_data["answer"])
    except ValidationError as exc:
        add_service_errors(refusal_form, exc)
        return False
    return True


def _render_recommendation(request, rec, persons, sanction_forms, answer_form, refusal_form, *,
                           problem: str = "", status: int = 200):
    case = rec.case
    today = timezone.localdate()
    context = {
        "rec": rec,
        "case": case,
        "persons": persons,
        "violation_types": list(case.violation_types.order_by("category", "name")),
        "place": region_label(case.place_region_code) if case.place_region_code else "",
        "sanctions": list(rec.sanctions.select_related("reported_person").order_by("pk")),
        "sender": rec.sender or case.office,
        "suggested": [
            {"position": s["position"], "agency": s["agency"],
             "label": SanctionType(s["sanction"]).label, "legal_basis": s.get("legal_basis", "")}
            for s in rec.suggested_sanctions
        ],
        "attached_documents": list(rec.attachments.order_by("pk")),
        "attached_evidence": list(rec.evidence_attachments.order_by("pk")),
        "sanction_forms": sanction_forms,
        "answer_form": answer_form,
        "refusal_form": refusal_form,
        "may_answer": rec.is_open,
        "may_acknowledge": rec.status == RecommendationStatus.SENT,
        "overdue": rec.is_open and rec.due_on < today,
        "problem": problem,
        "history": object_history(rec),
        "breadcrumbs": [(_("Recommendation inbox"), reverse("cases:inbox")),
                        (case.number, None)],
    }
    return render(request, "cases/recommendation_detail.html", context, status=status)


# --- Composing the recommendation letter (the handling office) -------------------------------


class LetterForm(forms.Form):
    """One letter: the addressee among the bodies with authority, the recommended action, the
    suggested sanctions per person (only those that fit their status) and the attachments."""

    recipient = forms.TypedChoiceField(label=gettext_lazy("Addressed to"), coerce=int,
                                       help_text=gettext_lazy("Bodies with authority over the "
                                                              "persons concerned."))
    recommended_action = forms.CharField(
        label=gettext_lazy("Recommended action"), max_length=4000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}))
    documents = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Attached documents"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Finalised or signed documents of the case."))
    evidence = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Attached evidence"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, proposal, documents, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = proposal.persons
        self.fields["recipient"].choices = [
            (b.pk, f"{b.name} ({b.get_kind_display()})") for b in proposal.bodies]
        self.fields["documents"].choices = [
            (d.pk, f"{d.get_kind_display()} · {d.number or d.original_name}") for d in documents]
        self.fields["evidence"].choices = [
            (e.pk, e.description or e.original_name) for e in evidence]
        self.initial.setdefault("recipient", proposal.recipient.pk)
        self.initial.setdefault("recommended_action", proposal.recommended_action)
        self.initial.setdefault("documents", [d.pk for d in documents])
        self.initial.setdefault("evidence", [e.pk for e in evidence])
        for person in proposal.persons:
            rows = proposal.allowed.get(person.pk, [])
            self.fields[f"sanctions_{person.pk}"] = forms.MultipleChoiceField(
                label=gettext_lazy("Suggested sanctions for %(person)s") % {
                    "person": f"{person.position}, {person.agency}"},
                required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(r.sanction_type, r.get_sanction_type_display()) for r in rows],
            )

    def to_input(self) -> services.LetterInput:
        data = self.cleaned_data
        return services.LetterInput(
            recipient_id=data["recipient"],
            recommended_action=data.get("recommended_action") or "",
            sanctions={p.pk: list(data.get(f"sanctions_{p.pk}") or []) for p in self.persons},
            document_ids=tuple(data.get("documents") or ()),
            evidence_ids=tuple(data.get("evidence") or ()),
            person_ids=tuple(p.pk for p in self.persons),
        )


class RecommendationComposeView(CaseScopedMixin, ScopedPageView):
    """The handler composes the recommendation letter(s) of a case decided as a violation and
    forwards it; a refusal keeps what was typed and says why (nothing is saved)."""

    object_action = BY_NAME["forward_recommendation"].action
    object_roles = HANDLERS

    def handle(self, request, data):
        case = self.get_object()
        if not any(t.name == "forward_recommendation"
                   for t in services.allowed_transitions(case, request.user)):
            messages.error(request, _("The recommendation is composed once the plenary has "
                                      "decided that the case is a violation."))
            return redirect("cases:case_detail", pk=case.pk)
        today = timezone.localdate()
        proposals = services.propose_letters(case, on=today)
        documents = list(attachable_documents(case))
        evidence = list(attachable_evidence(case))
        forms_ = [LetterForm(data, prefix=f"letter{i}", proposal=p, documents=documents,
                             evidence=evidence) for i, p in enumerate(proposals)]
        problem = ""
        status = 200
        if data is not None:
            status = 400
            if all(f.is_valid() for f in forms_):
                try:
                    services.compose_recommendation(
                        case=case, actor=request.user, letters=[f.to_input() for f in forms_],
                        expected_version=_int(request.POST.get("version")))
                except ValidationError as exc:
                    problem = " ".join(exc.messages)
                except (services.TransitionNotAllowed, RuleMissing) as exc:
                    problem = " ".join([getattr(exc, "message", str(exc)),
                                        *[str(r) for r in getattr(exc, "reasons", [])]])
                    status = 409
                except services.ConcurrentEdit as exc:
                    problem, status = str(exc), 409
                except OutOfScope as exc:
                    raise Http404 from exc
                else:
                    messages.success(request, _("The recommendation has been sent."))
                    return redirect("cases:case_detail", pk=case.pk)
        context = {
            "case": case,
            "letter_forms": forms_,
            "problem": problem,
            "version": case.version,
            "breadcrumbs": [(_("Cases"), reverse("cases:case_list")),
                            (case.number, reverse("cases:case_detail", args=[case.pk])),
                            (_("Recommendation letter"), None)],
        }
        return render(request, "cases/recommendation_compose.html", context, status=status)


recommendation_compose = RecommendationComposeView.as_view()


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1 if value else None


# --- Statistics -------------------------------------------------------------------------------


@login_required
def statistics(request):
    """The statistics charts and tables, filtered by election and office;
    ``?table=<key>&format=csv|xlsx`` downloads one table (needs the export right) and
    ``?chart=<key>&format=png|svg`` one chart (the picture of figures the page already shows)."""
    user = request.user
    form = StatisticsFilterForm(request.GET or None, user=user)
    filters = form.to_filters()
    download = chart_download(
        request, lambda key: stats.statistics_chart(key, user=user, filters=filters),
        prefix="statistics-")
    if download is not None:
        return download
    fmt = request.GET.get("format", "")
    if fmt:
        return _export_table(request, filters, request.GET.get("table", ""), fmt)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    tables = stats.statistics_tables(user=user, filters=filters)
    context = {
        "filters": form,
        "tables": tables,
        "charts": stats.statistics_charts(tables),
        "can_export": may(user, CaseAction.EXPORT),
        "export_query": query.urlencode(),
        "breadcrumbs": [(_("Statistics"), None)],
    }
    return render(request, "cases/statistics.html", context)


def _export_table(request, filters, key: str, fmt: str):
    build = stats.TABLES.get(key)
    if build is None or fmt not in FORMATS or not may(request.user, CaseAction.EXPORT):
        raise Http404
    table = build(user=request.user, filters=filters, action=CaseAction.EXPORT)
    return export_response(fmt=fmt, filename=f"statistics-{key.replace('_', '-')}",
                           headers=table.headers, rows=table.all_rows())
