"""Evidence uploads and downloads, generated documents and documents of record (thin views
over ``cases.evidence``, ``cases.documents`` and ``cases.services.records``).

Cases are fetched only through ``visible_to``; anything out of scope answers 404. Files are
served as attachments with ``nosniff`` and the type sniffed at upload, and every download is
written to the audit trail. The forms live in ``cases.forms`` (the case page renders them).
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.files.download import serve_private_file

from .. import documents as documents_service
from .. import evidence as evidence_service
from ..choices import DocumentState
from ..document_forms import SignedUploadForm, facts_form
from ..forms import DocumentGenerateForm, EvidenceUploadForm
from ..models import Case, CaseDocument, Evidence
from ..services import records
from .common import _auto_id


def _case(request, pk: int) -> Case:
    try:
        return Case.objects.visible_to(request.user, CaseAction.VIEW).get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _back(request, case: Case):
    try:
        url = reverse("cases:case_detail", args=[case.pk])
    except NoReverseMatch:
        url = "/"
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


def _evidence_refused(request, case: Case, form):
    if request.htmx:
        return _refuse(request, case, _form_errors(form))
    from .detail import _render_detail

    return _render_detail(request, case, bound={"evidence": form}, status=400)


def _form_errors(form) -> list[str]:
    return [f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()]


@login_required
@require_POST
def evidence_upload(request, pk: int):
    """Add an evidence file. A refusal (bad file, too large, not allowed) comes back next to the
    upload form with the typed description kept: as text for htmx, else the case page with the
    evidence section open (400)."""
    case = _case(request, pk)
    form = EvidenceUploadForm(data=request.POST, files=request.FILES,
                              auto_id=_auto_id("evidence"))
    if not form.is_valid():
        return _evidence_refused(request, case, form)
    try:
        item = evidence_service.upload_evidence(
            case=case, actor=request.user, file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except OutOfScope as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _add_errors(form, exc)
        return _evidence_refused(request, case, form)
    messages.success(request, _("Evidence “%(name)s” added.") % {"name": item.original_name})
    return _back(request, case)


@login_required
def evidence_download(request, pk: int):
    try:
        item = evidence_service.evidence_get(user=request.user, pk=pk)
    except Evidence.DoesNotExist as exc:
        raise Http404 from exc
    return serve_private_file(request, obj=item, field_file=item.file,
                              content_type=item.content_type, file_name=item.original_name)


@login_required
@require_POST
def document_generate(request, pk: int):
    case = _case(request, pk)
    form = DocumentGenerateForm(data=request.POST)
    if not form.is_valid():
        return _refuse(request, case, _form_errors(form))
    try:
        document = documents_service.generate_document(
            case=case, actor=request.user, kind=form.cleaned_data["kind"],
            fmt=form.cleaned_data["format"],
        )
    except OutOfScope as exc:
        raise Http404 from exc
    except ValidationError as exc:
        return _refuse(request, case, exc.messages)
    messages.success(request,
                     _("Document “%(name)s” generated.") % {"name": document.original_name})
    return _back(request, case)


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


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service refusal on the form, each message next to its field when it has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _case_page_with(request, case: Case, *, upload_form, status: int):
    """The case page again with the documents section open and the upload form as posted
    (its errors next to it, the typed fields kept)."""
    from .detail import _detail_context, open_sections

    context = _detail_context(request, case, {})
    context["refusal"] = None
    context["open_sections"] = open_sections({}) | {"files"}
    context["document_upload_form"] = upload_form
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_POST
def document_upload(request, pk: int):
    """Keep the signed scan of a document (PDF or photo). A refusal comes back next to the
    upload form with what was typed: the form alone for htmx (409, swapped in place), else the
    case page with the documents section open (400)."""
    case = _case(request, pk)
    if not documents_service.may_generate_documents(user=request.user, case=case):
        raise Http404
    form = SignedUploadForm(data=request.POST, files=request.FILES, case=case,
                            auto_id="id_document_upload_%s")
    document = None
    if form.is_valid():
        try:
            document = records.upload_signed(case=case, actor=request.user,
                                             **form.service_kwargs())
        except OutOfScope as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _add_errors(form, exc)
    if document is None:
        if request.htmx:
            return render(request, "cases/detail/_document_upload.html",
                          {"case": case, "form": form}, status=409)
        return _case_page_with(request, case, upload_form=form, status=400)
    messages.success(request, _("Signed scan “%(name)s” kept as the %(kind)s of record.")
                     % {"name": document.original_name,
                        "kind": document.get_kind_display().lower()})
    return _back(request, case)


def _changeable_document(request, pk: int) -> CaseDocument:
    """A generated document of a case the user may change; 404 otherwise."""
    try:
        document = documents_service.document_get(user=request.user, pk=pk)
    except CaseDocument.DoesNotExist as exc:
        raise Http404 from exc
    if not document.generated or not documents_service.may_generate_documents(
        user=request.user, case=document.case
    ):
        raise Http404
    return document


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


@login_required
def document_complete(request, pk: int):
    """Complete a generated draft: the facts it states (a form per kind); saving renders the
    draft again from them. A final document shows read-only."""
    document = _changeable_document(request, pk)
    if request.method != "POST":
        return _render_complete(request, document, facts_form(document))
    if document.state != DocumentState.DRAFT:
        return _render_complete(request, document, None, status=400, problem=_(
            "This document is of record and locked: it can no longer be changed."))
    form = facts_form(document, data=request.POST)
    if form is None:
        return _render_complete(request, document, None, status=400,
                                problem=_("This kind of document states no facts to complete."))
    if not form.is_valid():
        return _render_complete(request, document, form, status=400)
    try:
        document = records.complete_draft(document=document, actor=request.user,
                                          facts=form.to_facts())
    except OutOfScope as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _add_errors(form, exc)
        return _render_complete(request, document, form, status=400)
    messages.success(request, _("The draft was completed and generated again; check it, then "
                                "finalise it."))
    return redirect("cases:document_complete", pk=document.pk)


@login_required
@require_POST
def document_finalise(request, pk: int):
    """Finalise a completed draft (numbered, locked, hashed); a refusal is shown on the
    completion page with what is missing."""
    document = _changeable_document(request, pk)
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
