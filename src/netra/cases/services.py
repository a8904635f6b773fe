"""Every change of state of a case. One function per use case; each is atomic, takes the acting
user, checks scope and role through ``visible_to`` and records what happened."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core import request_context
from netra.core.audit import channel_for, require_channel
from netra.core.events import publish
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, get_scope
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.models import Organisation
from netra.regions.selectors import validate_region_code
from netra.rules import selectors as rules
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import Category, DeadlineKey, EmploymentType

from . import events
from .choices import KIND_CODE, CaseKind, RecommendationStatus, Source
from .models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseLink,
    ConflictDeclaration,
    Handover,
    Recommendation,
    RegistrationCounter,
    ReportedPerson,
    Reporter,
    Sanction,
    Witness,
)
from .nip import parse_nik, parse_nip
from .validation import (
    checked_violation_types,
    facts_locked,
    long_date,
    refuse_locked_facts,
    validate_case_dates,
)
from .workflow import BY_NAME, COMMISSIONERS, HANDLERS, Status, Transition, initial_status

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


def _check_office(actor, office: Organisation) -> None:
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


@transaction.atomic
def open_case(
    *,
    actor,
    election,
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
    reported_persons: list[PersonInput] = (),
    reporters: list[ReporterInput] = (),
    source_object=None,
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


def _event_origin(case: Case) -> dict:
    """The fields every case event carries: the case and the record it came from."""
    return {
        "case_id": case.pk,
        "source_type": case.source_content_type.model_class()._meta.label_lower
        if case.source_content_type_id else "",
        "source_id": str(case.source_object_id or ""),
        "at": timezone.now(),
    }


def _checked_reporter(reporter: ReporterInput) -> ReporterInput:
    """The reporter with the NIK reduced to its 16 ASCII digits (ValidationError otherwise)."""
    if not reporter.nik:
        return reporter
    return replace(reporter, nik=parse_nik(reporter.nik))


def _record_event(case, name, from_status, to_status, actor, note, versions) -> CaseEvent:
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
    from .tasks import notify_case_event

    # robust: the move is committed; a failing notification is logged, never reported to the
    # actor as a failed move (tasks run inline in the embedded setup).
    transaction.on_commit(lambda: notify_case_event.delay(event.pk), robust=True)
    return event


def allowed_transitions(case: Case, user) -> list[Transition]:
    """Moves the user may attempt now (guards are checked when attempted)."""
    result = []
    for transition in BY_NAME.values():
        if case.status in transition.sources and _actor_may(case, user, transition):
            result.append(transition)
    return result


def _actor_may(case: Case, actor, transition: Transition) -> bool:
    return _may(case.pk, actor, transition.action, transition.roles)


def _may(case_pk: int, actor, action: str, roles: frozenset[str] | None = None) -> bool:
    return can(actor, action, Case(pk=case_pk), roles)


def _require(case_pk: int, actor, action: str, roles: frozenset[str] | None = None) -> None:
    """Refuse (as not found) an actor outside the case's scope or without the role."""
    if not _may(case_pk, actor, action, roles):
        raise OutOfScope(_("Case not found."))


def _start_clock(case, key, on, calendar, versions) -> None:
    rule = rules.deadline_rule(key=key, election_kind=case.election.kind, case_kind=case.kind,
                               on=on)
    CaseDeadline.objects.create(
        case=case, key=key, rule=rule, starts_on=on, unit=rule.unit, days=rule.days,
        due_on=calendar.add(on, rule.days, rule.unit),
    )
    versions[f"deadline:{key}"] = rule.pk


def _stop_clock(case, key, on) -> None:
    CaseDeadline.objects.filter(case=case, key=key, stopped_on__isnull=True).update(
        stopped_on=on, updated_at=timezone.now()
    )


