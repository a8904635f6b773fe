"""Forms of the documents of record: the signed-scan upload (case page) and, per kind, the facts
a generated draft states (the completion page). They only collect input; the rules are in
``cases.services.records``."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind
from .models import Case, CaseDocument
from .services.records import DECISIONS, RECORD_KINDS, commissioner_choices

DECISION_LABELS = {
    "violation": _("Violation"),
    "no_violation": _("Not a violation"),
    "not_followed_up": _("Not followed up"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _violation_field(case: Case, label, help_text="") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label, required=False, help_text=help_text,
        queryset=case.violation_types.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class SignedUploadForm(forms.Form):
    """Rendered in the case page's documents section; posted to ``cases:document_upload``."""

    kind = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(label=_("Signed scan"),
                           help_text=_("A PDF or a photo (JPEG, PNG) of the signed document."))
    number = forms.CharField(label=_("Number on the document"), max_length=120, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", "---------")] + [
            (k, label) for k, label in DocumentKind.choices if k in RECORD_KINDS
        ]
        self.fields["violation_types"] = _violation_field(
            case, _("Violation forms the legal study names"),
            _("Only for a legal study: the violation forms it examined."),
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "file": data["file"], "number": data["number"],
                "violation_type_ids": [v.pk for v in data["violation_types"]]}


class FactsForm(forms.Form):
    """The facts a draft states; every field may be left empty while drafting (finalising
    checks that the required ones are there)."""

    def __init__(self, *args, document: CaseDocument, **kwargs):
        self.document = document
        self.case = document.case
        kwargs.setdefault("initial", self.initial_from(document.facts or {}))
        super().__init__(*args, **kwargs)

    def initial_from(self, facts: dict) -> dict:
        return dict(facts)

    def to_facts(self) -> dict:
        return dict(self.cleaned_data)


class ClarificationFactsForm(FactsForm):
    clarified = forms.CharField(
        label=_("Who was clarified"), max_length=200, required=False,
        help_text=_("Their position and standing (e.g. “Camat Taktakan, reported person”), "
                    "not their name."))
    clarified_on = forms.DateField(label=_("Date of the clarification"), required=False,
                                   widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    summary = forms.CharField(label=_("Summary of the statements"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))


class LegalStudyFactsForm(FactsForm):
    legal_basis = forms.CharField(label=_("Article (legal basis)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    analysis = forms.CharField(label=_("Analysis"), required=False,
                               widget=forms.Textarea(attrs={"rows": 6}))
    conclusion = forms.CharField(label=_("Conclusion"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, document: CaseDocument, **kwargs):
        super().__init__(*args, document=document, **kwargs)
        self.fields["violation_types"] = _violation_field(
            self.case, _("Violation forms examined"),
            _("From the case's classification (set it in “Category and violation forms”)."))
        self.order_fields(["violation_types", "legal_basis", "analysis", "conclusion"])

    def initial_from(self, facts: dict) -> dict:
        return {**facts, "violation_types": facts.get("violation_type_ids", [])}

    def to_facts(self) -> dict:
        data = dict(self.cleaned_data)
        data["violation_type_ids"] = [v.pk for v in data.pop("violation_types")]
        return data


class PlenaryFactsForm(FactsForm):
    decision = forms.ChoiceField(label=_("Decision"), required=False)
    held_on = forms.DateField(label=_("Date of the plenary"), required=False, widget=DateInput)
    notes = forms.CharField(label=_("Considerations"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, document: CaseDocument, **kwargs):
        super().__init__(*args, document=document, **kwargs)
        cast(forms.ChoiceField, self.fields["decision"]).choices = [("", "---------")] + [
            (d, DECISION_LABELS[d]) for d in DECISIONS
        ]
        commissioners = forms.ModelMultipleChoiceField(
            label=_("Commissioners present"), required=False,
            queryset=commissioner_choices(self.case), widget=forms.CheckboxSelectMultiple,
            help_text=_("Members of the handling office with the commissioner role."),
        )
        commissioners.label_from_instance = lambda u: u.get_full_name()  # type: ignore[assignment,method-assign]
        self.fields["commissioners"] = commissioners
        self.order_fields(["decision", "commissioners", "held_on", "notes"])

    def initial_from(self, facts: dict) -> dict:
        return {**facts, "commissioners": facts.get("commissioner_ids", [])}

    def to_facts(self) -> dict:
        data = dict(self.cleaned_data)
        data["commissioner_ids"] = [u.pk for u in data.pop("commissioners")]
        return data


class StatusFactsForm(FactsForm):
    status_text = forms.CharField(
        label=_("Status announced"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public text: positions and agencies, never names."))


FACTS_FORMS: dict[str, type[FactsForm]] = {
    DocumentKind.CLARIFICATION_MINUTES: ClarificationFactsForm,
    DocumentKind.LEGAL_STUDY: LegalStudyFactsForm,
    DocumentKind.PLENARY_MINUTES: PlenaryFactsForm,
    DocumentKind.STATUS_ANNOUNCEMENT: StatusFactsForm,
}


def facts_form(document: CaseDocument, data=None) -> FactsForm | None:
    """The completion form of a draft's kind (None for kinds that state no facts)."""
    form_class = FACTS_FORMS.get(document.kind)
    if form_class is None:
        return None
    return form_class(data=data, document=document, auto_id="id_facts_%s")
