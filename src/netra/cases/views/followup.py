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
from django.core.paginator import Paginator
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
from netra.core.views import add_service_errors
from netra.elections.selectors import election_list
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.selectors import organisation_list
from netra.regions.selectors import region_label

from .. import selectors, services
from .. import statistics as stats
from ..choices import DocumentKind, RecommendationStatus, SanctionType
from ..models import Recommendation

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


@login_required
def inbox(request):
    """Recommendations sent to the user's organisations, open and overdue ones first."""
    today = timezone.localdate()
    form = InboxFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    qs = selectors.inbox(user=request.user)
    if state == "open":
        qs = qs.filter(status__in=OPEN)
    elif state == "overdue":
        qs = qs.filter(status__in=OPEN, due_on__lt=today)
    elif state == "answered":
        qs = qs.exclude(status__in=OPEN)
    qs = qs.annotate(
        waiting=DbCase(When(status__in=OPEN, then=Value(True)), default=Value(False),
                      output_field=BooleanField()),
        late=DbCase(When(Q(status__in=OPEN, due_on__lt=today), then=Value(True)),
                   default=Value(False), output_field=BooleanField()),
    ).order_by("-late", "-waiting", "due_on", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": form,
        "page_obj": page,
        "recommendations": page.object_list,
        "today": today,
        "querystring_prefix": (query.urlencode() + "&") if query else "",
        "breadcrumbs": [(_("Recommendation inbox"), None)],
    }
    return render(request, "cases/inbox.html", context)


def _recommendation_or_404(user, pk: int) -> Recommendation:
    try:
        return selectors.recommendation_get(user=user, pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc


def _sanction_forms(persons, data=None) -> list[tuple[ReportedPerson, SanctionForm]]:
    return [(p, SanctionForm(data, prefix=f"person{p.pk}")) for p in persons]


@login_required
def recommendation_detail(request, pk: int):
    """One recommendation: the case facts for the recipient, and acknowledge / sanction /
    refusal forms. Refused answers (already answered, wrong status) answer 409 with the reason."""
    rec = _recommendation_or_404(request.user, pk)
    persons = list(rec.case.reported_persons.order_by("pk"))
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if data is not None else ""
    sanction_forms = _sanction_forms(persons, data if action == "sanction" else None)
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
        rec = _recommendation_or_404(request.user, pk)
    return _render_recommendation(request, rec, persons, sanction_forms, answer_form,
                                  refusal_form, problem=problem, status=status)


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
        "letters": list(case.documents.filter(kind=DocumentKind.RECOMMENDATION_LETTER)
                        .order_by("created_at")),
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
