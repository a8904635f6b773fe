"""Prevention pages. Thin: parse, call one service or selector, render. Objects are fetched only
through ``visible_to``. Refusals answer as in the rest of Netra (cases, orgs, questionnaires,
monitoring and the access matrix's default): 404 both for an object outside the user's scope
and for an action the user does not hold (handling staff see prevention work but changing it
answers 404), so a refusal never tells whether the object exists; business refusals (a cadre
report the actor may not raise) are messages on the page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from netra.core.charts import chart_download
from netra.core.exceptions import OutOfScope
from netra.core.exports import FORMATS, export_response
from netra.core.scoping import can, may
from netra.core.views import ScopedFormView
from netra.files.download import serve_private_file
from netra.regions.selectors import region_label

from . import dashboard, forms, letters, selectors, services
from .cadres import active_since, sustainability_by_village, with_activity
from .choices import TargetGroup
from .models import (
    Activity,
    ActivityFile,
    Agreement,
    BannerPlacement,
    BudgetLine,
    Cadre,
    CadreEntry,
    Declaration,
    FollowUp,
    Letter,
    LetterRun,
    RecipientList,
)
from .permissions import PreventionAction

if TYPE_CHECKING:
    from django.db.models import Model
    from django.forms import BaseForm
    from django.http import HttpRequest
    from django.http.response import HttpResponseBase
    from django_stubs_ext import StrOrPromise

VIEW = PreventionAction.VIEW
CHANGE = PreventionAction.CHANGE


def get_visible(model, user, pk, *, change: bool = False):
    """The object if the user sees it; with ``change``, also may change it; else 404."""
    try:
        obj = model.objects.visible_to(user, VIEW).get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc
    if change and not can(user, CHANGE, obj):
        raise Http404
    return obj


class PreventionView(LoginRequiredMixin, View):
    """Base: the user must see prevention work somewhere."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, VIEW):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ServiceFormView(PreventionView, ScopedFormView):
    """A form whose valid data goes to one service (``perform`` returns the redirect), on the
    core base view: a ``ValidationError`` from the service lands on the form (400), ``OutOfScope``
    answers 404.

    The object in the URL (``pk``) is a ``parent_model`` row the user sees and may change (else
    404), kept as ``parent``; a view without one needs the change action somewhere."""

    title: StrOrPromise = ""
    template_name = "prevention/form.html"
    scope_action = CHANGE
    parent_model: type[Model] | None = None  # the object in the URL (``pk``), fetched for change
    parent: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (self.parent_model is None and request.user.is_authenticated
                and not may(request.user, CHANGE)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset: Any = None) -> Any:
        if self.parent_model is not None:
            self.parent = get_visible(self.parent_model, self.request.user, self.kwargs["pk"],
                                      change=True)
        return self.parent

    def render(self, form: BaseForm, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name,
                      {"form": form, "title": self.get_title(), "parent": self.parent,
                       "breadcrumbs": self.breadcrumbs()}, status=status)

    def get_title(self) -> str:
        return str(self.title)

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Prevention"), reverse("prevention:home")), (self.get_title(), None)]


def _data(form, *names):
    return {name: form.cleaned_data.get(name) for name in names}


# --- Dashboard -------------------------------------------------------------------------------


class HomeView(PreventionView):
    def get(self, request):
        filters = forms.DashboardFilterForm(request.GET or None, user=request.user)
        cleaned = filters.cleaned_data if filters.is_valid() else {}
        office = cleaned.get("office")
        election = cleaned.get("election")
        data = dashboard.build(user=request.user, office_id=office.pk if office else None,
                               election_id=election.pk if election else None)
        specs = dashboard.charts(data)
        response = chart_download(request, specs.get)
        if response is not None:
            return response
        if request.GET.get("format") in FORMATS:
            return export_response(
                fmt=request.GET["format"], filename="dasbor-pencegahan",
                headers=[_("Section"), _("Item"), _("Value")], rows=dashboard.export_rows(data))
        query = request.GET.copy()
        query.pop("format", None)
        return render(request, "prevention/home.html", {
            "filters": filters, "data": data, "charts": list(specs.values()),
            "export_query": query.urlencode(), "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), None)],
        })


