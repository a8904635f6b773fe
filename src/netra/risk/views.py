"""Pages of the risk app: ranked index with map or bar chart, explanation per region, methods,
boundaries, programme evaluations. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netra.core.charts import chart_download
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may
from netra.elections.selectors import election_list
from netra.orgs.choices import OrgKind
from netra.orgs.selectors import organisation_list

from . import selectors, services
from .choices import CODE_LENGTH, Category, RegionLevel
from .forms import (
    ActionStatusForm,
    BoundaryFileForm,
    ComputeForm,
    EvaluationActionForm,
    EvaluationForm,
    EvaluationOpenForm,
    IndicatorFileForm,
    MethodForm,
    ReportForm,
    ScoreFilterForm,
)
from .importers import INDICATOR_IMPORTER
from .permissions import RiskAction

# Offices whose programmes are evaluated (the supervisory offices with their own budget).
EVALUATED_KINDS = (OrgKind.BAWASLU_RI, OrgKind.BAWASLU_PROVINCE, OrgKind.BAWASLU_REGENCY,
                   OrgKind.PANWASCAM)


def _require_view(request) -> None:
    if not may(request.user, RiskAction.VIEW):
        raise Http404


def _get(getter, **kwargs):
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- The index -------------------------------------------------------------------------------


def _selection(request):
    """The election and method chosen in the filters (defaults: the newest of each)."""
    user = request.user
    elections = list(election_list(user=user))
    methods = list(selectors.method_list(user=user))
    form = ScoreFilterForm(request.GET or None, elections=elections, methods=methods)
    data = form.cleaned_data if form.is_valid() else {}
    election = next((e for e in elections if e.pk == data.get("election")), None)
    method = next((m for m in methods if m.pk == data.get("method")), None)
    if method is None and methods:
        method = next((m for m in methods if m.is_frozen), methods[0])
    if election is None and elections:
        election = elections[0]
    return form, data, elections, methods, election, method


@login_required
def index(request):
    """Ranked table of the index with filters; map when boundaries exist, else a bar chart."""
    _require_view(request)
    form, data, elections, methods, election, method = _selection(request)
    scores = []
    if method is not None and election is not None:
        scores = list(selectors.score_list(user=request.user, method=method, election=election,
                                           level=data.get("level"),
                                           category=data.get("category", "")))
    if scores:
        labels = [i.label for i in selectors.method_indicators(method)]
        for score in scores:
            score.main_driver = selectors.main_driver(score, labels)
    level = data.get("level") or (method.level if method else None)
    boundary_counts = selectors.boundary_count(user=request.user)
    has_map = bool(level and boundary_counts.get(level))
    chart = selectors.ranked_chart(scores) if scores else None
    response = chart_download(request, lambda key: chart if chart and key == chart.key else None)
    if response is not None:
        return response
    query = request.GET.copy()
    query.pop("chart", None)
    query.pop("format", None)
    map_query = {"method": method.pk, "election": election.pk,
                 "level": level} if (method and election and has_map) else None
    return render(request, "risk/index.html", {
        "filters": form, "method": method, "election": election, "scores": scores,
        "chart": chart, "has_map": has_map, "map_query": map_query,
        "download_query": (query.urlencode() + "&") if query else "",
        "can_change": may(request.user, RiskAction.CHANGE),
        "categories": Category, "breadcrumbs": [(_("Vulnerability index"), None)],
    })


@login_required
def map_data(request):
    """GeoJSON of the user's boundaries with the index (``layer=index``) or case counts
    (``layer=cases``) as ``value``."""
    _require_view(request)
    user = request.user
    try:
        method = selectors.method_get(user=user, pk=int(request.GET.get("method", "")))
        election = election_list(user=user).get(pk=int(request.GET.get("election", "")))
        level = int(request.GET.get("level") or method.level)
    except (ValueError, ObjectDoesNotExist) as exc:
        raise Http404 from exc
    if level not in CODE_LENGTH:
        raise Http404
    if request.GET.get("layer") == "cases":
        codes = list(selectors.boundaries(user=user, level=level)
                     .values_list("region_code", flat=True))
        names = dict(selectors.boundaries(user=user, level=level)
                     .values_list("region_code", "name"))
        counts = selectors.case_counts(user=user, region_codes=codes, election=election)
        features = [(code, names[code], counts.get(code, 0.0), "") for code in codes]
    else:
        features = [(s.region_code, s.region_name, s.score, s.category) for s in
                    selectors.score_list(user=user, method=method, election=election,
                                         level=level)]
    return JsonResponse(selectors.geojson(user=user, features=features, level=level),
                        content_type="application/geo+json")


@login_required
def score_detail(request, pk: int):
    """How one region's score came about: which indicators drove it, which were missing."""
    score = _get(selectors.score_get, user=request.user, pk=pk)
    rows = selectors.explain(score)
    return render(request, "risk/score_detail.html", {
        "score": score, "rows": rows, "missing": [r for r in rows if r.raw is None],
        "breadcrumbs": [(_("Vulnerability index"), reverse("risk:index")),
                        (score.region_name, None)],
    })


