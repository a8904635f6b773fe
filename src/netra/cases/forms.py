"""Forms of the case pages. They parse input only; every rule lives in ``services``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.regions.widgets import RegionPickerWidget
from netra.rules.choices import Category, EmploymentType

from .choices import CaseKind, DocumentKind, ReporterType, Source
from .documents import GENERATED_KINDS
from .nip import parse_nik, parse_nip
from .selectors import CaseFilters
from .workflow import Status

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from netra.elections.selectors import Election
    from netra.orgs.selectors import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(label: StrPromise) -> list[tuple[str, StrPromise]]:
    return [("", label)]


class CaseFilterForm(forms.Form):
    """The case list's filters; invalid values are ignored rather than refused."""

    q = forms.CharField(label=_("Search number or summary"), required=False, max_length=100)
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None, required=False, empty_label=_("All elections")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=_blank(_("All kinds")) + CaseKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=_blank(_("All statuses")) + Status.choices)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=_blank(_("All categories")) + Category.choices)
    due_before = forms.DateField(label=_("Due on or before"), required=False, widget=DATE)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # Applied by the list view through cases.next_step.waiting_for (H4, issue #15.3).
    mine = forms.BooleanField(label=_("Waiting for me"), required=False)

    def __init__(self, *args, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections

    def to_filters(self) -> CaseFilters:
        if not self.is_bound:
            return CaseFilters()
        self.is_valid()  # invalid values drop out of cleaned_data and are ignored
        data = self.cleaned_data
        election = data.get("election")
        return CaseFilters(
            election_id=election.pk if election else None,
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            category=data.get("category") or "",
            due_before=data.get("due_before"),
            overdue=bool(data.get("overdue")),
            query=(data.get("q") or "").strip(),
        )


def clean_nip_value(raw: str) -> str:
    """The NIP without spaces, or a ValidationError saying which part is wrong."""
    value = "".join((raw or "").split())
    if value:
        parse_nip(value)
    return value


class ReportedPersonForm(forms.Form):
    """A reported person (terlapor): who they are by position; the name and NIP may follow."""

    # A blank first choice, so an untouched extra row of the formset posts nothing.
    employment_type = forms.ChoiceField(label=_("Employment type"),
                                        choices=_blank(_("Choose…")) + EmploymentType.choices)
    position = forms.CharField(label=_("Position"), max_length=200,
                               help_text=_("E.g. head of a school, district secretary."))
    agency = forms.CharField(label=_("Agency"), max_length=200)
    name = forms.CharField(label=_("Name (if known)"), max_length=150, required=False)
    nip = forms.CharField(
        label=_("NIP (if known)"), max_length=24, required=False,
        help_text=_("18 digits; required before a recommendation goes to the civil-service "
                    "body."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_nip(self) -> str:
        return clean_nip_value(self.cleaned_data.get("nip", ""))


class BaseReportedPersonFormSet(forms.BaseFormSet):
    def persons(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and f.has_changed()]


ReportedPersonFormSet = forms.formset_factory(
    ReportedPersonForm, formset=BaseReportedPersonFormSet, extra=1, min_num=1,
    validate_min=True, max_num=20, validate_max=True,
)



class CaseCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    election: forms.ModelChoiceField[Election] = forms.ModelChoiceField(
        label=_("Election"), queryset=None
    )
    office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Handling office"), queryset=None
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    title = forms.CharField(
        label=_("Summary"), max_length=200,
        help_text=_("Short description without personal names, shown in lists."),
    )
    description = forms.CharField(label=_("Description of the event"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    incident_date = forms.DateField(label=_("Date of the event"), required=False, widget=DATE)
    known_date = forms.DateField(label=_("Date it became known"), widget=DATE)
    place_region_code = forms.CharField(label=_("Place of the event"), required=False,
                                        widget=RegionPickerWidget)
    place_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=150, required=False,
                                    help_text=_("Required for a report; kept encrypted."))
    reporter_type = forms.ChoiceField(label=_("Reporter type"), choices=ReporterType.choices,
                                      required=False)
    reporter_nik = forms.CharField(label=_("Reporter's identity number (NIK)"), max_length=24,
                                   required=False,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                 "autocomplete": "off"}))
    reporter_address = forms.CharField(label=_("Reporter's address"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    reporter_phone = forms.CharField(label=_("Reporter's phone"), max_length=30, required=False)
    reporter_email = forms.EmailField(label=_("Reporter's e-mail"), required=False)

    REPORTER_FIELDS = ("reporter_name", "reporter_type", "reporter_nik", "reporter_address",
                       "reporter_phone", "reporter_email")

    def __init__(self, *args, elections, offices, own_office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections
        self.fields["office"].queryset = offices
        choices = list(offices[:2])
        if len(choices) == 1:
            self.fields["office"].initial = choices[0].pk
        elif own_office is not None and own_office in offices:
            self.fields["office"].initial = own_office.pk
        open_elections = list(elections[:2])
        if len(open_elections) == 1:
            self.fields["election"].initial = open_elections[0].pk

    def clean_reporter_nik(self) -> str:
        """16 ASCII digits (spaces ignored); other digits and characters are refused."""
        raw = self.cleaned_data.get("reporter_nik") or ""
        return parse_nik(raw) if raw.strip() else ""

    def clean(self):
        data = super().clean()
        if data.get("kind") == CaseKind.REPORT and not (data.get("reporter_name") or "").strip():
            self.add_error("reporter_name", _("A report needs the reporter's name."))
        return data

    def case_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.REPORTER_FIELDS]

    def reporter_fields(self) -> list:
        return [self[name] for name in self.REPORTER_FIELDS]


class CaseUpdateForm(forms.Form):
    """Descriptive fields, with the version the editor started from (optimistic locking)."""

    title = forms.CharField(label=_("Summary"), max_length=200,
                            help_text=_("Short description without personal names, shown in "
                                        "lists."))
    description = forms.CharField(label=_("Description of the event"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    incident_date = forms.DateField(label=_("Date of the event"), required=False, widget=DATE)
    place_region_code = forms.CharField(label=_("Place of the event"), required=False,
                                        widget=RegionPickerWidget)
    place_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    FIELDS = ("title", "description", "incident_date", "place_region_code", "place_address")

    @classmethod
    def initial_for(cls, case) -> dict:
        return {**{name: getattr(case, name) for name in cls.FIELDS}, "version": case.version}

    def changes(self, case) -> dict:
        """Only the fields whose value differs from the stored case."""
        result = {}
        for name in self.FIELDS:
            value = self.cleaned_data[name]
            if isinstance(value, str):
                value = value.strip()
            if value != getattr(case, name):
                result[name] = value
        return result


class TransitionForm(forms.Form):
    """A workflow step: the note (required by some steps) and the version seen."""

    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ClassifyForm(forms.Form):
    """Category and violation forms from the rules catalogue in force."""

    category = forms.ChoiceField(label=_("Category"),
                                 choices=_blank(_("Choose…")) + Category.choices)
    violation_types = forms.MultipleChoiceField(
        label=_("Violation forms"), required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, violation_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = {str(v.pk): v for v in violation_types}
        self.fields["violation_types"].choices = [
            (str(v.pk), f"{v.name} ({v.get_category_display()})") for v in violation_types
        ]

    def violation_type_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["violation_types"]]


class CorrectFactsForm(forms.Form):
    """Correction of the facts that the plenary decision locked (koreksi fakta), with the reason.

    Starts from the recorded values; ``changes()`` returns what differs, in the shape
    ``services.correct_case_facts`` takes.
    """

    title = forms.CharField(label=_("Summary"), max_length=200)
    description = forms.CharField(label=_("Description of the event"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    incident_date = forms.DateField(label=_("Date of the event"), required=False, widget=DATE)
    known_date = forms.DateField(label=_("Date it became known"), widget=DATE)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    violation_types = forms.MultipleChoiceField(
        label=_("Violation forms"), required=False, widget=forms.CheckboxSelectMultiple,
    )
    person = forms.ChoiceField(label=_("Reported person whose NIP is corrected"), required=False)
    nip = forms.CharField(
        label=_("Corrected NIP"), max_length=24, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded on the timeline with every corrected value."),
    )

    CASE_FIELDS = ("title", "description", "incident_date", "known_date")

    def __init__(self, *args, case, violation_types, **kwargs):
        self.case = case
        self.current_types = list(case.violation_types.all())
        kwargs.setdefault("initial", {
            **{name: getattr(case, name) for name in self.CASE_FIELDS},
            "category": case.category,
            "violation_types": [str(v.pk) for v in self.current_types],
        })
        super().__init__(*args, **kwargs)
        # The catalogue in force, plus the forms the case already has (possibly superseded).
        catalogue = {v.pk: v for v in [*violation_types, *self.current_types]}
        self.fields["violation_types"].choices = [
            (str(v.pk), f"{v.name} ({v.get_category_display()})")
            for v in sorted(catalogue.values(), key=lambda v: (v.category, v.name))
        ]
        self.fields["person"].choices = _blank(_("None")) + [
            (str(p.pk), f"{p.position}, {p.agency} ({p.nip or '—'})")
            for p in case.reported_persons.all()
        ]

    def clean_nip(self) -> str:
        return clean_nip_value(self.cleaned_data.get("nip", ""))

    def clean(self):
        data = super().clean()
        if data.get("nip") and not data.get("person"):
            self.add_error("person", _("Choose whose NIP is corrected."))
        if data.get("person") and not data.get("nip"):
            self.add_error("nip", _("Enter the corrected NIP."))
        return data

    def changes(self) -> dict:
        """The corrected values only (unchanged fields are left out)."""
        data = self.cleaned_data
        result = {}
        for name in self.CASE_FIELDS:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            if value != getattr(self.case, name):
                result[name] = value
        ids = sorted(int(pk) for pk in data["violation_types"])
        if data["category"] != self.case.category:
            result["category"] = data["category"]
        if ids != sorted(v.pk for v in self.current_types):
            result["violation_type_ids"] = ids
        if data.get("person") and data.get("nip"):
            result["persons"] = {int(data["person"]): {"nip": data["nip"]}}
        return result


class ExtendDeadlineForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for the extension"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("E.g. more information is needed from a witness."))


class CompleteNipForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    nip = forms.CharField(label=_("NIP"), max_length=24,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))

    def clean_nip(self) -> str:
        return clean_nip_value(self.cleaned_data["nip"])


class WitnessForm(forms.Form):
    name = forms.CharField(label=_("Witness's name"), max_length=150)
    contact = forms.CharField(label=_("Contact"), max_length=150, required=False)
    statement = forms.CharField(label=_("Statement summary"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    relation = forms.CharField(
        label=_("Your relation to a party"), max_length=255,
        help_text=_("E.g. sibling of the reported person. You will no longer see this case."),
    )


class HandoverForm(forms.Form):
    to_office: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Hand over to"), queryset=None
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_office"].queryset = offices


class LinkForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def clean_reason(self) -> str:
        return (self.cleaned_data.get("reason") or "").strip() or str(
            _("Same reported person, overlapping dates.")
        )


class EvidenceUploadForm(forms.Form):
    """Rendered on the case page; posted to ``cases:evidence_upload``."""

    file = forms.FileField(label=_("Evidence file"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


class DocumentGenerateForm(forms.Form):
    """Rendered on the case page; posted to ``cases:document_generate``."""

    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[(k, label) for k, label in DocumentKind.choices if k in GENERATED_KINDS],
    )
    format = forms.ChoiceField(label=_("Format"),
                               choices=[("pdf", "PDF"), ("docx", _("DOCX (editable)"))])
