"""Pages of import jobs: progress (htmx polling), counts, row errors, mapping, resume."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from netra.core.exports import FORMATS, export_response
from netra.core.views import add_service_errors

from .forms import MappingForm
from .models import ImportStatus
from .registry import importer_classes
from .selectors import get_job, jobs_for
from .services import resume_import, set_mapping

PAGE_ERRORS = 200


def _importer_for(job):
    cls = importer_classes().get(job.importer_key)
    return cls() if cls is not None else None


def _error_rows(job, importer):
    """Row errors for people: line, the column's label, the file's header, the message."""
    header_of = {key: header for header, key in (job.mapping or {}).items()}
    for error in job.errors or []:
        key = error.get("column") or ""
        column = importer.get_column(key, job) if importer and key else None
        yield {
            "row": error.get("row"),
            "column": str(column.label) if column else key,
            "header": header_of.get(key, ""),
            "message": error.get("message", ""),
        }


def _context(request, job, **extra):
    importer = _importer_for(job)
    return {
        "job": job,
        "importer": importer,
        "label": importer.label if importer else job.importer_key,
        "back_url": importer.target_url(job) if importer else "",
        "error_rows": list(_error_rows(job, importer))[:PAGE_ERRORS],
        "errors_shown_limit": PAGE_ERRORS,
        "formats": FORMATS,
        "mapping_to_confirm": "match_scores" in (job.options or {}),
        "breadcrumbs": [(_("Imports"), None)],
        **extra,
    }


class JobListView(LoginRequiredMixin, View):
    """The import jobs the user may see, newest first (optionally of one importer)."""

    def get(self, request):
        jobs = jobs_for(request.user, importer_key=request.GET.get("importer") or None)
        page = Paginator(jobs, 50).get_page(request.GET.get("page"))
        classes = importer_classes()
        rows = [
            (
                job,
                classes[job.importer_key].label
                if job.importer_key in classes
                else job.importer_key,
            )
            for job in page
        ]
        return render(
            request,
            "imports/job_list.html",
            {
                "page_obj": page,
                "rows": rows,
                "breadcrumbs": [(_("Imports"), None)],
            },
        )


class JobDetailView(LoginRequiredMixin, View):
    """The job page; ``?fragment=status`` answers the polled status block alone."""

    def get(self, request, pk):
        job = get_job(request.user, pk)
        context = _context(request, job)
        if request.GET.get("fragment") == "status":
            return render(request, "imports/_job_status.html", context)
        if job.status == ImportStatus.NEEDS_MAPPING and context["importer"] is not None:
            context["mapping_form"] = MappingForm(
                importer=context["importer"],
                headers=job.headers,
                mapping=job.mapping,
                job=job,
                scores=(job.options or {}).get("match_scores"),
            )
        return render(request, "imports/job_detail.html", context)


class JobMappingView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = get_job(request.user, pk)
        importer = _importer_for(job)
        if importer is None:
            raise Http404
        form = MappingForm(
            request.POST,
            importer=importer,
            headers=job.headers,
            mapping=job.mapping,
            job=job,
            scores=(job.options or {}).get("match_scores"),
        )
        if form.is_valid():
            try:
                job = set_mapping(job=job, mapping=form.cleaned_data["mapping"], actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Columns matched; the import has started."))
                return redirect(job.get_absolute_url())
        return render(
            request,
            "imports/job_detail.html",
            _context(request, job, mapping_form=form),
            status=400,
        )


class JobResumeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = get_job(request.user, pk)
        start = job.checkpoint + 1 if job.checkpoint else 2
        try:
            job = resume_import(job, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The import continues from line %(line)d.") % {"line": start}
            )
        return redirect(job.get_absolute_url())


class JobErrorsView(LoginRequiredMixin, View):
    """The row-error report as CSV or XLSX."""

    def get(self, request, pk, fmt):
        if fmt not in FORMATS:
            raise Http404
        job = get_job(request.user, pk)
        importer = _importer_for(job)
        rows = (
            [r["row"], r["column"], r["header"], r["message"]] for r in _error_rows(job, importer)
        )
        return export_response(
            fmt=fmt,
            filename=f"import-{job.pk}-errors",
            headers=[_("Line"), _("Column"), _("Column in the file"), _("Problem")],
            rows=rows,
        )
