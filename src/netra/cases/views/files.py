"""Evidence uploads and downloads, generated documents and documents of record (thin views
over ``cases.evidence``, ``cases.documents`` and ``cases.services.records``).

Built on the core base views: cases, evidence and documents are fetched only through
``visible_to`` (documents and evidence through their selectors, scoped by their case); anything
out of scope answers 404. Files are
served as attachments with ``nosniff`` and the type sniffed at upload, and every download is
written to the audit trail. The forms live in ``cases.forms`` (the case page renders them).
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.core.views import ScopedObjectMixin, add_service_errors
from netra.files.download import serve_private_file

from .. import documents as documents_service
from .. import evidence as evidence_service
from ..choices import DocumentState
from ..document_forms import SignedUploadForm, facts_form
from ..forms import DocumentGenerateForm, EvidenceUploadForm
from ..models import Case, CaseDocument, Evidence
from ..services import records
from .common import CaseActionView, _auto_id
from .detail import render_case_page


def _back(request, case: Case):
    url = reverse("cases:case_detail", args=[case.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _refuse(request, case: Case, errors: list[str]):
    """A refusal: 400 with the message for htmx, else a message on the case page."""
    text = " ".join(str(e) for e in errors)
    if request.htmx:
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, text)
    return _back(request, case)


def _form_errors(form) -> list[str]:
    return [f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()]


class CaseFileView(CaseActionView):
    """A file posted to a case in scope; success goes back to the case page (htmx: a redirect
    header)."""

    def get_form(self, data=None, files=None):
        return self.form_class(data=data, files=files, auto_id=_auto_id(self.get_form_key()))

    def perform(self, form):
        self.stored = self.store(form)
        return _back(self.request, self.object)


class EvidenceUploadView(CaseFileView):
    """Add an evidence file. A refusal (bad file, too large, not allowed) comes back next to the
    upload form with the typed description kept: as text for htmx, else the case page with the
    evidence section open (400)."""

    form_class = EvidenceUploadForm
    form_key = "evidence"

    def store(self, form):
        return evidence_service.upload_evidence(
            case=self.object, actor=self.request.user, file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )

    def get_success_message(self):
        return _("Evidence “%(name)s” added.") % {"name": self.stored.original_name}

    def form_invalid(self, form, status=None):
        if self.request.htmx:
            return _refuse(self.request, self.object, _form_errors(form))
        return super().form_invalid(form, status)


evidence_upload = EvidenceUploadView.as_view()


class DocumentGenerateView(CaseFileView):
    """Generate a draft document; a refusal is a message on the case page (400 text for htmx)."""

    form_class = DocumentGenerateForm
    form_key = "document"

    def get_form(self, data=None, files=None):
        return DocumentGenerateForm(data=data)

    def store(self, form):
        return documents_service.generate_document(
            case=self.object, actor=self.request.user, kind=form.cleaned_data["kind"],
            fmt=form.cleaned_data["format"],
        )

    def perform(self, form):
        try:
            return super().perform(form)
        except ValidationError as exc:  # said as a message, like a refused form
            self.stored = None
            return _refuse(self.request, self.object, exc.messages)

    def get_success_message(self):
        if self.stored is None:
            return ""
        return _("Document “%(name)s” generated.") % {"name": self.stored.original_name}

    def form_invalid(self, form, status=None):
        return _refuse(self.request, self.object, _form_errors(form))


document_generate = DocumentGenerateView.as_view()


class EvidenceDownloadView(ScopedObjectMixin, View):
    """One evidence file, served privately and audited (``netra.files``)."""

    model = Evidence
    scope_action = CaseAction.VIEW

    def fetch_object(self, pk, queryset=None):
        return evidence_service.evidence_get(user=self.request.user, pk=pk)

    def get(self, request, *args, **kwargs):
        item = self.get_object()
        return serve_private_file(request, obj=item, field_file=item.file,
                                  content_type=item.content_type, file_name=item.original_name)


evidence_download = EvidenceDownloadView.as_view()


@login_required
def document_download(request, pk: int):
    """A stored document, or one rendered again for this user (documents that may name the
    reporter are never stored); ``serve_document`` audits the access."""
    try:
        document, data = documents_service.serve_document(user=request.user, pk=pk)
    except CaseDocument.DoesNotExist as exc:
        raise Http404 from exc
    content_type = document.content_type
    if content_type.startswith("text/") and "charset" not in content_type:
        content_type += "; charset=utf-8"
    response = FileResponse(io.BytesIO(data), as_attachment=True,
                            filename=document.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Documents of record ----------------------------------------------------------------------

UPLOAD_FORM_KEY = "document_upload"


class DocumentUploadView(CaseFileView):
    """Keep the signed scan of a document (PDF or photo). A refusal comes back next to the
    upload form with what was typed: the form alone for htmx (409, swapped in place), else the
    case page with the documents section open (400)."""

    form_key = UPLOAD_FORM_KEY

    def check_object(self, obj) -> bool:
        return documents_service.may_generate_documents(user=self.request.user, case=obj)

    def get_form(self, data=None, files=None):
        return SignedUploadForm(data=data, files=files, case=self.object,
                                auto_id="id_document_upload_%s")

    def store(self, form):
        return records.upload_signed(case=self.object, actor=self.request.user,
                                     **form.service_kwargs())

    def get_success_message(self):
        document = self.stored
        return (_("Signed scan “%(name)s” kept as the %(kind)s of record.")
                % {"name": document.original_name, "kind": document.get_kind_display().lower()})

    def form_invalid(self, form, status=None):
        if self.request.htmx:
            return render(self.request, "cases/detail/_document_upload.html",
                          {"case": self.object, "form": form}, status=409)
        return render_case_page(self.request, self.object, upload_form=form, status=400,
                                opened={"files"})


document_upload = DocumentUploadView.as_view()


class ChangeableDocumentMixin(ScopedObjectMixin):
    """A generated document of a case the user may change; 404 otherwise."""

    model = CaseDocument
    scope_action = CaseAction.VIEW

    def fetch_object(self, pk, queryset=None):
        return documents_service.document_get(user=self.request.user, pk=pk)

    def check_object(self, obj) -> bool:
        return obj.generated and documents_service.may_generate_documents(
            user=self.request.user, case=obj.case)


def _render_complete(request, document: CaseDocument, form, *, problem: str = "",
                     status: int = 200):
    case = document.case
    context = {
        "case": case,
        "document": document,
        "form": form if document.state == DocumentState.DRAFT else None,
        "problem": problem,
        "is_draft": document.state == DocumentState.DRAFT,
        "breadcrumbs": [(_("Cases"), reverse("cases:case_list")),
                        (case.number, reverse("cases:case_detail", args=[case.pk])),
                        (document.get_kind_display(), None)],
    }
    return render(request, "cases/document_complete.html", context, status=status)


class DocumentCompleteView(ChangeableDocumentMixin, View):
    """Complete a generated draft: the facts it states (a form per kind); saving renders the
    draft again from them. A final document shows read-only."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        return _render_complete(request, document, facts_form(document))

    def post(self, request, *args, **kwargs):
        document = self.get_object()
        if document.state != DocumentState.DRAFT:
            return _render_complete(request, document, None, status=400, problem=_(
                "This document is of record and locked: it can no longer be changed."))
        form = facts_form(document, data=request.POST)
        if form is None:
            return _render_complete(
                request, document, None, status=400,
                problem=_("This kind of document states no facts to complete."))
        if not form.is_valid():
            return _render_complete(request, document, form, status=400)
        try:
            document = records.complete_draft(document=document, actor=request.user,
                                              facts=form.to_facts())
        except OutOfScope as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _render_complete(request, document, form, status=400)
        messages.success(request, _("The draft was completed and generated again; check it, "
                                    "then finalise it."))
        return redirect("cases:document_complete", pk=document.pk)


document_complete = DocumentCompleteView.as_view()


class DocumentFinaliseView(ChangeableDocumentMixin, View):
    """Finalise a completed draft (numbered, locked, hashed); a refusal is shown on the
    completion page with what is missing."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        document = self.get_object()
        try:
            document = records.finalise_document(document=document, actor=request.user)
        except OutOfScope as exc:
            raise Http404 from exc
        except ValidationError as exc:
            document.refresh_from_db()
            return _render_complete(request, document, facts_form(document), status=400,
                                    problem=" ".join(exc.messages))
        messages.success(request, _("%(kind)s finalised with number %(number)s.")
                         % {"kind": document.get_kind_display(), "number": document.number})
        return _back(request, document.case)


document_finalise = DocumentFinaliseView.as_view()
