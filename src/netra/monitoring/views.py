"""Monitoring pages: triage queue, hit detail with confirm/dismiss, accounts, imports, lexicon,
dashboard. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from netra.core.charts import BarChart, Chart, LineChart, Series, chart_download
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may
from netra.core.typing import AnyUser
from netra.core.views import add_service_errors

from . import selectors, services
from .forms import (
    ConfirmHitForm,
    DismissHitForm,
    HitFilterForm,
    LexiconEntryForm,
    MonitoringImportForm,
)
from .models import Hit, LexiconEntry
from .permissions import MonitoringAction


class MonitoringView(LoginRequiredMixin, View):
    action = MonitoringAction.VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, self.action):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def _crumbs(*items):
    return [(_("Social-media monitoring"), reverse("monitoring:hit_list")), *items]


class HitListView(MonitoringView):
    def get(self, request):
        form = HitFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        status = data.get("status", "new") if "status" in request.GET else "new"
        filters = selectors.HitFilters(status=status, agency=data.get("agency", ""),
                                       region=data.get("region", ""), week=data.get("week"))
        hits = selectors.hit_list(user=request.user, filters=filters)
        from django.core.paginator import Paginator

        page = Paginator(hits, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "monitoring/hit_list.html", {
            "filters": form if form.is_bound else HitFilterForm(initial={"status": "new"}),
            "page_obj": page, "object_list": page.object_list, "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "querystring_prefix": (query.urlencode() + "&") if query else "",
            "can_change": may(request.user, MonitoringAction.CHANGE),
            "breadcrumbs": [(_("Social-media monitoring"), None)],
        })


def _hit(request, pk, action=MonitoringAction.VIEW) -> Hit:
    try:
        return selectors.hit_get(user=request.user, pk=pk, action=action)
    except Hit.DoesNotExist as exc:
        raise Http404 from exc


class HitDetailView(MonitoringView):
    def get(self, request, pk, confirm_form=None, dismiss_form=None, status=200):
        hit = _hit(request, pk)
        can_triage = can(request.user, MonitoringAction.TRIAGE, hit)
        return render(request, "monitoring/hit_detail.html", {
            "hit": hit,
            "can_triage": can_triage and hit.status == "new",
            "confirm_form": confirm_form or ConfirmHitForm(),
            "dismiss_form": dismiss_form or DismissHitForm(),
            "breadcrumbs": _crumbs((f"@{hit.account.handle}", None)),
        }, status=status)


class HitConfirmView(HitDetailView):
    def post(self, request, pk):
        hit = _hit(request, pk, MonitoringAction.TRIAGE)
        form = ConfirmHitForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                hit = services.confirm_hit(
                    hit=hit, actor=request.user, election_id=form.cleaned_data["election"].pk,
                    kind=form.cleaned_data["kind"], note=form.cleaned_data["note"],
                    screenshot=form.cleaned_data.get("screenshot"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Hit confirmed: recorded as %(number)s.")
                                 % {"number": hit.intake_number})
                return redirect("monitoring:hit_detail", pk=hit.pk)
        return self.get(request, pk, confirm_form=form, status=400)


class HitDismissView(HitDetailView):
    def post(self, request, pk):
        hit = _hit(request, pk, MonitoringAction.TRIAGE)
        form = DismissHitForm(request.POST)
        if form.is_valid():
            try:
                services.dismiss_hit(hit=hit, actor=request.user,
                                     reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Hit dismissed."))
                return redirect("monitoring:hit_list")
        return self.get(request, pk, dismiss_form=form, status=400)


class AccountListView(MonitoringView):
    def get(self, request):
        query = request.GET.get("q", "").strip()[:100]
        from django.core.paginator import Paginator

        page = Paginator(selectors.account_list(user=request.user, query=query), 50).get_page(
            request.GET.get("page"))
        return render(request, "monitoring/account_list.html", {
            "q": query, "page_obj": page, "object_list": page.object_list,
            "paginator": page.paginator, "is_paginated": page.has_other_pages(),
            "querystring_prefix": f"q={query}&" if query else "",
            "breadcrumbs": _crumbs((_("Monitored accounts"), None)),
        })


class ImportView(MonitoringView):
    action = MonitoringAction.CHANGE

    def get(self, request, form=None, status=200):
        return render(request, "monitoring/import.html", {
            "form": form or MonitoringImportForm(),
            "breadcrumbs": _crumbs((_("Import"), None)),
        }, status=status)

    def post(self, request):
        form = MonitoringImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = services.start_monitoring_import(
                    importer_key=form.cleaned_data["kind"], file=form.cleaned_data["file"],
                    actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                return redirect(job.get_absolute_url())
        return self.get(request, form=form, status=400)


class LexiconView(MonitoringView):
    def get(self, request, form=None, status=200):
        return render(request, "monitoring/lexicon.html", {
            "entries": selectors.lexicon_list(),
            "models": selectors.classifier_versions()[:10],
            "form": form or LexiconEntryForm(),
            "can_change": may(request.user, MonitoringAction.CHANGE),
            "breadcrumbs": _crumbs((_("Lexicon and classifier"), None)),
        }, status=status)

    def post(self, request):
        if not may(request.user, MonitoringAction.CHANGE):
            raise Http404
        if "toggle" in request.POST:
            entry = LexiconEntry.objects.filter(pk=request.POST.get("toggle")).first()
            if entry is None:
                raise Http404
            services.set_lexicon_entry_active(actor=request.user, entry=entry,
                                              active=not entry.active)
            return redirect("monitoring:lexicon")
        if "train" in request.POST:
            try:
                row = services.train_classifier(actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Classifier version %(version)s trained and active.")
                                 % {"version": row.version})
            return redirect("monitoring:lexicon")
        form = LexiconEntryForm(request.POST)
        if form.is_valid():
            try:
                services.add_lexicon_entry(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Term added to the lexicon."))
                return redirect("monitoring:lexicon")
        return self.get(request, form=form, status=400)


def dashboard_charts(user: AnyUser) -> dict[str, Chart]:
    counts = selectors.dashboard_counts(user=user)
    hits, confirmed = _("Hits"), _("Confirmed")
    charts: dict[str, Chart] = {}
    specs: tuple[tuple[str, str, type[Chart], bool], ...] = (
        ("agency", _("Hits per agency"), BarChart, True),
        ("region", _("Hits per region"), BarChart, False),
        ("week", _("Hits per week"), LineChart, False),
    )
    for key, title, cls, horizontal in specs:
        rows = counts[key]
        if not rows:
            continue
        charts[key] = cls(
            key=f"monitoring-{key}", title=title, labels=tuple(r.label for r in rows),
            series=(Series(hits, tuple(r.hits for r in rows)),
                    Series(confirmed, tuple(r.confirmed for r in rows))),
            horizontal=horizontal,
        )
    return charts


class DashboardView(MonitoringView):
    def get(self, request):
        charts = dashboard_charts(request.user)
        response = chart_download(
            request, lambda key: next((c for c in charts.values() if c.key == key), None))
        if response is not None:
            return response
        return render(request, "monitoring/dashboard.html", {
            "charts": list(charts.values()),
            "breadcrumbs": _crumbs((_("Dashboard"), None)),
        })
