"""The checker form: pick a role, an election type and an activity, or type a question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .choices import ElectionScope

QUESTION_MAX = 300


class CheckerForm(forms.Form):
    subject = forms.ChoiceField(label=_("Your role"), required=False)
    election = forms.ChoiceField(
        label=_("Election type"),
        required=False,
        choices=[
            ("", _("Not sure (show both)")),
            (ElectionScope.PEMILU, ElectionScope.PEMILU.label),
            (ElectionScope.PILKADA, ElectionScope.PILKADA.label),
        ],
    )
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    question = forms.CharField(
        label=_("Or type your question"),
        required=False,
        max_length=QUESTION_MAX,
        strip=True,
        help_text=_('For example: "bolehkah ASN menyumbang dana untuk partai?"'),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            ("", _("Choose your role, or name it in the question"))
        ] + [(s.code, s.label) for s in selectors.subject_list()]
        self.fields["activity"].choices = [("", _("Choose an activity, or type it below"))] + [
            (a.code, a.label) for a in selectors.activity_list()
        ]

    def clean(self):
        data = super().clean()
        if not data.get("activity") and not data.get("question"):
            raise forms.ValidationError(_("Choose an activity or type your question."))
        return data