def transition_case(
    *,
    case: Case,
    transition: str,
    actor,
    note: str = "",
    expected_version: int | None = None,
    on: date | None = None,
) -> Case:
    """The only writer of ``Case.status``: lock, check table, scope, role and guards; move; record
    the event with the rule versions used; start/stop clocks; notify after commit."""
    spec = BY_NAME.get(transition)
    if spec is None:
        raise TransitionNotAllowed(_("Unknown step %(name)s.") % {"name": transition})
    on = on or _today()
    with transaction.atomic():
        # Lock the case row only (not its election and office, which every transition of the
        # same election would otherwise queue on).
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("election", "office")
            .get(pk=case.pk)
        )
        _require(locked.pk, actor, CaseAction.VIEW)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentEdit(
                _("Someone else changed this case while you were working on it. Reload the "
                  "page and try again.")
            )
        if locked.status not in spec.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible while the case is “%(status)s”.")
                % {"step": spec.label, "status": locked.get_status_display()}
            )
        if not _actor_may(locked, actor, spec):
            raise TransitionNotAllowed(
                _("Your role does not allow “%(step)s” on this case.") % {"step": spec.label}
            )
        if spec.note_required and not note.strip():
            raise TransitionNotAllowed(
                _("“%(step)s” needs a written reason.") % {"step": spec.label},
                reasons=[_("A written reason is required.")],
            )
        calendar = WorkingCalendar()
        reasons = [msg for guard in spec.guards if (msg := guard(locked, calendar=calendar, on=on))]
        if reasons:
            raise TransitionNotAllowed(
                _("“%(step)s” cannot be done yet.") % {"step": spec.label}, reasons=reasons
            )
        versions: dict = {}
        from_status = locked.status
        locked.status = spec.target
        locked.version += 1
        fields = ["status", "version", "updated_at"]
        if spec.note_required:
            locked.outcome_note = note.strip()
            fields.append("outcome_note")
        hook = _HOOKS.get(spec.name)
        if hook:
            fields += hook(locked, actor=actor, on=on, calendar=calendar, versions=versions)
        for key in spec.stops:
            _stop_clock(locked, key, on)
        for key in spec.starts:
            _start_clock(locked, key, on, calendar, versions)
        if spec.target == Status.CLOSED:
            locked.closed_on = on
            fields.append("closed_on")
        locked.save(update_fields=list(dict.fromkeys(fields)))
        _record_event(locked, spec.name, from_status, spec.target, actor, note.strip(), versions)
        publish(events.CaseStepTaken(**_event_origin(locked), transition=spec.name,
                                     from_status=from_status, to_status=spec.target))
    return locked


def _on_register(case: Case, *, on, versions, **kw) -> list[str]:
    fmt = rules.numbering_format(office_kind=case.office.kind, election_kind=case.election.kind,
                                 on=on)
    kind_code = KIND_CODE[case.kind]
    seq = _next_seq(case.office, kind_code, on.year)
    case.registration_number = _format_number(fmt.template, seq=seq, case=case, on=on,
                                              kind_code=kind_code)
    case.registered_on = on
    versions["numbering_format"] = fmt.pk
    return ["registration_number", "registered_on"]


def _on_decide(case: Case, *, on, **kw) -> list[str]:
    case.decided_on = on
    return ["decided_on"]


def _on_raise(case: Case, *, actor, on, **kw) -> list[str]:
    finding = open_case(
        actor=actor, election=case.election, office=case.office, kind=CaseKind.FINDING,
        source=case.source, title=case.title, known_date=on, description=case.description,
        incident_date=case.incident_date, place_region_code=case.place_region_code,
        place_address=case.place_address, raised_from=case, source_object=case.source_object,
        reported_persons=[
            PersonInput(p.employment_type, p.position, p.agency, p.name, p.nip)
            for p in case.reported_persons.all()
        ],
    )
    case.outcome_note = _("Raised to finding %(number)s") % {"number": finding.intake_number}
    return ["outcome_note"]


def _on_forward(case: Case, *, on, calendar, versions, **kw) -> list[str]:
    """Create one recommendation per competent body, routed by the rules in force."""
    recipients = route_recommendations(case, on=on)
    if not recipients:
        raise TransitionNotAllowed(
            _("No recipient body is configured for this case: check the routing rules."),
        )
    follow_up = rules.deadline_rule(key=DeadlineKey.FOLLOW_UP_WINDOW,
                                    election_kind=case.election.kind, case_kind=case.kind, on=on)
    for recipient, rule in recipients:
        Recommendation.objects.create(
            case=case, recipient=recipient, routing_rule=rule, sent_on=on,
            due_on=calendar.add(on, follow_up.days, follow_up.unit),
        )
        versions.setdefault("routing", []).append(rule.pk)
    return []