# --- Methods ---------------------------------------------------------------------------------


@login_required
def method_detail(request, pk: int):
    method = _get(selectors.method_get, user=request.user, pk=pk)
    indicators = selectors.method_indicators(method)
    can_change = can(request.user, RiskAction.CHANGE, method)
    elections = list(election_list(user=request.user))
    edit_form = MethodForm(initial={"name": method.name, "description": method.description,
                                    "low_below": method.low_below,
                                    "high_from": method.high_from}, indicators=indicators)
    return render(request, "risk/method_detail.html", {
        "method": method, "indicators": indicators, "can_change": can_change,
        "edit_form": edit_form, "compute_form": ComputeForm(elections=elections),
        "import_form": IndicatorFileForm(elections=elections),
        "weight_total": sum(i.weight for i in indicators),
        "breadcrumbs": [(_("Vulnerability index"), reverse("risk:index")), (str(method), None)],
    })


def _changeable_method(request, pk):
    return _get(selectors.method_get, user=request.user, pk=pk, action=RiskAction.CHANGE)


@login_required
@require_POST
def method_update(request, pk: int):
    method = _changeable_method(request, pk)
    form = MethodForm(request.POST, indicators=selectors.method_indicators(method))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("risk:method_detail", pk=method.pk)
    try:
        services.update_method(actor=request.user, method=method,
                               name=form.cleaned_data["name"],
                               description=form.cleaned_data["description"],
                               low_below=form.cleaned_data["low_below"],
                               high_from=form.cleaned_data["high_from"], weights=form.weights())
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("Method saved."))
    return redirect("risk:method_detail", pk=method.pk)


@login_required
@require_POST
def method_new_version(request, pk: int):
    method = _changeable_method(request, pk)
    new = services.new_method_version(actor=request.user, method=method)
    messages.success(request, _("Version %(version)s created; it can be edited until it is "
                                "used.") % {"version": new.version})
    return redirect("risk:method_detail", pk=new.pk)


@login_required
@require_POST
def method_compute(request, pk: int):
    method = _changeable_method(request, pk)
    form = ComputeForm(request.POST, elections=list(election_list(user=request.user)))
    if not form.is_valid():
        raise Http404
    election = election_list(user=request.user).get(pk=form.cleaned_data["election"])
    summary = services.compute_index(actor=request.user, method=method, election=election)
    messages.success(request, _("Index computed for %(scored)s regions; %(empty)s without any "
                                "data.") % {"scored": summary.scored,
                                            "empty": summary.without_data})
    return redirect(f"{reverse('risk:index')}?method={method.pk}&election={election.pk}")