# --- Activities ------------------------------------------------------------------------------


def _month(value: str) -> date:
    try:
        year, month = (int(p) for p in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


class ActivityListView(PreventionView):
    def get(self, request):
        activities = selectors.activity_list(user=request.user,
                                             activity_type=request.GET.get("type", ""))
        return render(request, "prevention/activity_list.html", {
            "activities": activities[:200], "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Activities"), None)],
        })


class ActivityCalendarView(PreventionView):
    def get(self, request):
        month = _month(request.GET.get("month", ""))
        activities = selectors.activity_list(user=request.user, month=month)
        previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        return render(request, "prevention/activity_calendar.html", {
            "month": month, "weeks": selectors.month_grid(month, activities),
            "previous": previous, "following": following,
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Activities"), reverse("prevention:activity_list")),
                            (_("Calendar"), None)],
        })


class ActivityCreateView(ServiceFormView):
    form_class = forms.ActivityForm
    title = gettext_lazy("New activity")
    success_message = gettext_lazy("Activity saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"user": self.request.user}
        source_pk = self.request.GET.get("from")
        self.source = None
        if source_pk and source_pk.isdigit():
            self.source = get_visible(Activity, self.request.user, int(source_pk))
            initial = services.template_values(self.source)
            initial["area_code"] = (initial.pop("area_codes") or [""])[0]
            kwargs["initial"] = initial
        return kwargs

    def perform(self, form):
        activity = services.save_activity(actor=self.request.user, copied_from=self.source,
                                          **form.service_values())
        return redirect("prevention:activity_detail", pk=activity.pk)


class ActivityUpdateView(ServiceFormView):
    form_class = forms.ActivityForm
    parent_model = Activity
    title = gettext_lazy("Edit activity")
    success_message = gettext_lazy("Activity saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        initial = services.template_values(self.parent)
        initial.update(starts_on=self.parent.starts_on, ends_on=self.parent.ends_on,
                       area_code=(initial.pop("area_codes") or [""])[0])
        return {"user": self.request.user, "initial": initial}

    def perform(self, form):
        services.save_activity(actor=self.request.user, activity=self.parent,
                               **form.service_values())
        return redirect("prevention:activity_detail", pk=self.parent.pk)


class ActivityDetailView(PreventionView):
    def get(self, request, pk):
        from netra.imports.selectors import jobs_for

        activity = get_visible(Activity, request.user, pk)
        return render(request, "prevention/activity_detail.html", {
            "activity": activity,
            "areas": [region_label(c) for c in activity.area_codes],
            "target_names": [str(TargetGroup(g).label) for g in activity.target_groups
                             if g in TargetGroup.values],
            "attendees": activity.attendees.all()[:500],
            "attendee_count": activity.attendees.count(),
            "files": activity.files.all(),
            "jobs": jobs_for(request.user, target=activity)[:5],
            "can_change": can(request.user, CHANGE, activity),
            # Copying an activity creates a new one in one's own office.
            "can_create": may(request.user, CHANGE),
            "file_form": forms.ActivityFileForm(), "import_form": forms.ImportForm(),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Activities"), reverse("prevention:activity_list")),
                            (activity.title, None)],
        })


class ActivityFileView(ServiceFormView):
    form_class = forms.ActivityFileForm
    parent_model = Activity
    title = gettext_lazy("Add a document or photo")
    success_message = gettext_lazy("File added.")

    def perform(self, form):
        services.add_activity_file(actor=self.request.user, activity=self.parent,
                                   kind=form.cleaned_data["kind"],
                                   upload=form.cleaned_data["upload"],
                                   description=form.cleaned_data["description"])
        return redirect("prevention:activity_detail", pk=self.parent.pk)


class ImportView(ServiceFormView):
    """Start a tabular import for the object in the URL and go to the job's page."""

    form_class = forms.ImportForm
    importer_key = ""
    title = gettext_lazy("Import")

    def perform(self, form):
        from netra.imports.services import start_import

        try:
            job = start_import(self.importer_key, file=form.cleaned_data["upload"],
                               actor=self.request.user, target=self.parent,
                               options=self.job_options(form))
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
        return redirect(job.get_absolute_url())

    def job_options(self, form: BaseForm) -> dict[str, Any]:
        """What the importer gets as ``job.options`` (named apart from ``View.options``, the
        HTTP OPTIONS handler)."""
        return {}


class AttendanceImportView(ImportView):
    parent_model = Activity
    importer_key = "prevention.attendance"
    title = gettext_lazy("Import an attendance list")


def _file_response(request, obj, field_file, name, content_type):
    if not field_file:
        raise Http404
    return serve_private_file(request, obj=obj, field_file=field_file,
                              content_type=content_type or "application/octet-stream",
                              file_name=name or "berkas")


class ActivityFileDownloadView(PreventionView):
    def get(self, request, pk):
        row = get_visible(ActivityFile, request.user, pk)
        return _file_response(request, row, row.file, row.file_name, row.content_type)


# --- Appeal letters --------------------------------------------------------------------------


class RecipientListsView(PreventionView):
    def get(self, request):
        return render(request, "prevention/recipient_lists.html", {
            "lists": selectors.recipient_list_list(user=request.user),
            "runs": selectors.run_list(user=request.user)[:50],
            "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Appeal letters"), None)],
        })