_HOOKS = {
    "register": _on_register,
    "raise_to_finding": _on_raise,
    "decide_violation": _on_decide,
    "decide_no_violation": _on_decide,
    "decide_not_followed_up": _on_decide,
    "forward_recommendation": _on_forward,
}


def route_recommendations(case: Case, *, on: date) -> list[tuple[Organisation, object]]:
    """The bodies the recommendation goes to, from the routing rules in force on ``on``.

    The recipient body of the kind named by the rule is the one nearest to the case's office:
    the same region first, then up the tree, then national.
    """
    types = {p.employment_type for p in case.reported_persons.all()} or {""}
    seen: dict[int, tuple[Organisation, object]] = {}
    for employment_type in sorted(types):
        rule = rules.routing_rule(category=case.category, employment_type=employment_type, on=on)
        if rule is None:
            continue
        recipient = nearest_body(rule.recipient_kind, case.region_code)
        if recipient is not None:
            seen.setdefault(recipient.pk, (recipient, rule))
    return list(seen.values())


def nearest_body(kind: str, region_code: str) -> Organisation | None:
    parts = region_code.split(".") if region_code else []
    for depth in range(len(parts), -1, -1):
        code = ".".join(parts[:depth])
        org = Organisation.objects.filter(kind=kind, region_code=code).order_by("pk").first()
        if org is not None:
            return org
    return None


def extend_deadline(*, case: Case, actor, reason: str, key: str = DeadlineKey.DECISION_WINDOW
                    ) -> CaseDeadline:
    """Use the rule's extension (e.g. Pemilu +7, Pilkada +2 days) with a written reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the extension.")]})
    with transaction.atomic():
        _require(case.pk, actor, CaseAction.CHANGE, HANDLERS)
        deadline = (
            CaseDeadline.objects.select_for_update(of=("self",))
            .select_related("rule")
            .filter(case=case, key=key, stopped_on__isnull=True)
            .first()
        )
        if deadline is None:
            raise ValidationError({"reason": [_("This clock is not running.")]})
        if deadline.extended_days:
            raise ValidationError({"reason": [_("The deadline has already been extended.")]})
        if not deadline.rule.extension_days:
            raise ValidationError({"reason": [_("The rule allows no extension.")]})
        calendar = WorkingCalendar()
        deadline.extended_days = deadline.rule.extension_days
        deadline.extension_reason = reason.strip()
        deadline.due_on = calendar.add(deadline.due_on, deadline.rule.extension_days,
                                       deadline.rule.extension_unit)
        deadline.save(update_fields=["extended_days", "extension_reason", "due_on", "updated_at"])
        _record_event(case, "extend_deadline", case.status, case.status, actor,
                      reason.strip(), {f"deadline:{key}": deadline.rule_id})
    return deadline


EDITABLE_FIELDS = ("title", "description", "incident_date", "place_region_code", "place_address",
                   "category")


def _check_fact_values(case: Case, changes: dict) -> None:
    """The rules a changed fact must meet, the same when it is edited and when it is corrected
    (ValidationError by field). Dates are checked as at creation when one of them changes."""
    errors: dict[str, list[str]] = {}
    if "title" in changes and not (changes["title"] or "").strip():
        errors["title"] = [_("A short summary is required.")]
    if changes.get("place_region_code"):
        try:
            validate_region_code(changes["place_region_code"])
        except ValidationError as exc:
            errors["place_region_code"] = exc.messages
    if changes.get("category") and changes["category"] not in Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    if {"incident_date", "known_date"} & set(changes):
        try:
            validate_case_dates(
                election=case.election,
                known_date=changes.get("known_date", case.known_date),
                incident_date=changes.get("incident_date", case.incident_date),
                received_on=timezone.localdate(case.received_at),
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _locked_case(case_pk: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",)).select_related("election").get(pk=case_pk)
    )


def _stale() -> ConcurrentEdit:
    return ConcurrentEdit(
        _("Someone else changed this case while you were working on it. Reload the "
          "page and try again.")
    )


def update_case(*, case: Case, actor, expected_version: int, **changes) -> Case:
    """Edit descriptive fields with optimistic locking: a stale version is refused, the rules of
    creation apply (dates included), and after the plenary decision the facts are locked (a
    commissioner corrects them with ``correct_case_facts``)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(sorted(unknown))
    with transaction.atomic():
        _require(case.pk, actor, CaseAction.CHANGE, HANDLERS | {"field_supervisor"})
        locked = _locked_case(case.pk)
        if locked.version != expected_version:
            raise _stale()
        refuse_locked_facts(locked)
        _check_fact_values(locked, changes)
        updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        if not updated:
            raise _stale()
        fresh = Case.objects.get(pk=case.pk)
        # Audit the field changes explicitly: a queryset update bypasses model signals.
        from auditlog.models import LogEntry

        LogEntry.objects.log_create(
            fresh, action=LogEntry.Action.UPDATE,
            changes={k: [str(getattr(locked, k)), str(v)] for k, v in changes.items()},
            actor=actor,
        )
    return fresh


