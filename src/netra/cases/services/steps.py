"""Workflow steps: allowed moves, the transition with its clocks and hooks, deadline
extensions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.cases.permissions import CaseAction
from netra.core.events import publish
from netra.core.typing import AnyUser
from netra.orgs.selectors import Organisation, nearest_office
from netra.rules import selectors as rules
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import DeadlineKey

from .. import events
from ..choices import KIND_CODE, CaseKind
from ..models import (
    Case,
    CaseDeadline,
    Recommendation,
)
from ..workflow import BY_NAME, HANDLERS, Status, Transition
from .common import (
    ConcurrentEdit,
    PersonInput,
    ReporterInput,
    TransitionNotAllowed,
    _event_origin,
    _format_number,
    _may,
    _next_seq,
    _record_event,
    _require,
    _today,
)
from .opening import open_case

if TYPE_CHECKING:
    from netra.accounts.selectors import User
    from netra.rules.selectors import RoutingRule

    from .letters import LetterInput


def allowed_transitions(case: Case, user: AnyUser) -> list[Transition]:
    """Moves the user may attempt now (guards are checked when attempted)."""
    result = []
    for transition in BY_NAME.values():
        if case.status in transition.sources and _actor_may(case, user, transition):
            result.append(transition)
    return result


def _actor_may(case: Case, actor: AnyUser | None, transition: Transition) -> bool:
    return _may(case.pk, actor, transition.action, transition.roles)


def _start_clock(
    case: Case, key: str, on: date, calendar: WorkingCalendar, versions: dict[str, Any]
) -> None:
    rule = rules.deadline_rule(key=key, election_kind=case.election.kind, case_kind=case.kind,
                               on=on)
    CaseDeadline.objects.create(
        case=case, key=key, rule=rule, starts_on=on, unit=rule.unit, days=rule.days,
        due_on=calendar.add(on, rule.days, rule.unit),
    )
    versions[f"deadline:{key}"] = rule.pk


def _stop_clock(case: Case, key: str, on: date) -> None:
    CaseDeadline.objects.filter(case=case, key=key, stopped_on__isnull=True).update(
        stopped_on=on, updated_at=timezone.now()
    )


def transition_case(
    *,
    case: Case,
    transition: str,
    actor: User | None,
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
        if actor is None:
            _require_source_channel(locked, spec)
        else:
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
        if actor is not None and not _actor_may(locked, actor, spec):
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
        versions: dict[str, Any] = {}
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


def _require_source_channel(case: Case, spec: Transition) -> None:
    """A step without a staff member: only one the table opens to the case's own source, under
    that source's channel (``core.audit.system_actor(case.source)``)."""
    from netra.core.audit import require_channel
    from netra.core.exceptions import OutOfScope

    if not spec.by_source or require_channel() != case.source:
        raise OutOfScope(_("Case not found."))


def _on_register(case: Case, *, on: date, versions: dict[str, Any], **kw: Any) -> list[str]:
    fmt = rules.numbering_format(office_kind=case.office.kind, election_kind=case.election.kind,
                                 on=on)
    kind_code = KIND_CODE[case.kind]
    seq = _next_seq(case.office, kind_code, on.year)
    case.registration_number = _format_number(fmt.template, seq=seq, case=case, on=on,
                                              kind_code=kind_code)
    case.registered_on = on
    versions["numbering_format"] = fmt.pk
    return ["registration_number", "registered_on"]


def _on_decide(case: Case, *, on: date, **kw: Any) -> list[str]:
    case.decided_on = on
    return ["decided_on"]


def _open_raised(case: Case, *, actor: User | None, kind: str, known_date: date,
                 **extra: Any) -> Case:
    """A case of ``kind`` raised from ``case``: its facts, source record (so a portal reporter's
    status page follows it) and reported persons carried over."""
    return open_case(
        actor=actor, election=case.election, office=case.office, kind=kind,
        source=case.source, title=case.title, known_date=known_date,
        description=case.description, incident_date=case.incident_date,
        place_region_code=case.place_region_code, place_address=case.place_address,
        raised_from=case, source_object=case.source_object,
        reported_persons=[
            PersonInput(p.employment_type, p.position, p.agency, p.name, p.nip)
            for p in case.reported_persons.all()
        ],
        **extra,
    )


