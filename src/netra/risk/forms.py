"""Forms of the risk app (parsing only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ActionStatus, Category, RegionLevel

MAX_GEOJSON_BYTES = 50 * 1024 * 1024


class ScoreFilterForm(forms.Form):
    election = forms.TypedChoiceField(label=_("Election"), coerce=int, required=False)
    method = forms.TypedChoiceField(label=_("Method"), coerce=int, required=False)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, required=False,
                                   choices=[("", _("All levels")), *RegionLevel.choices])
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])

    def __init__(self, *args, elections=(), methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [(e.pk, e.name) for e in elections]
        self.fields["method"].choices = [(m.pk, str(m)) for m in methods]


class MethodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    low_below = forms.FloatField(label=_("Low below"), min_value=0, max_value=100)
    high_from = forms.FloatField(label=_("High from"), min_value=0, max_value=100)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            self.fields[f"weight_{indicator.key}"] = forms.DecimalField(
                label=_("Weight of “%(label)s” (%%)") % {"label": indicator.label},
                min_value=0, max_value=100, decimal_places=2,
                initial=indicator.weight,
            )

    def weights(self) -> dict:
        return {name.removeprefix("weight_"): value for name, value in self.cleaned_data.items()
                if name.startswith("weight_")}


class ComputeForm(forms.Form):
    election = forms.TypedChoiceField(label=_("Election"), coerce=int)

    def __init__(self, *args, elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [(e.pk, e.name) for e in elections]


class IndicatorFileForm(ComputeForm):
    file = forms.FileField(
        label=_("Indicator file (CSV or XLSX)"),
        help_text=_("One row per region and indicator: region code (kode wilayah), indicator "
                    "key, value."),
    )


class BoundaryFileForm(forms.Form):
    file = forms.FileField(label=_("Boundaries (GeoJSON)"))
    code_property = forms.CharField(
        label=_("Property holding the region code"), required=False, max_length=60,
        help_text=_("Leave empty to use region_code, kode_wilayah, kode or code."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GEOJSON_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class EvaluationOpenForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Office"), coerce=int)
    election = forms.TypedChoiceField(label=_("Election"), coerce=int)

    def __init__(self, *args, organisations=(), elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["election"].choices = [(e.pk, e.name) for e in elections]


class ReportForm(EvaluationOpenForm):
    public = forms.BooleanField(
        label=_("Public edition (reported persons by position, never by name)"), required=False)


SCORE_CHOICES = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


class EvaluationForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            i = row.indicator_id
            self.fields[f"score_{i}"] = forms.TypedChoiceField(
                label=_("Score"), choices=SCORE_CHOICES, coerce=int, empty_value=None,
                required=False, initial=row.score)
            self.fields[f"evidence_{i}"] = forms.CharField(
                label=_("Evidence"), required=False, initial=row.evidence,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"notes_{i}"] = forms.CharField(
                label=_("Notes"), required=False, initial=row.notes,
                widget=forms.Textarea(attrs={"rows": 2}))

    def scores(self) -> dict:
        data = self.cleaned_data
        return {row.indicator_id: (data.get(f"score_{row.indicator_id}"),
                                   data.get(f"evidence_{row.indicator_id}", ""),
                                   data.get(f"notes_{row.indicator_id}", ""))
                for row in self.rows}


class EvaluationActionForm(forms.Form):
    description = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(
        attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner (position)"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