def set_violation_types(*, case: Case, actor, category: str, violation_type_ids: list[int]
                        ) -> Case:
    """Classify the case: its category and violation forms from the catalogue. Every id must
    exist and name a form of that category and of the case's kind of election; locked after
    the plenary decision."""
    _require(case.pk, actor, CaseAction.CHANGE, HANDLERS)
    with transaction.atomic():
        locked = _locked_case(case.pk)
        refuse_locked_facts(locked)
        types = checked_violation_types(category=category, election_kind=locked.election.kind,
                                        ids=violation_type_ids)
        locked.category = category
        locked.save(update_fields=["category", "updated_at"])
        locked.violation_types.set(types)
    case.category = category
    return case


def add_reported_person(*, case: Case, actor, person: PersonInput) -> ReportedPerson:
    """Add a reported person; refused after the plenary decision."""
    _require(case.pk, actor, CaseAction.CHANGE)
    with transaction.atomic():
        refuse_locked_facts(_locked_case(case.pk))
        return _create_person(case, person)


def complete_nip(*, person: ReportedPerson, actor, nip: str) -> ReportedPerson:
    """Complete (or fix) a reported person's NIP.

    After the plenary decision a recorded NIP is locked (``correct_case_facts`` changes it); a
    missing one may still be completed while the decided violation waits to be forwarded,
    because forwarding to the civil-service body requires it
    (``guards.nip_complete_for_civil_service``): that adds the identifier of a person the
    plenary decided on, it changes no fact of the decision.
    """
    _require(person.case_id, actor, CaseAction.CHANGE)
    try:
        parsed = parse_nip(nip)
    except ValidationError as exc:
        raise ValidationError({"nip": exc.messages}) from exc
    with transaction.atomic():
        case = _locked_case(person.case_id)
        recorded = ReportedPerson.objects.filter(pk=person.pk).values_list("nip", flat=True).get()
        if recorded or case.status != Status.VIOLATION:
            refuse_locked_facts(case)
        person.nip = parsed.value
        person.save(update_fields=["nip", "updated_at"])
    return person


# --- Correcting locked facts ----------------------------------------------------------------

CORRECTABLE_FIELDS = ("title", "description", "incident_date", "known_date", "place_region_code",
                      "place_address")
PERSON_FIELDS = ("employment_type", "position", "agency", "name", "nip")
MIN_REASON_LENGTH = 20


