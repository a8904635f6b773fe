"""Elections: list, detail with stages, create (administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from netra.core.audit import object_history
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may
from netra.core.views import add_service_errors
from netra.elections.permissions import ElectionAction
from netra.regions.selectors import region_label

from . import selectors, services
from .forms import ElectionForm, StageForm
from .models import Election


@login_required
def election_list(request):
    return render(
        request,
        "elections/election_list.html",
        {
            "elections": selectors.election_list(user=request.user),
            "can_create": may(request.user, ElectionAction.ADMINISTER),
            "breadcrumbs": [(_("Elections"), None)],
        },
    )


@login_required
def election_detail(request, pk: int):
    try:
        election = selectors.election_get(user=request.user, pk=pk)
    except Election.DoesNotExist as exc:
        raise Http404 from exc
    can_change = can(request.user, ElectionAction.ADMINISTER, election)
    form = StageForm()
    if request.method == "POST":
        form = StageForm(request.POST)
        if form.is_valid():
            try:
                services.add_stage(actor=request.user, election=election, **form.cleaned_data)
            except OutOfScope as exc:
                raise Http404 from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Stage added."))
                return redirect("elections:election_detail", pk=pk)
    return render(
        request,
        "elections/election_detail.html",
        {
            "election": election,
            "object": election,
            "region": region_label(election.region_code),
            "form": form,
            "can_change": can_change,
            "history": object_history(election),
            "breadcrumbs": [
                (_("Elections"), reverse("elections:election_list")),
                (election.name, None),
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def election_create(request):
    if not may(request.user, ElectionAction.ADMINISTER):
        raise Http404
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.create_election(
                actor=request.user,
                **{**form.cleaned_data, "region_code": form.cleaned_data["region_code"] or ""},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except OutOfScope as exc:
            form.add_error("region_code", str(exc))
        else:
            messages.success(request, _("Election created."))
            return redirect("elections:election_detail", pk=election.pk)
    return render(
        request,
        "netra/form_page.html",
        {
            "form": form,
            "title": _("New election"),
            "breadcrumbs": [
                (_("Elections"), reverse("elections:election_list")),
                (_("New election"), None),
            ],
        },
        status=400 if request.method == "POST" else 200,
    )
