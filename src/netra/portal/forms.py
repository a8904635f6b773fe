"""Public forms of the portal: the report form, the receipt-code lookup, messages, identity."""

from __future__ import annotations

import copy
import re
import secrets
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.choices import ReporterType
from netra.cases.nip import parse_nik
from netra.elections.selectors import active_election_list
from netra.files.intake import AcceptedFile, UploadPolicy, accept_upload, check_file_count
from netra.regions.selectors import region_get
from netra.rules.choices import EmploymentType

from .choices import RequestedKind
from .services import ReportInput
from .widgets import PublicRegionPickerWidget

EVIDENCE_POLICY = UploadPolicy(
    types=frozenset({"jpeg", "png", "webp", "gif", "pdf", "mp4"}),
    summary=gettext_lazy("Accepted: photos (JPEG, PNG, WebP, GIF), PDF and MP4 video."),
)


def max_files() -> int:
    return int(getattr(settings, "NETRA_PORTAL_MAX_FILES", 5))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files, each checked by ``netra.files`` (content, size, pixels, metadata)."""

    widget = MultipleFileInput

    def __init__(self, *args, limit=None, **kwargs):
        self.limit = limit
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[AcceptedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        limit = self.limit() if callable(self.limit) else self.limit
        if files:
            check_file_count(len(files) - 1, limit=limit,
                             message=gettext_lazy("Attach at most %(limit)d files."))
        accepted, errors = [], []
        for upload in files:
            try:
                accepted.append(accept_upload(upload, policy=EVIDENCE_POLICY))
            except ValidationError as exc:
                errors.append(_("File %(name)s: %(problem)s") % {
                    "name": getattr(upload, "name", "?"), "problem": " ".join(exc.messages)})
        if errors:
            raise ValidationError(errors)
        return accepted


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateField(forms.DateField):
    """``forms.DateField`` reading ``YYYY-MM-DD`` (what a date input sends) first.

    Django tries the active language's input formats in order; Indonesian lists eight others
    before the ISO format, so every date cost eight failed ``strptime`` calls. No earlier format
    can read an ISO date, so the result is the same; anything else (a typed ``30/08/2024``)
    still goes through the localized formats."""

    def to_python(self, value):
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass  # e.g. 2024-02-30: the localized formats give the usual message
        return super().to_python(value)


class _CheaplyCopiedFields(dict):
    """A form's declared fields, copied for each form instance.

    Django deep-copies every declared field (widget, choices, lazy labels) for every form: ~0.5 ms
    for the 25 fields of the report form, paid by every submission. A ``ReportForm`` changes
    only the election field after construction (its choices, from the open elections); that one
    is deep-copied, the others are shallow copies (their own attributes, shared widget,
    validators and messages, which nothing changes after the class is created)."""

    def __init__(self, fields, *, deep: frozenset[str]) -> None:
        super().__init__(fields)
        self.deep = deep

    def __deepcopy__(self, memo):
        return {name: copy.deepcopy(field, memo) if name in self.deep else copy.copy(field)
                for name, field in self.items()}


def check_nik(raw: str) -> str:
    """A NIK: 16 digits (``cases.nip.parse_nik``), a known regency or city in the first four
    digits and a real birth date in digits 7-12 (women add 40 to the day)."""
    nik = parse_nik(raw)
    # Province and regency/city of registration; the district is not checked, as districts
    # split and are renumbered while NIKs keep the code they were issued with.
    regency = f"{nik[0:2]}.{nik[2:4]}"
    if region_get(regency) is None:
        raise ValidationError(
            _("The first four digits of this NIK (%(code)s) are not a regency or city in "
              "Indonesia."), code="nik_region", params={"code": regency})
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    this_year = timezone.localdate().year % 100
    century = 2000 if year <= this_year else 1900
    try:
        born = date(century + year, month, day)
    except ValueError:
        raise ValidationError(_("Digits 7 to 12 of this NIK are not a valid birth date."),
                              code="nik_birth_date") from None
    if born > timezone.localdate():
        raise ValidationError(_("Digits 7 to 12 of this NIK are not a valid birth date."),
                              code="nik_birth_date")
    return nik


class ReportForm(forms.Form):
    """The public report form (formulir laporan daring)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("How do you want to report?"), choices=RequestedKind.choices,
        widget=forms.RadioSelect, initial=RequestedKind.REPORT,
        help_text=gettext_lazy(
            "A formal report (laporan) needs your name, NIK, address and a phone number or "
            "e-mail, and must be filed within 7 days (7 working days for a general election) "
            "of learning about the violation; you may be asked to a clarification. Anonymous "
            "information (informasi awal) needs none of that: the office may follow it up as "
            "its own finding, but cannot ask you for more except through this portal."))
    election = forms.TypedChoiceField(label=gettext_lazy("Election"), coerce=int)
    reporter_name = forms.CharField(label=gettext_lazy("Your full name"), max_length=200,
                                    required=False)
    reporter_nik = forms.CharField(label=gettext_lazy("Your NIK (16 digits)"), max_length=24,
                                   required=False,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    reporter_address = forms.CharField(label=gettext_lazy("Your address"), max_length=500,
                                       required=False)
    reporter_phone = forms.CharField(label=gettext_lazy("Your phone number"), max_length=32,
                                     required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "tel"}))
    reporter_email = forms.EmailField(label=gettext_lazy("Your e-mail"), required=False)
    reporter_type = forms.ChoiceField(label=gettext_lazy("You are"),
                                      choices=ReporterType.choices, initial=ReporterType.CITIZEN)
    notify = forms.BooleanField(
        label=gettext_lazy("E-mail me when the status changes"), required=False,
        help_text=gettext_lazy("Also possible anonymously: the address is kept encrypted and "
                               "only used for these notices."))
    notify_email = forms.EmailField(label=gettext_lazy("E-mail for notices"), required=False)
    person_name = forms.CharField(label=gettext_lazy("Name of the reported person"),
                                  max_length=200)
    person_position = forms.CharField(label=gettext_lazy("Position"), max_length=200)
    person_agency = forms.CharField(label=gettext_lazy("Agency or office"), max_length=200)
    person_employment_type = forms.ChoiceField(label=gettext_lazy("The person is a"),
                                               choices=EmploymentType.choices)
    person_nip = forms.CharField(
        label=gettext_lazy("NIP or NIK of the reported person (if you know it)"),
        max_length=24, required=False)
    title = forms.CharField(label=gettext_lazy("What happened, in one line"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Describe what happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    incident_date = DateField(label=gettext_lazy("When did it happen?"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    known_date = DateField(label=gettext_lazy("When did you learn about it?"),
                           widget=forms.DateInput(attrs={"type": "date"}))
    place_region_code = forms.CharField(label=gettext_lazy("Where did it happen?"),
                                        widget=PublicRegionPickerWidget)
    place_address = forms.CharField(label=gettext_lazy("Place details (street, building)"),
                                    max_length=300, required=False)
    evidence = EvidenceField(
        label=gettext_lazy("Evidence (photos, PDF, video)"), limit=max_files,
        widget=MultipleFileInput(attrs={
            "accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf,video/mp4"}),
        help_text=gettext_lazy("Location and device details are removed from photos and "
                               "author details from documents before they are stored."))
    # Honeypot: hidden from people by CSS; a filled value marks an automated submission.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per form; the service takes them too (``submit_report(open_elections=)``).
        self.open_elections = active_election_list()
        self.fields["election"].choices = [("", "—")] + [
            (e.pk, e.name) for e in self.open_elections]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(24))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_reporter_nik(self) -> str:
        raw = self.cleaned_data.get("reporter_nik", "")
        if not raw.strip():
            return ""
        return check_nik(raw)

    def clean_place_region_code(self) -> str:
        code = self.cleaned_data["place_region_code"]
        region = region_get(code)
        if region is None:
            raise ValidationError(_("Choose the place from the list."))
        if region.level < 3:
            raise ValidationError(_("Choose at least the district (kecamatan), better the "
                                    "village, where it happened."))
        return code

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("incident_date", "known_date"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        if (data.get("incident_date") and data.get("known_date")
                and data["known_date"] < data["incident_date"]):
            self.add_error("known_date", _("You cannot have learned about it before it "
                                           "happened."))
        if data.get("kind") == RequestedKind.REPORT:
            for name in ("reporter_name", "reporter_nik", "reporter_address"):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _("Required for a formal report. Choose anonymous "
                                           "information if you do not want to give it."))
            if not data.get("reporter_phone") and not data.get("reporter_email"):
                self.add_error("reporter_phone", _("A formal report needs a phone number or an "
                                                   "e-mail address."))
        if data.get("notify") and not (data.get("notify_email") or data.get("reporter_email")):
            self.add_error("notify_email", _("Give the e-mail address for notices."))
        return data

    def report_input(self) -> ReportInput:
        d = self.cleaned_data
        anonymous = d["kind"] == RequestedKind.INITIAL_INFO
        identity = {} if anonymous else {
            "reporter_name": d["reporter_name"].strip(), "reporter_nik": d["reporter_nik"],
            "reporter_address": d["reporter_address"].strip(),
            "reporter_phone": d["reporter_phone"].strip(), "reporter_email": d["reporter_email"],
            "reporter_type": d["reporter_type"],
        }
        notify = ""
        if d.get("notify"):
            notify = d.get("notify_email") or ("" if anonymous else d.get("reporter_email", ""))
        return ReportInput(
            election_id=d["election"], anonymous=anonymous, title=d["title"].strip(),
            description=d["description"].strip(), known_date=d["known_date"],
            incident_date=d["incident_date"], place_region_code=d["place_region_code"],
            place_address=d["place_address"].strip(), notify_email=notify,
            persons=((d["person_employment_type"], d["person_position"].strip(),
                      d["person_agency"].strip(), d["person_name"].strip(),
                      d["person_nip"].strip()),),
            evidence=tuple(d.get("evidence") or ()), **identity,
        )


ReportForm.base_fields = _CheaplyCopiedFields(ReportForm.base_fields,
                                              deep=frozenset({"election"}))


class ReceiptLookupForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Receipt code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters"}))


class ReporterMessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Your message"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    # A declared field is moved into ``declared_fields`` at class creation, so it does not
    # shadow ``BaseForm.files`` at run time; mypy only sees the class attribute.
    files = EvidenceField(  # type: ignore[assignment]
        label=gettext_lazy("More evidence"), limit=5)


class IdentityForm(forms.Form):
    """An anonymous reporter reveals their identity (to turn the information into a report)."""

    name = forms.CharField(label=gettext_lazy("Your full name"), max_length=200)
    nik = forms.CharField(label=gettext_lazy("Your NIK (16 digits)"), max_length=24,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    address = forms.CharField(label=gettext_lazy("Your address"), max_length=500)
    phone = forms.CharField(label=gettext_lazy("Your phone number"), max_length=32,
                            required=False)
    email = forms.EmailField(label=gettext_lazy("Your e-mail"), required=False)

    def clean_nik(self) -> str:
        return check_nik(self.cleaned_data["nik"])

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        return data


class OfficeMessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message to the reporter"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    asks_for_more = forms.BooleanField(label=gettext_lazy("Ask for more information"),
                                       required=False)