class RecipientListCreateView(ServiceFormView):
    form_class = forms.RecipientListForm
    title = gettext_lazy("New recipient list")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form):
        row = services.create_recipient_list(actor=self.request.user,
                                             **_data(form, "office", "election", "name"))
        return redirect("prevention:recipient_list_detail", pk=row.pk)


class RecipientListDetailView(PreventionView):
    def get(self, request, pk):
        row = get_visible(RecipientList, request.user, pk)
        return render(request, "prevention/recipient_list_detail.html", {
            "object": row, "recipients": row.recipients.all()[:1000],
            "recipient_count": row.recipients.count(),
            "runs": row.runs.all(), "can_change": can(request.user, CHANGE, row),
            "import_form": forms.ImportForm(), "recipient_form": forms.RecipientForm(),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Appeal letters"), reverse("prevention:letters")),
                            (row.name, None)],
        })


class RecipientAddView(ServiceFormView):
    form_class = forms.RecipientForm
    parent_model = RecipientList
    title = gettext_lazy("Add a recipient")
    success_message = gettext_lazy("Recipient added.")

    def perform(self, form):
        services.add_recipient_by(actor=self.request.user, recipient_list=self.parent,
                                  **form.cleaned_data)
        return redirect("prevention:recipient_list_detail", pk=self.parent.pk)


class RecipientImportView(ImportView):
    parent_model = RecipientList
    importer_key = "prevention.recipients"
    title = gettext_lazy("Import recipients")


class LetterRunCreateView(ServiceFormView):
    form_class = forms.LetterRunForm
    parent_model = RecipientList
    title = gettext_lazy("Generate appeal letters")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"letter_date": timezone.localdate()}}

    def perform(self, form):
        run = services.start_letter_run(actor=self.request.user, recipient_list=self.parent,
                                        **form.cleaned_data)
        return redirect("prevention:run_detail", pk=run.pk)


class LetterRunDetailView(PreventionView):
    def get(self, request, pk):
        run = get_visible(LetterRun, request.user, pk)
        if request.headers.get("HX-Request"):
            return render(request, "prevention/_run_progress.html", {"run": run})
        letters_qs = run.letters.select_related("recipient").order_by("pk")
        return render(request, "prevention/run_detail.html", {
            "run": run, "letters": letters_qs[:2000],
            "by_type": selectors.letter_coverage(letters_qs, "type"),
            "by_district": selectors.letter_coverage(letters_qs, "district"),
            "can_change": can(request.user, CHANGE, run),
            "mark_form": forms.MarkLettersForm(initial={"on": timezone.localdate()}),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Appeal letters"), reverse("prevention:letters")),
                            (run.subject, None)],
        })


