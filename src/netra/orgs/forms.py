from django import forms
from django.utils.translation import gettext_lazy as _

from netra.regions.widgets import RegionPickerWidget

from .choices import OrgKind
from .models import Organisation


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgKind.choices]
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "office_code",
            "registration_label",
            "address",
            "email",
            "phone",
            "active_from",
            "active_until",
        ]
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}),
            "active_until": forms.DateInput(attrs={"type": "date"}),
        }


class OrganisationCreateForm(OrganisationForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    region_code = forms.CharField(
        label=_("Jurisdiction region"),
        required=False,
        widget=RegionPickerWidget,
        help_text=_("Leave empty only for a national body."),
    )

    class Meta(OrganisationForm.Meta):
        fields = ["name", "kind", "region_code", *OrganisationForm.Meta.fields[1:]]
