"""Evidence uploads and downloads, generated documents (thin views over ``cases.evidence`` and
``cases.documents``).

Cases are fetched only through ``visible_to``; anything out of scope answers 404. Files are
served as attachments with ``nosniff`` and the type sniffed at upload, and every download is
written to the audit trail. The forms live in ``cases.forms`` (the case page renders them).
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netra.cases.permissions import CaseAction
from netra.core.exceptions import OutOfScope
from netra.files.download import serve_private_file

from .. import documents as documents_service
from .. import evidence as evidence_service
from ..forms import DocumentGenerateForm, EvidenceUploadForm
from ..models import Case, CaseDocument, Evidence


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


def _form_errors(form) -> list[str]:
    return [f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()]


@login_required
@require_POST
def evidence_upload(request, pk: int):
    case = _case(request, pk)
    form = EvidenceUploadForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _refuse(request, case, _form_errors(form))
    try:
        item = evidence_service.upload_evidence(
            case=case, actor=request.user, file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except OutOfScope as exc:
        raise Http404 from exc
    except ValidationError as exc:
        return _refuse(request, case, exc.messages)
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
