"""Forms of the prevention pages. They parse input; the rules are in ``services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.elections.selectors import election_list
from netra.regions.widgets import RegionPickerWidget

from . import selectors

if TYPE_CHECKING:
    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation

    from .models import Activity, BudgetLine

from .choices import (
    ActivityType,
    CadreEntryKind,
    DeclarationKind,
    Distribution,
    FileKind,
    RecipientType,
    TargetGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfficeForm(forms.Form):
    """Base: the organiser office (where the user manages prevention) and the election."""

    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organiser office"), queryset=None
    )
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_for(user)
        self.fields["election"].queryset = election_list(user=user)
        offices = list(self.fields["office"].queryset[:2])
        if len(offices) == 1 and not self.initial.get("office"):
            self.initial["office"] = offices[0].pk


class ActivityForm(OfficeForm):
    activity_type = forms.ChoiceField(label=_("Type"), choices=ActivityType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    area_code = forms.CharField(label=_("Region covered"), required=False,
                                widget=RegionPickerWidget)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    participants_count = forms.IntegerField(label=_("Number of participants"), min_value=0,
                                            initial=0, required=False)
    budget_line: forms.ModelChoiceField[BudgetLine] = forms.ModelChoiceField(
        label=_("Budget line"), queryset=None, required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["budget_line"].queryset = selectors.budget_list(user=user)

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        area = data.pop("area_code", "")
        data["area_codes"] = [area] if area else []
        data["participants_count"] = data.get("participants_count") or 0
        return data


class ActivityFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FileKind.choices)
    upload = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("CSV or XLSX file"))


class BudgetImportForm(ImportForm):
    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Office"), queryset=None
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_for(user)


class RecipientListForm(OfficeForm):
    name = forms.CharField(label=_("Name of the list"), max_length=200)


class RecipientForm(forms.Form):
    recipient_type = forms.ChoiceField(label=_("Type"), choices=RecipientType.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    addressee = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)


class LetterRunForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=255,
                              initial=_("Appeal to keep civil servants neutral"))
    message = forms.CharField(
        label=_("Text of the appeal"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Separate paragraphs with an empty line."))
    letter_date = forms.DateField(label=_("Letter date"), widget=DATE)
    number_prefix = forms.CharField(label=_("Number prefix"), max_length=60, required=False,
                                    initial="PM.00.02")


class MarkLettersForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Mark as"),
        choices=[(c.value, c.label) for c in Distribution if c != Distribution.GENERATED])
    on = forms.DateField(label=_("Date"), widget=DATE)
    letters = forms.MultipleChoiceField(label=_("Letters"), choices=(), required=False)

    def __init__(self, *args, letter_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letters"].choices = [(str(pk), str(pk)) for pk in letter_ids]


class BannerForm(OfficeForm):
    village_code = forms.CharField(label=_("Village"), widget=RegionPickerWidget)
    title = forms.CharField(label=_("Banner"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    placed_on = forms.DateField(label=_("Placed on"), widget=DATE)
    removed_on = forms.DateField(label=_("Removed on"), widget=DATE, required=False)
    photo = forms.FileField(label=_("Photo"), required=False)


class DeclarationForm(OfficeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeclarationKind.choices)
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signer_position = forms.CharField(label=_("Position"), max_length=150, required=False)
    agency = forms.CharField(label=_("Agency"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    scan = forms.FileField(label=_("Scanned document"), required=False)


class AgreementForm(OfficeForm):
    partner = forms.CharField(label=_("Partner"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=255)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    scan = forms.FileField(label=_("Scanned document"), required=False)


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=255)
    owner = forms.CharField(label=_("Owner"), max_length=150)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class CadreForm(OfficeForm):
    village_code = forms.CharField(label=_("Village"), widget=RegionPickerWidget)
    name = forms.CharField(label=_("Name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    training: forms.ModelChoiceField[Activity] = forms.ModelChoiceField(
        label=_("Training event"), queryset=None, required=False
    )
    trained_on = forms.DateField(label=_("Trained on"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["training"].queryset = selectors.activity_list(user=user)


class CadreEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CadreEntryKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    place_region_code = forms.CharField(label=_("Place"), required=False,
                                        widget=RegionPickerWidget)


class RaiseForm(forms.Form):
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = election_list(user=user)


class BudgetLineForm(OfficeForm):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    programme = forms.CharField(label=_("Programme"), max_length=200)
    sub_line = forms.CharField(label=_("Sub-line"), max_length=200, required=False)
    allocation = forms.CharField(label=_("Allocation (Rp)"), max_length=40,
                                 help_text=_("Whole rupiah, e.g. Rp 1.633.859.000."))
    realization = forms.CharField(label=_("Realization (Rp)"), max_length=40, initial="0")


class DashboardFilterForm(forms.Form):
    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Office"), queryset=None, required=False
    )
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_for(user, selectors.VIEW)
        self.fields["election"].queryset = election_list(user=user)