def _shown(value, limit: int = 120) -> str:
    """A value as the correction note shows it: dates spelt out, empty as "—", long text cut."""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return long_date(value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _person_changes(case: Case, persons: dict) -> list[tuple[ReportedPerson, dict]]:
    """Validated changes of reported persons: {person id: {field: value}} → [(person, changes)]."""
    result = []
    for pk, fields in persons.items():
        person = case.reported_persons.filter(pk=pk).first()
        if person is None:
            raise ValidationError({"persons": [
                _("Reported person %(id)s is not part of this case.") % {"id": pk}]})
        unknown = set(fields) - set(PERSON_FIELDS)
        if unknown:
            raise ValidationError({"persons": [
                _("These facts cannot be corrected here: %(fields)s.")
                % {"fields": ", ".join(sorted(unknown))}]})
        values = {k: ("".join((v or "").split()) if k == "nip" else (v or "").strip())
                  for k, v in fields.items()}
        values = {k: v for k, v in values.items() if v != getattr(person, k)}
        if not values:
            continue
        if values.get("employment_type", person.employment_type) not in EmploymentType.values:
            raise ValidationError({"employment_type": [_("Choose an employment type.")]})
        validate_person(PersonInput(**{f: values.get(f, getattr(person, f))
                                       for f in PERSON_FIELDS}))
        result.append((person, values))
    return result


@transaction.atomic
def correct_case_facts(*, case: Case, actor, changes: dict, reason: str) -> Case:
    """Correct facts that the plenary decision locked (koreksi fakta).

    Only a commissioner who may decide on the case does it, with a written reason of at least
    ``MIN_REASON_LENGTH`` characters. ``changes`` holds case fields (``CORRECTABLE_FIELDS``),
    ``category`` and/or ``violation_type_ids``, and ``persons``: {reported person id: {field:
    value}} with ``PERSON_FIELDS``. The rules of creation apply to the new values. Records a
    "correction" event on the timeline (each fact old → new, and the reason; reported persons'
    names are never written there) and the field changes in the audit log, all or nothing.
    """
    from auditlog.models import LogEntry

    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": [
            _("Give the reason for the correction (at least %(count)s characters).")
            % {"count": MIN_REASON_LENGTH}]})
    _require(case.pk, actor, CaseAction.DECIDE, COMMISSIONERS)
    locked = _locked_case(case.pk)
    if not facts_locked(locked):
        raise ValidationError(
            _("The plenary has not decided on this case yet: edit its facts directly."))
    unknown = set(changes) - {*CORRECTABLE_FIELDS, "category", "violation_type_ids", "persons"}
    if unknown:
        raise ValidationError(_("These facts cannot be corrected here: %(fields)s.")
                              % {"fields": ", ".join(sorted(unknown))})
    fields = {k: (v.strip() if isinstance(v, str) else v)
              for k, v in changes.items() if k in CORRECTABLE_FIELDS}
    fields = {k: v for k, v in fields.items() if v != getattr(locked, k)}
    _check_fact_values(locked, fields)

    old_types = list(locked.violation_types.order_by("name"))
    new_types = None
    if "category" in changes or "violation_type_ids" in changes:
        category = changes.get("category") or locked.category
        ids = changes.get("violation_type_ids", [t.pk for t in old_types])
        types = checked_violation_types(category=category, election_kind=locked.election.kind,
                                        ids=ids)
        if category != locked.category:
            fields["category"] = category
        if {t.pk for t in types} != {t.pk for t in old_types}:
            new_types = sorted(types, key=lambda t: t.name)
    person_changes = _person_changes(locked, changes.get("persons") or {})
    if not (fields or new_types is not None or person_changes):
        raise ValidationError(_("Nothing to correct: every value is the same as recorded."))

    lines = []
    audit: dict[str, list[str]] = {}
    for name, value in fields.items():
        label = Case._meta.get_field(name).verbose_name
        old = getattr(locked, name)
        if name == "category":
            old, value = locked.get_category_display() or "", Category(value).label
        lines.append(f"- {label}: {_shown(old)} → {_shown(value)}")
        audit[name] = [str(getattr(locked, name)), str(fields[name])]
    if new_types is not None:
        label = Case._meta.get_field("violation_types").verbose_name
        old_names = "; ".join(t.name for t in old_types)
        new_names = "; ".join(t.name for t in new_types)
        lines.append(f"- {label}: {_shown(old_names, 400)} → {_shown(new_names, 400)}")
        audit["violation_types"] = [old_names, new_names]
        locked.violation_types.set(new_types)
    # Queryset updates with explicit audit entries (as ``update_case``): the actor and the
    # reason are recorded even outside a web request.
    Case.objects.filter(pk=locked.pk).update(version=F("version") + 1,
                                             updated_at=timezone.now(), **fields)
    locked.refresh_from_db()
    if audit:
        LogEntry.objects.log_create(locked, action=LogEntry.Action.UPDATE, changes=audit,
                                    actor=actor, additional_data={"reason": reason})
    for person, values in person_changes:
        who = person.position
        for name, value in values.items():
            label = ReportedPerson._meta.get_field(name).verbose_name
            if name == "name":  # names are not shown to every reader of the timeline
                lines.append(f"- {who}: {label} " + _("corrected"))
            else:
                old = getattr(person, name)
                if name == "employment_type":
                    old, value = person.get_employment_type_display(), EmploymentType(value).label
                lines.append(f"- {who}: {label}: {_shown(old)} → {_shown(value)}")
        extra = {"normalised_name": normalise(values["name"])} if "name" in values else {}
        if "agency" in values:
            extra["normalised_agency"] = normalise(values["agency"])
        ReportedPerson.objects.filter(pk=person.pk).update(
            updated_at=timezone.now(), **values, **extra)
        LogEntry.objects.log_create(
            person, action=LogEntry.Action.UPDATE, actor=actor,
            changes={k: [str(getattr(person, k)), str(v)] for k, v in values.items()},
            additional_data={"reason": reason},
        )
    note = reason + "\n\n" + _("Corrected facts:") + "\n" + "\n".join(lines)
    _record_event(locked, "correction", locked.status, locked.status, actor, note, {})
    return locked


