"""Public pages (no login): the "Boleh atau tidak?" checker, an education page per role, the FAQ.

They read public reference data only, so they need no account; they answer GET requests (a
question can be bookmarked or shared) and never store what was asked.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import selectors
from .forms import CheckerForm
from .widgets import may_administer


def _crumbs(*items):
    return list(items)


@require_GET
def checker(request):
    asked = any(request.GET.get(k) for k in ("subject", "activity", "question", "election"))
    form = CheckerForm(request.GET if asked else None)
    result = None
    if asked and form.is_valid():
        data = form.cleaned_data
        result = selectors.check_question(
            question=data["question"],
            subject=data["subject"] or None,
            activity=data["activity"] or None,
            election=data["election"] or None,
        )
    return render(
        request,
        "knowledge/checker.html",
        {
            "form": form,
            "result": result,
            "may_administer": may_administer(request.user),
            "breadcrumbs": _crumbs((_("Allowed or not?"), None)),
        },
    )


@require_GET
def role_list(request):
    return render(
        request,
        "knowledge/role_list.html",
        {
            "subjects": selectors.subject_list(),
            "breadcrumbs": _crumbs(
                (_("Allowed or not?"), reverse("knowledge:checker")), (_("Roles"), None)
            ),
        },
    )


@require_GET
def role_detail(request, code: str):
    subject = selectors.subject_get(code)
    if subject is None:
        raise Http404
    return render(
        request,
        "knowledge/role_detail.html",
        {
            "subject": subject,
            "rows": selectors.education_for(subject),
            "breadcrumbs": _crumbs(
                (_("Allowed or not?"), reverse("knowledge:checker")),
                (_("Roles"), reverse("knowledge:role_list")),
                (subject.label, None),
            ),
        },
    )


@require_GET
def faq(request):
    return render(
        request,
        "knowledge/faq.html",
        {
            "breadcrumbs": _crumbs(
                (_("Allowed or not?"), reverse("knowledge:checker")), (_("FAQ"), None)
            ),
        },
    )
