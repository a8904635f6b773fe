"""Forms of the questionnaire builder and the public response form."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import LIKERT_MAX, QuestionKind, WavePhase
from .services import ChoiceInput

if TYPE_CHECKING:
    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation
    from netra.prevention.models import Activity

    from .models import Wave


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Office"), queryset=None, empty_label=None
    )
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None, required=False
    )

    def __init__(self, *args, offices, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["election"].queryset = elections


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text_id = forms.CharField(label=_("Question (Indonesian)"), max_length=500)
    text_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice questions: one option per line, Indonesian | English."),
    )

    def clean(self):
        data = super().clean()
        lines = [line for line in (data.get("choices") or "").splitlines() if line.strip()]
        parsed = []
        for line in lines:
            text_id, _sep, text_en = line.partition("|")
            parsed.append(ChoiceInput(text_id.strip()[:200], text_en.strip()[:200]))
        data["choice_inputs"] = parsed
        return data


class WaveForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=WavePhase.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    activity: forms.ModelChoiceField[Activity] = forms.ModelChoiceField(
        label=_("Prevention activity"), queryset=None, required=False,
        help_text=_("The activity in the prevention calendar, if it is recorded there."),
    )
    activity_title = forms.CharField(
        label=_("Activity"), max_length=200, required=False,
        help_text=_("The socialization or technical guidance this wave measures."),
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes at"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities

    def service_kwargs(self) -> dict[str, Any]:
        """The wave's fields for ``services.create_wave``: a chosen activity is kept as a soft
        reference (its id and title)."""
        data = dict(self.cleaned_data)
        activity = data.pop("activity", None)
        if activity is not None:
            data["activity_id"] = activity.pk
            data["activity_title"] = data.get("activity_title") or activity.title
        return data


class IssueCodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=500,
                               initial=20)


class ImportForm(forms.Form):
    wave: forms.ModelChoiceField[Wave] = forms.ModelChoiceField(
        label=_("Wave"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("A Google Forms or spreadsheet export (CSV or XLSX) with one response per "
                    "row."),
    )

    def __init__(self, *args, waves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = waves


YES_NO_CHOICES = (("1", _("Yes")), ("0", _("No")))
LIKERT_LABELS = {
    5: {1: _("Strongly disagree"), 2: _("Disagree"), 3: _("Neutral"), 4: _("Agree"),
        5: _("Strongly agree")},
    4: {1: _("Strongly disagree"), 2: _("Disagree"), 3: _("Agree"), 4: _("Strongly agree")},
}


class ResponseForm(forms.Form):
    """The public form: a respondent code, then one field per question (``q_<id>``).

    Fields only collect; the service validates (scale, options, duplicates) so that the web and
    imports apply the same rules."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    code = forms.CharField(
        label=_("Your respondent code"), max_length=40,
        help_text=_("A code you choose or were given, e.g. MAWAR-1987, with at least one digit. "
                    "Use the same code before and after the activity. Never write your name."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4().hex
        self.questions = list(questions)
        for index, question in enumerate(self.questions, start=1):
            label = f"{index}. {question.text}"
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect)
            elif question.kind in LIKERT_MAX:
                top = LIKERT_MAX[question.kind]
                field = forms.ChoiceField(
                    choices=[(str(i), f"{i} · {LIKERT_LABELS[top][i]}")
                             for i in range(1, top + 1)],
                    widget=forms.RadioSelect,
                )
            elif question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(c.value, c.text) for c in question.choices.all()],
                    widget=forms.RadioSelect,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c.value, c.text) for c in question.choices.all()],
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                        max_length=4000)
            # Checked by the service, so out-of-scale values get its message, not Django's.
            field.required = False
            field.label = label
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.MultipleChoiceField
            ):
                field.validate = lambda value: None
                field.valid_value = lambda value: True
            if isinstance(field, forms.MultipleChoiceField):
                field.valid_value = lambda value: True
            if question.required:
                field.widget.attrs["aria-required"] = "true"
            self.fields[name] = field

    def raw_answers(self) -> dict[int, str | list[str]]:
        raw: dict[int, str | list[str]] = {}
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.MULTIPLE:
                raw[question.pk] = self.data.getlist(name) if hasattr(self.data, "getlist") \
                    else self.data.get(name, [])
            else:
                raw[question.pk] = self.data.get(name, "")
        return raw