@login_required
@require_POST
def method_import(request, pk: int):
    """Start importing an indicator file (shared tabular imports; progress and per-row report on
    the job page)."""
    from netra.imports.services import start_import

    method = _changeable_method(request, pk)
    form = IndicatorFileForm(request.POST, request.FILES,
                             elections=list(election_list(user=request.user)))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("risk:method_detail", pk=method.pk)
    try:
        job = start_import(INDICATOR_IMPORTER, file=form.cleaned_data["file"],
                           actor=request.user, target=method,
                           options={"election_id": form.cleaned_data["election"]})
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect("risk:method_detail", pk=method.pk)
    except OutOfScope as exc:
        raise Http404 from exc
    return redirect(job.get_absolute_url())


# --- Boundaries ------------------------------------------------------------------------------


@login_required
def boundary_list(request):
    _require_view(request)
    report = None
    form = BoundaryFileForm()
    can_change = may(request.user, RiskAction.CHANGE)
    if request.method == "POST":
        if not can_change:
            raise Http404
        form = BoundaryFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.import_boundaries(
                    actor=request.user, data=upload.read(), source_name=upload.name,
                    code_property=form.cleaned_data["code_property"])
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, _("%(n)s boundaries imported.")
                                 % {"n": len(report.imported)})
    counts = selectors.boundary_count(user=request.user)
    return render(request, "risk/boundaries.html", {
        "form": form, "report": report, "can_change": can_change,
        "counts": [(label, counts.get(value, 0)) for value, label in
                   RegionLevel.choices],
        "breadcrumbs": [(_("Vulnerability index"), reverse("risk:index")),
                        (_("Boundaries"), None)],
    }, status=400 if form.errors else 200)


# --- Programme evaluation --------------------------------------------------------------------