def _on_raise(case: Case, *, actor: User | None, on: date, **kw: Any) -> list[str]:
    finding = _open_raised(case, actor=actor, kind=CaseKind.FINDING, known_date=on)
    case.outcome_note = _("Raised to finding %(number)s") % {"number": finding.intake_number}
    return ["outcome_note"]


def _on_continue_as_report(case: Case, *, actor: User | None, on: date,
                           **kw: Any) -> list[str]:
    """Initial information whose reporter is now known goes on as a report (laporan), received
    now: a new case with its own LP intake number, raised from this one, keeping the source
    record, the reported persons, the reporters and the evidence already collected. The
    initial information keeps its number and its history."""
    from ..models import Evidence

    now = timezone.now()
    received_at = now if on >= timezone.localdate(now) else timezone.make_aware(
        datetime.combine(on, time(9)))  # a step recorded for an earlier day
    report = _open_raised(
        case, actor=actor, kind=CaseKind.REPORT, known_date=case.known_date,
        received_at=received_at,
        reporters=[
            ReporterInput(name=r.name, reporter_type=r.reporter_type, nik=r.nik or "",
                          address=r.address or "", phone=r.phone or "", email=r.email or "")
            for r in case.reporters.all()
        ],
    )
    # The same stored files, one evidence row per case (the chain of custody names who added
    # each file; the copies keep it).
    for e in case.evidence.all():
        Evidence.objects.create(
            case=report, file=e.file.name, original_name=e.original_name,
            content_type=e.content_type, size=e.size, sha256=e.sha256,
            description=e.description, exif_stripped=e.exif_stripped, added_by=e.added_by)
    case.outcome_note = _("Continued as report %(number)s") % {"number": report.intake_number}
    return ["outcome_note"]


def _on_forward(
    case: Case, *, actor: User | None, on: date, calendar: WorkingCalendar,
    versions: dict[str, Any], **kw: Any,
) -> list[str]:
    """Write one recommendation letter per recipient body: the letters the handler composed
    (``compose_recommendation``) or, through the plain step, the ones routing proposes."""
    from .letters import create_recommendations

    create_recommendations(case, actor=actor, on=on, calendar=calendar, versions=versions)
    return []


_HOOKS: dict[str, Callable[..., list[str]]] = {
    "register": _on_register,
    "raise_to_finding": _on_raise,
    "continue_as_report": _on_continue_as_report,
    "decide_violation": _on_decide,
    "decide_no_violation": _on_decide,
    "decide_not_followed_up": _on_decide,
    "forward_recommendation": _on_forward,
}


def compose_recommendation(
    *,
    case: Case,
    actor: User | None,
    letters: list[LetterInput],
    expected_version: int | None = None,
    on: date | None = None,
) -> list[Recommendation]:
    """The handler forwards a case decided as a violation with the letters they composed
    (recipient, recommended action, suggested sanctions, attachments). Atomic: a refused letter
    (a body with no authority, a sanction that does not fit, no text) saves nothing."""
    from .letters import pending_letters

    with transaction.atomic(), pending_letters(letters):
        before = set(Recommendation.objects.filter(case=case).values_list("pk", flat=True))
        transition_case(case=case, transition="forward_recommendation", actor=actor,
                        expected_version=expected_version, on=on)
        return list(Recommendation.objects.filter(case=case).exclude(pk__in=before)
                    .order_by("pk"))


def route_recommendations(case: Case, *, on: date) -> list[tuple[Organisation, RoutingRule]]:
    """The bodies the recommendation goes to, from the routing rules in force on ``on``.

    The recipient body of the kind named by the rule is the one nearest to the case's office:
    the same region first, then up the tree, then national.
    """
    types = {p.employment_type for p in case.reported_persons.all()} or {""}
    seen: dict[int, tuple[Organisation, RoutingRule]] = {}
    for employment_type in sorted(types):
        rule = rules.routing_rule(category=case.category, employment_type=employment_type, on=on)
        if rule is None:
            continue
        recipient = nearest_body(rule.recipient_kind, case.region_code)
        if recipient is not None:
            seen.setdefault(recipient.pk, (recipient, rule))
    return list(seen.values())


def nearest_body(kind: str, region_code: str) -> Organisation | None:
    """The recipient body of ``kind`` nearest to ``region_code`` (its region or an ancestor's)."""
    return nearest_office(region_code, {kind})


def extend_deadline(
    *, case: Case, actor: User | None, reason: str, key: str = DeadlineKey.DECISION_WINDOW
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

