"""Recording initial information, a finding or a report (the intake port calls this)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.core.events import publish
from netra.orgs.models import Organisation
from netra.regions.selectors import validate_region_code

from .. import events
from ..choices import KIND_CODE, CaseKind, Source
from ..models import (
    Case,
    Reporter,
)
from ..validation import (
    validate_case_dates,
)
from ..workflow import initial_status
from .common import (
    PersonInput,
    ReporterInput,
    _check_office,
    _checked_reporter,
    _create_person,
    _event_origin,
    _format_number,
    _next_seq,
    _record_event,
    validate_person,
)

if TYPE_CHECKING:
    from netra.accounts.selectors import User
    from netra.elections.selectors import Election


@transaction.atomic
def open_case(
    *,
    actor: User | None,
    election: Election,
    office: Organisation,
    kind: str,
    source: str,
    title: str,
    known_date: date,
    description: str = "",
    incident_date: date | None = None,
    place_region_code: str = "",
    place_address: str = "",
    received_at: datetime | None = None,
    reported_persons: Sequence[PersonInput] = (),
    reporters: Sequence[ReporterInput] = (),
    source_object: Model | None = None,
    raised_from: Case | None = None,
) -> Case:
    """Record initial information, a finding or a report, and give it an intake number.

    A late report is still recorded (an acknowledged report is never lost); the formal check
    refuses to register it and says why.
    """
    _check_office(actor, office)
    errors: dict[str, list[str]] = {}
    if kind not in CaseKind.values:
        errors["kind"] = [_("Unknown case kind.")]
    if source not in Source.values:
        errors["source"] = [_("Unknown source of information.")]
    if not title.strip():
        errors["title"] = [_("A short summary is required.")]
    if place_region_code:
        try:
            validate_region_code(place_region_code)
        except ValidationError as exc:
            errors["place_region_code"] = exc.messages
    received_at = received_at or timezone.now()
    try:
        validate_case_dates(election=election, known_date=known_date, incident_date=incident_date,
                            received_on=timezone.localdate(received_at))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        reporters = [_checked_reporter(reporter) for reporter in reporters]
    except ValidationError as exc:
        errors["reporter_nik"] = exc.messages
    if not election.is_active:
        errors["election"] = [_("This election no longer accepts new cases.")]
    if kind == CaseKind.REPORT and not reporters:
        errors["reporters"] = [_("A report needs the reporter's identity.")]
    if errors:
        raise ValidationError(errors)
    for person in reported_persons:
        validate_person(person)
    case = Case(
        election=election,
        office=office,
        region_code=office.region_code,
        kind=kind,
        source=source,
        status=initial_status(kind),
        received_at=received_at,
        known_date=known_date,
        incident_date=incident_date,
        place_region_code=place_region_code,
        place_address=place_address.strip(),
        title=title.strip(),
        description=description.strip(),
        created_by=actor,
        raised_from=raised_from,
    )
    if source_object is not None:
        case.source_object = source_object
    on = timezone.localdate(received_at)
    kind_code = KIND_CODE[kind]
    seq = _next_seq(office, f"in-{kind_code}", on.year)
    template = "{seq:03d}/{kind}/{election}/{level}/{office}/{month_roman}/{year}"
    case.intake_number = _format_number(template, seq=seq, case=case, on=on, kind_code=kind_code)
    case.save()
    for person in reported_persons:
        _create_person(case, person)
    for reporter in reporters:
        Reporter.objects.create(case=case, **reporter.__dict__)
    _record_event(case, "open", "", case.status, actor, _("Recorded"), {})
    publish(events.CaseOpened(**_event_origin(case), kind=case.kind, source=case.source,
                              office_id=case.office_id))
    return case

