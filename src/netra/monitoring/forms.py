"""Forms of the monitoring pages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.cases.choices import CaseKind
from netra.elections.selectors import active_elections

from .choices import HitStatus, LexiconKind

if TYPE_CHECKING:
    from netra.elections.selectors import Election


class HitFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(HitStatus.choices))
    agency = forms.CharField(label=_("Agency"), required=False, max_length=100)
    region = forms.RegexField(label=_("Region code"), required=False, max_length=13,
                              regex=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
    week = forms.CharField(label=_("Week"), required=False,
                           widget=forms.TextInput(attrs={"type": "week"}),
                           help_text=_("An ISO week, e.g. 2024-W36."))

    def clean_week(self) -> dt.date | None:
        value = self.cleaned_data.get("week", "").strip()
        if not value:
            return None
        try:
            return dt.datetime.strptime(value + "-1", "%G-W%V-%u").date()  # noqa: DTZ007
        except ValueError as exc:
            raise forms.ValidationError(_("Enter a week like 2024-W36.")) from exc


class ConfirmHitForm(forms.Form):
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None
    )
    kind = forms.ChoiceField(
        label=_("Record as"),
        choices=[(CaseKind.INITIAL_INFO, CaseKind.INITIAL_INFO.label),
                 (CaseKind.FINDING, CaseKind.FINDING.label)],
    )
    screenshot = forms.FileField(label=_("Screenshot"), required=False,
                                 help_text=_("Optional: an image or PDF of the post."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Election]", self.fields["election"])
        field.queryset = active_elections()
        first = active_elections().first()
        if first is not None:
            field.initial = first.pk


class DismissHitForm(forms.Form):
    reason = forms.CharField(label=_("Reason for dismissing"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


IMPORT_KINDS = [
    ("monitoring.accounts", _("Account registry (CSV/XLSX)")),
    ("monitoring.interactions", _("Posts and interactions (CSV/XLSX/JSON, X API v2 JSON)")),
    ("monitoring.crowdtangle", _("CrowdTangle export (CSV)")),
]


class MonitoringImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=IMPORT_KINDS)
    file = forms.FileField(label=_("File"),
                           help_text=_("CSV or Excel .xlsx; posts and interactions also JSON."))


class LexiconEntryForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=LexiconKind.choices)
    side = forms.CharField(label=_("Side"), max_length=20, required=False,
                           help_text=_("Ballot number the term speaks for, e.g. 01."))
    weight = forms.FloatField(label=_("Weight"), min_value=0.0, max_value=10.0, initial=1.0)