def add_witness(*, case: Case, actor, name: str, contact: str = "", statement: str = ""
                ) -> Witness:
    _require(case.pk, actor, CaseAction.CHANGE, HANDLERS)
    if not name.strip():
        raise ValidationError({"name": [_("The witness's name is required.")]})
    return Witness.objects.create(case=case, name=name.strip(), contact=contact.strip(),
                                  statement=statement.strip())


def declare_conflict(*, case: Case, actor, relation: str) -> ConflictDeclaration:
    """The actor declares a relation to a party; from now on the case is hidden from them."""
    if not relation.strip():
        raise ValidationError({"relation": [_("Describe the relation.")]})
    _require(case.pk, actor, CaseAction.VIEW)
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        case=case, user=actor, defaults={"relation": relation.strip(), "is_active": True}
    )
    _record_event(case, "declare_conflict", case.status, case.status, actor,
                  _("A staff member declared a conflict of interest and is excluded."), {})
    return declaration


@transaction.atomic
def hand_over(*, case: Case, actor, to_office: Organisation, reason: str) -> Case:
    """Hand the case to another office (e.g. a Panwascam case to the regency office)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the hand-over.")]})
    _require(case.pk, actor, CaseAction.CHANGE, HANDLERS)
    if to_office.kind not in SUPERVISORY_KINDS or to_office.pk == case.office_id:
        raise ValidationError({"to_office": [_("Choose another supervisory office.")]})
    Handover.objects.create(case=case, from_office=case.office, to_office=to_office,
                            reason=reason.strip(), actor=actor)
    case.office = to_office
    case.region_code = to_office.region_code
    case.version += 1
    case.save(update_fields=["office", "region_code", "version", "updated_at"])
    _record_event(case, "hand_over", case.status, case.status, actor, reason.strip(), {})
    return case


def link_cases(*, case: Case, other: Case, actor, reason: str) -> CaseLink:
    _require(case.pk, actor, CaseAction.CHANGE)
    _require(other.pk, actor, CaseAction.CHANGE)
    if case.pk == other.pk:
        raise ValidationError({"other": [_("A case cannot be linked to itself.")]})
    link, _created = CaseLink.objects.get_or_create(
        case=case, other=other, defaults={"reason": reason.strip(), "linked_by": actor}
    )
    CaseLink.objects.get_or_create(case=other, other=case,
                                   defaults={"reason": reason.strip(), "linked_by": actor})
    return link


# --- Recipient bodies -----------------------------------------------------------------------


def _recipient_recommendation(recommendation: Recommendation, actor) -> Recommendation:
    scope = get_scope(actor)
    if not scope.superuser and recommendation.recipient_id not in scope.organisation_ids(
        CaseAction.RESPOND
    ):
        raise OutOfScope(_("This recommendation was not sent to your organisation."))
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


@transaction.atomic
def acknowledge_recommendation(*, recommendation: Recommendation, actor) -> Recommendation:
    rec = _recipient_recommendation(recommendation, actor)
    if rec.status != RecommendationStatus.SENT:
        return rec
    rec.status = RecommendationStatus.ACKNOWLEDGED
    rec.acknowledged_at = timezone.now()
    rec.save(update_fields=["status", "acknowledged_at", "updated_at"])
    publish(events.RecommendationAnswered(**_event_origin(rec.case), recommendation_id=rec.pk,
                                          status=rec.status))
    if rec.case.status == Status.FORWARDED:
        transition_case(case=rec.case, transition="acknowledge", actor=actor)
    return rec


@dataclass(frozen=True)
class SanctionInput:
    reported_person_id: int
    sanction_type: str
    decree_number: str
    decree_date: date
    decided_by: str = ""


@transaction.atomic
def record_sanction(*, recommendation: Recommendation, actor, sanctions: list[SanctionInput],
                    answer: str = "") -> Recommendation:
    """The recipient records the sanction actually imposed (type, decree number and date)."""
    rec = _recipient_recommendation(recommendation, actor)
    if not rec.is_open:
        raise TransitionNotAllowed(_("This recommendation has already been answered."))
    if not sanctions:
        raise ValidationError({"sanctions": [_("Record at least one sanction.")]})
    persons = {p.pk: p for p in rec.case.reported_persons.all()}
    for item in sanctions:
        errors = {}
        if item.reported_person_id not in persons:
            errors["reported_person"] = [_("This person is not part of the case.")]
        if not item.decree_number.strip():
            errors["decree_number"] = [_("The decree number is required.")]
        if item.decree_date > _today():
            errors["decree_date"] = [_("The decree date cannot be in the future.")]
        if errors:
            raise ValidationError(errors)
        Sanction.objects.create(
            recommendation=rec, reported_person=persons[item.reported_person_id],
            sanction_type=item.sanction_type, decree_number=item.decree_number.strip(),
            decree_date=item.decree_date, decided_by=item.decided_by.strip(), recorded_by=actor,
        )
    return _answer(rec, actor, RecommendationStatus.SANCTIONED, answer)


@transaction.atomic
def record_refusal(*, recommendation: Recommendation, actor, answer: str) -> Recommendation:
    rec = _recipient_recommendation(recommendation, actor)
    if not rec.is_open:
        raise TransitionNotAllowed(_("This recommendation has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": [_("Give the reason for refusing.")]})
    return _answer(rec, actor, RecommendationStatus.REFUSED, answer)


def _answer(rec: Recommendation, actor, status: str, answer: str) -> Recommendation:
    rec.status = status
    rec.answer = answer.strip()
    rec.answered_at = timezone.now()
    if rec.acknowledged_at is None:
        rec.acknowledged_at = rec.answered_at
    rec.save(update_fields=["status", "answer", "answered_at", "acknowledged_at", "updated_at"])
    case = rec.case
    publish(events.RecommendationAnswered(**_event_origin(case), recommendation_id=rec.pk,
                                          status=status))
    if status == RecommendationStatus.SANCTIONED:
        publish(events.SanctionRecorded(**_event_origin(case), recommendation_id=rec.pk))
    others = case.recommendations.exclude(pk=rec.pk)
    if any(o.is_open for o in others):
        return rec
    sanctioned = status == RecommendationStatus.SANCTIONED or others.filter(
        status=RecommendationStatus.SANCTIONED).exists()
    transition_case(
        case=case,
        transition="record_sanction" if sanctioned else "record_refusal",
        actor=actor,
        note=rec.answer or ("" if sanctioned else _("Refused")),
    )
    return rec
