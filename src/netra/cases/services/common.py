"""Shared pieces of the case services: inputs, errors, numbering, the timeline row and its event."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core import request_context
from netra.core.audit import channel_for, require_channel
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can
from netra.core.typing import AnyUser
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.models import Organisation

from ..models import (
    Case,
    CaseEvent,
    RegistrationCounter,
    ReportedPerson,
)
from ..nip import parse_nik, parse_nip
from ..validation import (
    long_date,
)
from ..workflow import HANDLERS

if TYPE_CHECKING:
    from netra.accounts.selectors import User

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


class TransitionNotAllowed(Exception):
    """A workflow move that the table, the actor's role or a guard forbids (HTTP 409)."""

    def __init__(self, message: str, *, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons or []


class ConcurrentEdit(Exception):
    """The case changed since the form was opened (optimistic locking, HTTP 409)."""


@dataclass(frozen=True)
class PersonInput:
    employment_type: str
    position: str
    agency: str
    name: str = ""
    nip: str = ""


@dataclass(frozen=True)
class ReporterInput:
    name: str
    reporter_type: str = "citizen"
    nik: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


def normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used for duplicate detection."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(".", " ").replace(",", " ").split())


def _today() -> date:
    return timezone.localdate()


def _check_office(actor: User | None, office: Organisation) -> None:
    if office.kind not in SUPERVISORY_KINDS:
        raise ValidationError({"office": [_("Only a supervisory office can handle cases.")]})
    if actor is None:
        # Intake without a logged-in staff member (public portal, import job): the caller runs it
        # under ``core.audit.system_actor(channel)`` (``cases.intake.submit_intake`` does).
        require_channel()
        return
    if not can(actor, CaseAction.CHANGE, office, HANDLERS | {"field_supervisor"}):
        raise OutOfScope(_("You may not record cases for this office."))


def _next_seq(office: Organisation, kind_code: str, year: int) -> int:
    """Next number in a gap-free sequence; the row lock serialises concurrent writers."""
    counter, _created = RegistrationCounter.objects.get_or_create(
        office=office, kind_code=kind_code, year=year
    )
    RegistrationCounter.objects.filter(pk=counter.pk).update(last_seq=F("last_seq") + 1)
    counter = RegistrationCounter.objects.select_for_update().get(pk=counter.pk)
    return counter.last_seq


def _format_number(template: str, *, seq: int, case: Case, on: date, kind_code: str) -> str:
    return template.format(
        seq=seq,
        kind=kind_code,
        level=case.office.registration_label or "-",
        # Bawaslu's own office code; until an administrator sets it, the region code keeps
        # numbers of different offices apart (both numbers are unique in the database).
        office=case.office.office_code or case.office.region_code or "-",
        month_roman=ROMAN[on.month - 1],
        month=on.month,
        year=on.year,
        election="PL" if case.election.kind == "pemilu" else "PG",
    )


def validate_person(person: PersonInput) -> None:
    errors: dict[str, list[str]] = {}
    if not person.position.strip():
        errors["position"] = [_("The position is required (who the person is, not their name).")]
    if not person.agency.strip():
        errors["agency"] = [_("The agency is required.")]
    if person.nip:
        try:
            parse_nip(person.nip)
        except ValidationError as exc:
            errors["nip"] = exc.messages
    if errors:
        raise ValidationError(errors)


def _create_person(case: Case, person: PersonInput) -> ReportedPerson:
    validate_person(person)
    return ReportedPerson.objects.create(
        case=case,
        name=person.name.strip(),
        normalised_name=normalise(person.name),
        employment_type=person.employment_type,
        position=person.position.strip(),
        agency=person.agency.strip(),
        normalised_agency=normalise(person.agency),
        nip="".join(person.nip.split()),
    )


def _source_label(case: Case) -> str:
    """The source record's model label (``portal.submission``), or "" for a staff intake."""
    if not case.source_content_type_id or case.source_content_type is None:
        return ""
    model = case.source_content_type.model_class()
    return model._meta.label_lower if model is not None else ""


def _event_origin(case: Case) -> dict[str, Any]:
    """The fields every case event carries: the case and the record it came from."""
    return {
        "case_id": case.pk,
        "source_type": _source_label(case),
        "source_id": str(case.source_object_id or ""),
        "at": timezone.now(),
    }


def _checked_reporter(reporter: ReporterInput) -> ReporterInput:
    """The reporter with the NIK reduced to its 16 ASCII digits (ValidationError otherwise)."""
    if not reporter.nik:
        return reporter
    return replace(reporter, nik=parse_nik(reporter.nik))


def _record_event(
    case: Case,
    name: str,
    from_status: str,
    to_status: str,
    actor: User | None,
    note: str,
    versions: dict[str, Any],
) -> CaseEvent:
    origin = request_context.current()
    event = CaseEvent.objects.create(
        case=case,
        transition=name,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=timezone.now(),
        note=note,
        rule_versions=versions,
        request_id=origin.request_id if origin else "",
        channel="" if actor is not None else channel_for(origin),
    )
    from ..tasks import notify_case_event

    # robust: the move is committed; a failing notification is logged, never reported to the
    # actor as a failed move (tasks run inline in the embedded setup).
    transaction.on_commit(lambda: notify_case_event.delay(event.pk), robust=True)
    return event


def _may(
    case_pk: int, actor: AnyUser | None, action: str, roles: frozenset[str] | None = None
) -> bool:
    return can(actor, action, Case(pk=case_pk), roles)


def _require(
    case_pk: int, actor: AnyUser | None, action: str, roles: frozenset[str] | None = None
) -> None:
    """Refuse (as not found) an actor outside the case's scope or without the role."""
    if not _may(case_pk, actor, action, roles):
        raise OutOfScope(_("Case not found."))


def _locked_case(case_pk: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",)).select_related("election").get(pk=case_pk)
    )


def _stale() -> ConcurrentEdit:
    return ConcurrentEdit(
        _("Someone else changed this case while you were working on it. Reload the "
          "page and try again.")
    )


def _shown(value: object, limit: int = 120) -> str:
    """A value as the correction note shows it: dates spelt out, empty as "—", long text cut."""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return long_date(value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

