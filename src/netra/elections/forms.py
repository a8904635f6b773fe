from django import forms
from django.utils.translation import gettext_lazy as _

from netra.regions.widgets import RegionPickerWidget

from .models import ElectionKind, ElectionLevel


class ElectionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=ElectionKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=ElectionLevel.choices)
    region_code = forms.CharField(
        label=_("Region"),
        required=False,
        widget=RegionPickerWidget,
        help_text=_("Leave empty for a national election."),
    )
    voting_day = forms.DateField(
        label=_("Voting day"), widget=forms.DateInput(attrs={"type": "date"})
    )


class StageForm(forms.Form):
    name = forms.CharField(label=_("Stage"), max_length=150)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
