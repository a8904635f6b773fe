"""Editing and correcting a case's facts (locked after the plenary), persons, witnesses,
conflicts, hand-over and links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.orgs.choices import SUPERVISORY_KINDS
from netra.orgs.models import Organisation
from netra.regions.selectors import validate_region_code
from netra.rules.choices import Category, EmploymentType

from ..models import (
    Case,
    CaseLink,
    ConflictDeclaration,
    Handover,
    ReportedPerson,
    Witness,
)
from ..nip import parse_nip
from ..validation import (
    checked_violation_types,
    facts_locked,
    refuse_locked_facts,
    validate_case_dates,
)
from ..workflow import COMMISSIONERS, HANDLERS, Status
from .common import (
    PersonInput,
    _create_person,
    _locked_case,
    _record_event,
    _require,
    _shown,
    _stale,
    normalise,
    validate_person,
)

if TYPE_CHECKING:
    from django.db.models import Field

    from netra.accounts.selectors import User

EDITABLE_FIELDS = ("title", "description", "incident_date", "place_region_code", "place_address",
                   "category")


def _check_fact_values(case: Case, changes: dict[str, Any]) -> None:
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


def update_case(*, case: Case, actor: User | None, expected_version: int, **changes: Any) -> Case:
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


def set_violation_types(
    *, case: Case, actor: User | None, category: str, violation_type_ids: list[int]
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


def add_reported_person(*, case: Case, actor: User | None, person: PersonInput) -> ReportedPerson:
    """Add a reported person; refused after the plenary decision."""
    _require(case.pk, actor, CaseAction.CHANGE)
    with transaction.atomic():
        refuse_locked_facts(_locked_case(case.pk))
        return _create_person(case, person)


def complete_nip(*, person: ReportedPerson, actor: User | None, nip: str) -> ReportedPerson:
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


CORRECTABLE_FIELDS = ("title", "description", "incident_date", "known_date", "place_region_code",
                      "place_address")


PERSON_FIELDS = ("employment_type", "position", "agency", "name", "nip")


MIN_REASON_LENGTH = 20


def _person_changes(
    case: Case, persons: dict[str, Any]
) -> list[tuple[ReportedPerson, dict[str, Any]]]:
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
def correct_case_facts(
    *, case: Case, actor: User | None, changes: dict[str, Any], reason: str
) -> Case:
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
        # Only concrete fields are editable, so the field has a verbose name.
        label = cast("Field[Any, Any]", Case._meta.get_field(name)).verbose_name
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
            label = cast("Field[Any, Any]", ReportedPerson._meta.get_field(name)).verbose_name
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


def add_witness(*, case: Case, actor: User | None, name: str, contact: str = "", statement: str = ""
                ) -> Witness:
    _require(case.pk, actor, CaseAction.CHANGE, HANDLERS)
    if not name.strip():
        raise ValidationError({"name": [_("The witness's name is required.")]})
    return Witness.objects.create(case=case, name=name.strip(), contact=contact.strip(),
                                  statement=statement.strip())


def declare_conflict(*, case: Case, actor: User | None, relation: str) -> ConflictDeclaration:
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
def hand_over(*, case: Case, actor: User | None, to_office: Organisation, reason: str) -> Case:
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


def link_cases(*, case: Case, other: Case, actor: User | None, reason: str) -> CaseLink:
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