class LetterMarkView(PreventionView):
    def post(self, request, pk):
        run = get_visible(LetterRun, request.user, pk, change=True)
        ids = request.POST.getlist("letters")
        form = forms.MarkLettersForm(request.POST, letter_ids=ids)
        if not form.is_valid():
            messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
            return redirect("prevention:run_detail", pk=run.pk)
        try:
            count = services.mark_letters(actor=request.user, run=run, letter_ids=ids,
                                          status=form.cleaned_data["status"],
                                          on=form.cleaned_data["on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)d letters updated.") % {"count": count})
        return redirect("prevention:run_detail", pk=run.pk)


class LetterRunResumeView(PreventionView):
    def post(self, request, pk):
        run = get_visible(LetterRun, request.user, pk, change=True)
        try:
            services.resume_letter_run(actor=request.user, run=run)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("prevention:run_detail", pk=run.pk)


class LetterDownloadView(PreventionView):
    def get(self, request, pk, fmt):
        if fmt not in ("pdf", "docx"):
            raise Http404
        letter = get_visible(Letter, request.user, pk)
        name = f"surat-imbauan-{letter.pk}.{fmt}"
        if fmt == "pdf":
            return _file_response(request, letter, letter.pdf, name, "application/pdf")
        document = letters.render_letter(run=letter.run, recipient=letter.recipient,
                                         number=letter.number, fmt="docx")
        response = HttpResponse(document.data, content_type=document.content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- Banners ---------------------------------------------------------------------------------


def banner_chart(rows, *, level: int):
    """The coverage of ``rows`` (``selectors.AreaCoverage``) as a ranked bar chart: the share of
    villages with a banner per district (``level`` 3) or regency (2), best covered first, each
    label with its "covered / villages". ``None`` without rows."""
    from netra.core.charts import BarChart, Series

    if not rows:
        return None
    ranked = selectors.banner_coverage_ranked(rows)
    district = level == 3
    return BarChart(
        key="prevention-banners",
        title=(_("Villages with a banner, per district (ranked)") if district
               else _("Villages with a banner, per regency/city (ranked)")),
        labels=tuple(f"{r.name} ({r.covered}/{r.villages})" for r in ranked),
        series=(Series(_("Villages with a banner"), tuple(r.percent for r in ranked)),),
        horizontal=True, percent=True,
        label_title=_("District") if district else _("Regency/city"),
        note=_("Share of the villages of each area with at least one banner placement."),
    )


def banner_map(rows, *, level: int):
    """The same coverage on a map (``netra.core.maps``): each district (``level`` 3) or regency
    (2) shaded by its share of villages with a banner. ``None`` when no boundary has been
    imported for any of the areas: the page then keeps the ranked chart only."""
    from netra.core.maps import Choropleth, MapArea

    if not rows:
        return None
    return Choropleth.build(
        key="prevention-banners",
        title=(_("Villages with a banner, per district") if level == 3
               else _("Villages with a banner, per regency/city")),
        areas=[MapArea(r.code, r.name, r.percent,
                       _("%(covered)s of %(total)s villages (%(percent)s%%)")
                       % {"covered": r.covered, "total": r.villages, "percent": r.percent})
               for r in rows],
        unit="%", maximum=100,
    )


class BannerListView(PreventionView):
    def get(self, request):
        from netra.core.charts import chart_download

        scope = selectors.offices_for(request.user, VIEW).first()
        within = request.GET.get("region") or (scope.region_code if scope else "")
        # Coverage walks the region tree below ``within``: per district from a regency down,
        # per regency for a province; nationally, choose a province first (?region=36).
        depth = within.count(".") + 1 if within else 0
        districts = (selectors.banner_coverage(user=request.user, within=within, level=3)
                     if depth >= 2 else [])
        regencies = (selectors.banner_coverage(user=request.user, within=within, level=2)
                     if depth == 1 else [])
        chart = banner_chart(districts, level=3) if districts else banner_chart(regencies,
                                                                                level=2)
        download = chart_download(
            request, lambda key: chart if chart is not None and key == chart.key else None)
        if download is not None:
            return download
        rows, level = (districts, 3) if districts else (regencies, 2)
        return render(request, "prevention/banner_list.html", {
            "banners": selectors.banner_list(user=request.user)[:500],
            "districts": districts, "regencies": regencies, "chart": chart,
            "map": banner_map(rows, level=level),
            "area": region_label(within), "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Banners"), None)],
        })