@login_required
def evaluation_list(request):
    _require_view(request)
    user = request.user
    organisations = list(organisation_list(user=user).filter(kind__in=EVALUATED_KINDS)
                         .order_by("name"))
    elections = list(election_list(user=user))
    form = EvaluationOpenForm(organisations=organisations, elections=elections)
    if request.method == "POST":
        form = EvaluationOpenForm(request.POST, organisations=organisations, elections=elections)
        if form.is_valid():
            organisation = next(o for o in organisations
                                if o.pk == form.cleaned_data["organisation"])
            election = next(e for e in elections if e.pk == form.cleaned_data["election"])
            try:
                evaluation = services.open_evaluation(actor=user, organisation=organisation,
                                                      election=election)
            except OutOfScope:
                form.add_error("organisation", _("You may not evaluate this office."))
            else:
                return redirect("risk:evaluation_detail", pk=evaluation.pk)
    dimensions, rows, chart = selectors.evaluation_comparison(user=user)
    response = chart_download(request, lambda key: chart if key == chart.key else None)
    if response is not None:
        return response
    return render(request, "risk/evaluation_list.html", {
        "form": form, "dimensions": dimensions, "rows": rows, "chart": chart if rows else None,
        "can_change": may(user, RiskAction.CHANGE),
        "breadcrumbs": [(_("Programme evaluation"), None)],
    }, status=400 if form.errors else 200)


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _get(selectors.evaluation_get, user=request.user, pk=pk)
    can_change = can(request.user, RiskAction.CHANGE, evaluation)
    grouped = selectors.evaluation_form_rows(evaluation)
    rows = [row for _dimension, items in grouped for row in items]
    form = EvaluationForm(initial={"summary": evaluation.summary}, rows=rows)
    if request.method == "POST":
        if not can_change:
            raise Http404
        form = EvaluationForm(request.POST, rows=rows)
        if form.is_valid():
            try:
                services.save_evaluation_scores(actor=request.user, evaluation=evaluation,
                                                scores=form.scores(),
                                                summary=form.cleaned_data["summary"])
            except ValidationError as exc:
                _error_messages(request, exc)
            else:
                messages.success(request, _("Evaluation saved."))
                return redirect("risk:evaluation_detail", pk=evaluation.pk)
    sections = [(dimension, [(row, form[f"score_{row.indicator_id}"],
                              form[f"evidence_{row.indicator_id}"],
                              form[f"notes_{row.indicator_id}"]) for row in items])
                for dimension, items in grouped]
    return render(request, "risk/evaluation_detail.html", {
        "evaluation": evaluation, "form": form, "sections": sections, "can_change": can_change,
        "actions": selectors.evaluation_actions(evaluation),
        "action_form": EvaluationActionForm(), "status_form": ActionStatusForm(),
        "breadcrumbs": [(_("Programme evaluation"), reverse("risk:evaluation_list")),
                        (str(evaluation), None)],
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def evaluation_action_add(request, pk: int):
    evaluation = _get(selectors.evaluation_get, user=request.user, pk=pk,
                      action=RiskAction.CHANGE)
    form = EvaluationActionForm(request.POST)
    if form.is_valid():
        try:
            services.add_evaluation_action(actor=request.user, evaluation=evaluation,
                                           **form.cleaned_data)
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, _("Action added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("risk:evaluation_detail", pk=evaluation.pk)


@login_required
@require_POST
def evaluation_action_status(request, pk: int, action_pk: int):
    evaluation = _get(selectors.evaluation_get, user=request.user, pk=pk,
                      action=RiskAction.CHANGE)
    action = _get(evaluation.actions.get, pk=action_pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(actor=request.user, action=action,
                                   status=form.cleaned_data["status"])
        messages.success(request, _("Action updated."))
    return redirect("risk:evaluation_detail", pk=evaluation.pk)


# --- Comprehensive report --------------------------------------------------------------------


@login_required
def report_list(request):
    """Request a Laporan Komprehensif and list the generated ones."""
    from .models import ComprehensiveReport
    from .reports import request_report

    _require_view(request)
    user = request.user
    can_report = may(user, RiskAction.REPORT)
    organisations = list(organisation_list(user=user).filter(kind__in=EVALUATED_KINDS)
                         .order_by("name"))
    elections = list(election_list(user=user))
    form = ReportForm(organisations=organisations, elections=elections)
    if request.method == "POST":
        if not can_report:
            raise Http404
        form = ReportForm(request.POST, organisations=organisations, elections=elections)
        if form.is_valid():
            organisation = next(o for o in organisations
                                if o.pk == form.cleaned_data["organisation"])
            election = next(e for e in elections if e.pk == form.cleaned_data["election"])
            try:
                request_report(actor=user, organisation=organisation, election=election,
                               public=form.cleaned_data["public"])
            except OutOfScope:
                form.add_error("organisation", _("You may not report for this office."))
            else:
                messages.success(request, _("The report is being generated."))
                return redirect("risk:report_list")
    reports = ComprehensiveReport.objects.visible_to(user, RiskAction.VIEW).select_related(
        "organisation", "election")[:50]
    return render(request, "risk/reports.html", {
        "form": form, "reports": reports, "can_report": can_report,
        "breadcrumbs": [(_("Vulnerability index"), reverse("risk:index")),
                        (_("Comprehensive reports"), None)],
    }, status=400 if form.errors else 200)


@login_required
def report_download(request, pk: int, fmt: str):
    """The report's PDF or XLSX, audited (chain of custody)."""
    from netra.files.download import serve_private_file

    from .models import ComprehensiveReport, ReportStatus

    report = ComprehensiveReport.objects.visible_to(request.user, RiskAction.VIEW).filter(
        pk=pk, status=ReportStatus.DONE).first()
    if report is None or fmt not in ("pdf", "xlsx"):
        raise Http404
    field = report.pdf if fmt == "pdf" else report.xlsx
    content_type = ("application/pdf" if fmt == "pdf" else
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"laporan-komprehensif-{report.pk}.{fmt}"
    return serve_private_file(request, obj=report, field_file=field, content_type=content_type,
                              file_name=name)
