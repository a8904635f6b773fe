"""Organisation directory: list, detail, export, create a child office, edit."""

import copy

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.core.exports import FORMATS, export_response
from netra.core.scoping import can, may
from netra.core.views import ScopedDetailView, ScopedFormView, ScopedListView
from netra.orgs.permissions import OrgAction
from netra.regions.selectors import region_label

from . import selectors, services
from .choices import OrgKind
from .forms import OrganisationCreateForm, OrganisationFilterForm, OrganisationForm
from .models import Organisation

# The kind most often created under an office, offered first in the form.
CHILD_KIND = {
    OrgKind.BAWASLU_RI: OrgKind.BAWASLU_PROVINCE,
    OrgKind.BAWASLU_PROVINCE: OrgKind.BAWASLU_REGENCY,
    OrgKind.BAWASLU_REGENCY: OrgKind.PANWASCAM,
    OrgKind.PANWASCAM: OrgKind.PKD,
}


class OrganisationListView(ScopedListView):
    model = Organisation
    scope_action = OrgAction.VIEW
    template_name = "orgs/organisation_list.html"

    def get_queryset(self, action: str = OrgAction.VIEW):
        self.filters = OrganisationFilterForm(self.request.GET or None)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        return selectors.organisation_list(
            user=self.request.user,
            action=action,
            kind=data.get("kind", ""),
            query=data.get("q", ""),
        )

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str):
        if not request_can_export(self.request):
            raise Http404
        qs = self.get_queryset(action=OrgAction.EXPORT)
        rows = (
            (
                o.name,
                o.get_kind_display(),
                o.region_code,
                region_label(o.region_code),
                o.office_code,
                o.parent.name if o.parent else "",
            )
            for o in qs.iterator(chunk_size=2000)
        )
        headers = [
            _("Name"),
            _("Kind"),
            _("Region code"),
            _("Region"),
            _("Office code"),
            _("Parent organisation"),
        ]
        return export_response(fmt=fmt, filename="organisasi", headers=headers, rows=rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=self.filters,
            querystring_prefix=(query.urlencode() + "&") if query else "",
            export_query=query.urlencode(),
            can_export=request_can_export(self.request),
            breadcrumbs=[(_("Organisations"), None)],
        )
        return context


def request_can_export(request) -> bool:
    return may(request.user, OrgAction.EXPORT)


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    scope_action = OrgAction.VIEW
    template_name = "orgs/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        user = self.request.user
        context.update(
            jurisdiction=region_label(org.region_code),
            children=Organisation.objects.visible_to(user, OrgAction.VIEW)
            .filter(parent=org)
            .order_by("name"),
            can_administer=can(user, OrgAction.ADMINISTER, org),
            breadcrumbs=[
                (_("Organisations"), reverse("orgs:organisation_list")),
                (org.name, None),
            ],
        )
        return context


class OrganisationUpdateView(ScopedFormView):
    model = Organisation
    scope_action = OrgAction.ADMINISTER
    form_class = OrganisationForm
    template_name = "netra/form_page.html"
    success_message = gettext_lazy("Organisation saved.")

    def get_form_kwargs(self):
        # A ModelForm writes the cleaned values onto its instance while validating; give it a
        # copy so the service still compares against the stored values and saves the changes.
        return {"instance": copy.copy(self.object)}

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.update_organisation(actor=self.request.user, organisation=self.object, **changes)
        return redirect("orgs:organisation_detail", pk=self.object.pk)

    def extra_context(self):
        return {
            "title": _("Edit %(name)s") % {"name": self.object.name},
            "breadcrumbs": [
                (_("Organisations"), reverse("orgs:organisation_list")),
                (self.object.name, reverse("orgs:organisation_detail", args=[self.object.pk])),
                (_("Edit"), None),
            ],
        }


class OrganisationCreateView(ScopedFormView):
    """Create a child organisation (e.g. a Panwascam) under ``pk``."""

    model = Organisation
    scope_action = OrgAction.ADMINISTER
    form_class = OrganisationCreateForm
    template_name = "netra/form_page.html"
    success_message = gettext_lazy("Organisation created.")

    def get_form_kwargs(self):
        return {
            "initial": {
                "region_code": self.object.region_code,
                "kind": CHILD_KIND.get(self.object.kind, ""),
            }
        }

    def perform(self, form):
        data = form.cleaned_data
        details = {k: data[k] for k in OrganisationForm.Meta.fields if k != "name"}
        org = services.create_organisation(
            actor=self.request.user,
            name=data["name"],
            kind=data["kind"],
            region_code=data["region_code"] or "",
            parent=self.object,
            **details,
        )
        return redirect("orgs:organisation_detail", pk=org.pk)

    def extra_context(self):
        return {
            "title": _("New organisation under %(name)s") % {"name": self.object.name},
            "breadcrumbs": [
                (_("Organisations"), reverse("orgs:organisation_list")),
                (self.object.name, reverse("orgs:organisation_detail", args=[self.object.pk])),
                (_("New organisation"), None),
            ],
        }