class BannerCreateView(ServiceFormView):
    form_class = forms.BannerForm
    title = gettext_lazy("New banner placement")
    success_message = gettext_lazy("Banner placement saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form):
        services.add_banner(actor=self.request.user, **_data(
            form, "office", "election", "village_code", "title", "position", "placed_on",
            "removed_on", "photo"))
        return redirect("prevention:banner_list")


class BannerPhotoView(PreventionView):
    def get(self, request, pk):
        row = get_visible(BannerPlacement, request.user, pk)
        return _file_response(request, row, row.file, row.file_name, row.content_type)


# --- Declarations and MoUs -------------------------------------------------------------------


class DeclarationListView(PreventionView):
    def get(self, request):
        today = timezone.localdate()
        return render(request, "prevention/declaration_list.html", {
            "coverage": selectors.declaration_coverage(user=request.user),
            "declarations": selectors.scoped(Declaration, request.user)[:500],
            "agreements": selectors.agreement_list(user=request.user),
            "today": today, "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Declarations and MoUs"), None)],
        })


class DeclarationCreateView(ServiceFormView):
    form_class = forms.DeclarationForm
    title = gettext_lazy("New declaration or integrity pact")
    success_message = gettext_lazy("Declaration saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form):
        services.add_declaration(actor=self.request.user, **_data(
            form, "office", "election", "kind", "signer_name", "signer_position", "agency",
            "signed_on", "scan"))
        return redirect("prevention:declaration_list")


class DeclarationScanView(PreventionView):
    def get(self, request, pk):
        row = get_visible(Declaration, request.user, pk)
        return _file_response(request, row, row.file, row.file_name, row.content_type)


class AgreementCreateView(ServiceFormView):
    form_class = forms.AgreementForm
    title = gettext_lazy("New MoU")
    success_message = gettext_lazy("MoU saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form):
        services.add_agreement(actor=self.request.user, **_data(
            form, "office", "election", "partner", "title", "signed_on", "valid_until", "scan"))
        return redirect("prevention:declaration_list")


class FollowUpCreateView(ServiceFormView):
    form_class = forms.FollowUpForm
    parent_model = Agreement
    title = gettext_lazy("New follow-up action")

    def perform(self, form):
        services.add_follow_up(actor=self.request.user, agreement=self.parent,
                               **form.cleaned_data)
        return redirect("prevention:declaration_list")


class FollowUpStatusView(PreventionView):
    def post(self, request, pk):
        row = get_visible(FollowUp, request.user, pk)
        try:
            services.set_follow_up_status(actor=request.user, follow_up=row,
                                          status=request.POST.get("status", ""))
        except OutOfScope as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("prevention:declaration_list")


# --- Cadres ----------------------------------------------------------------------------------


class CadreListView(PreventionView):
    def get(self, request):
        since = active_since()
        cadres = selectors.cadre_list(user=request.user)
        return render(request, "prevention/cadre_list.html", {
            "cadres": with_activity(cadres, since)[:500],
            "villages": sustainability_by_village(cadres, since),
            "since": since, "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("KPP cadres"), None)],
        })


class CadreCreateView(ServiceFormView):
    form_class = forms.CadreForm
    title = gettext_lazy("New KPP cadre")
    success_message = gettext_lazy("Cadre saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form):
        cadre = services.add_cadre(actor=self.request.user, **_data(
            form, "office", "election", "village_code", "name", "phone", "email", "training",
            "trained_on"))
        return redirect("prevention:cadre_detail", pk=cadre.pk)


class CadreDetailView(PreventionView):
    def get(self, request, pk):
        cadre = get_visible(Cadre, request.user, pk)
        return render(request, "prevention/cadre_detail.html", {
            "cadre": cadre, "village": region_label(cadre.region_code),
            "entries": cadre.entries.all(), "can_change": can(request.user, CHANGE, cadre),
            "raise_form": forms.RaiseForm(user=request.user),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("KPP cadres"), reverse("prevention:cadre_list")),
                            (cadre.name, None)],
        })


class CadreEntryCreateView(ServiceFormView):
    form_class = forms.CadreEntryForm
    parent_model = Cadre
    title = gettext_lazy("New cadre activity or report")

    def perform(self, form):
        services.add_cadre_entry(actor=self.request.user, cadre=self.parent,
                                 **form.cleaned_data)
        return redirect("prevention:cadre_detail", pk=self.parent.pk)


class CadreEntryRaiseView(PreventionView):
    def post(self, request, pk):
        entry = get_visible(CadreEntry, request.user, pk)
        if not can(request.user, CHANGE, entry.cadre):
            raise Http404
        form = forms.RaiseForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Choose the election."))
        else:
            try:
                result = services.raise_initial_information(
                    actor=request.user, entry=entry, election_id=form.cleaned_data["election"].pk)
            except (ValidationError, OutOfScope) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Initial information %(number)s recorded.")
                                 % {"number": result.intake_number})
        return redirect("prevention:cadre_detail", pk=entry.cadre_id)


class CadreCertificateView(PreventionView):
    def get(self, request, pk, fmt):
        if fmt not in ("pdf", "docx"):
            raise Http404
        cadre = get_visible(Cadre, request.user, pk)
        document = letters.render_certificate(cadre=cadre, fmt=fmt)
        response = HttpResponse(document.data, content_type=document.content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="sertifikat-kpp-{cadre.pk}.{fmt}"')
        return response


# --- Budget ----------------------------------------------------------------------------------


class BudgetListView(PreventionView):
    def get(self, request):
        lines = list(selectors.budget_list(user=request.user))
        for line in lines:
            line.alert = services.budget_alert(line)
        allocation = sum(line.allocation for line in lines)
        realization = sum(line.realization for line in lines)
        return render(request, "prevention/budget_list.html", {
            "lines": lines, "allocation": allocation, "realization": realization,
            "percent": round(realization * 100 / allocation, 1) if allocation else None,
            "offices": selectors.offices_for(request.user) if may(request.user, CHANGE) else [],
            "import_form": forms.ImportForm(), "can_change": may(request.user, CHANGE),
            "breadcrumbs": [(_("Prevention"), reverse("prevention:home")),
                            (_("Budget"), None)],
        })


class BudgetCreateView(ServiceFormView):
    form_class = forms.BudgetLineForm
    title = gettext_lazy("New budget line")
    success_message = gettext_lazy("Budget line saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user,
                "initial": {"fiscal_year": timezone.localdate().year}}

    def perform(self, form):
        services.save_budget_line(actor=self.request.user, **form.cleaned_data)
        return redirect("prevention:budget_list")


class BudgetUpdateView(ServiceFormView):
    form_class = forms.BudgetLineForm
    parent_model = BudgetLine
    title = gettext_lazy("Edit budget line")
    success_message = gettext_lazy("Budget line saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        line = self.parent
        return {"user": self.request.user, "initial": {
            "office": line.office_id, "election": line.election_id,
            "fiscal_year": line.fiscal_year, "programme": line.programme,
            "sub_line": line.sub_line, "allocation": line.allocation,
            "realization": line.realization}}

    def perform(self, form):
        services.save_budget_line(actor=self.request.user, line=self.parent,
                                  **form.cleaned_data)
        return redirect("prevention:budget_list")


class BudgetImportView(ServiceFormView):
    form_class = forms.BudgetImportForm
    title = gettext_lazy("Import a budget table")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user,
                "initial": {"fiscal_year": timezone.localdate().year}}

    def perform(self, form):
        from netra.imports.services import start_import

        try:
            job = start_import("prevention.budget", file=form.cleaned_data["upload"],
                               actor=self.request.user, target=form.cleaned_data["office"],
                               options={"fiscal_year": form.cleaned_data["fiscal_year"]})
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
        return redirect(job.get_absolute_url())
