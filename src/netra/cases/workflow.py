"""The case workflow as one declarative table (penanganan pelanggaran, domain reference §4).

``STATUS`` lists the states; ``TRANSITIONS`` lists every allowed move: its name, the states it
leaves from, the state it reaches, the action and roles it needs, guard functions, whether a note
is required, and the deadline clocks it starts and stops. Only
``cases.services.transition_case`` changes a case's status, and it consults only this table; the
UI draws buttons from it and ``docs/workflow.md`` is generated from it (``netra workflow_table``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.accounts.roles import Role
from netra.cases.permissions import CaseAction
from netra.rules.choices import DeadlineKey

from . import guards

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    INFO_RECEIVED = "info_received", _("Initial information received")
    RAISED = "raised", _("Raised to a finding")
    CONTINUED_AS_REPORT = "continued_as_report", _("Continued as a report")
    DROPPED = "dropped", _("Dropped")
    RECEIVED = "received", _("Received")
    UNDER_CHECK = "under_check", _("Formal and material check")
    AWAITING_COMPLETION = "awaiting_completion", _("Awaiting completion")
    NOT_REGISTERED = "not_registered", _("Not registered")
    REGISTERED = "registered", _("Registered")
    CLARIFICATION = "clarification", _("Clarification")
    LEGAL_STUDY = "legal_study", _("Legal study")
    PLENARY = "plenary", _("Awaiting plenary decision")
    VIOLATION = "violation", _("Decided: violation")
    NO_VIOLATION = "no_violation", _("Decided: not a violation")
    NOT_FOLLOWED_UP = "not_followed_up", _("Decided: not followed up")
    FORWARDED = "forwarded", _("Forwarded with recommendation")
    AWAITING_FOLLOW_UP = "awaiting_follow_up", _("Awaiting follow-up")
    SANCTION_IMPOSED = "sanction_imposed", _("Sanction imposed")
    RECOMMENDATION_REJECTED = "recommendation_rejected", _("Recommendation rejected")
    ESCALATED = "escalated", _("Escalated")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset(Status.values) - {
    Status.RAISED,
    Status.CONTINUED_AS_REPORT,
    Status.DROPPED,
    Status.CLOSED,
}
DECIDED_STATUSES = frozenset(
    {
        Status.VIOLATION,
        Status.NO_VIOLATION,
        Status.NOT_FOLLOWED_UP,
        Status.FORWARDED,
        Status.AWAITING_FOLLOW_UP,
        Status.SANCTION_IMPOSED,
        Status.RECOMMENDATION_REJECTED,
        Status.ESCALATED,
    }
)

HANDLERS = frozenset({Role.HANDLING_STAFF, Role.COMMISSIONER, Role.ADMINISTRATOR})
SUPERVISORS = HANDLERS | {Role.FIELD_SUPERVISOR}
COMMISSIONERS = frozenset({Role.COMMISSIONER})
RECIPIENTS = frozenset({Role.RECIPIENT_OFFICER})

Guard = Callable[..., str | None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: "StrOrPromise"  # translated when shown
    sources: frozenset[str]
    target: str
    action: str
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    note_required: bool = False
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    # Performed by the recipient body through its recommendation inbox, not by the case's office.
    by_recipient: bool = False
    # May also be taken without a staff member, under the channel of the case's own source (the
    # public portal, when the anonymous reporter proves through their receipt code who they are).
    by_source: bool = False
    hints: tuple[str, ...] = field(default=())


def _t(
    name: str,
    label: "StrOrPromise",
    sources: Iterable[str],
    target: str,
    action: str = CaseAction.CHANGE,
    roles: frozenset[str] = HANDLERS,
    **kw: Any,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, action, roles, **kw)


TRANSITIONS: tuple[Transition, ...] = (
    _t("raise_to_finding", _("Raise to a finding"), [Status.INFO_RECEIVED], Status.RAISED,
       roles=SUPERVISORS, guards=(guards.has_description,)),
    _t("continue_as_report", _("Continue as a report"), [Status.INFO_RECEIVED],
       Status.CONTINUED_AS_REPORT, by_source=True,
       guards=(guards.reporter_identified, guards.report_window_open)),
    _t("drop", _("Drop"), [Status.INFO_RECEIVED], Status.DROPPED, roles=SUPERVISORS,
       note_required=True),
    _t("start_check", _("Start formal and material check"), [Status.RECEIVED],
       Status.UNDER_CHECK),
    _t("request_completion", _("Ask the reporter to complete"), [Status.UNDER_CHECK],
       Status.AWAITING_COMPLETION, note_required=True, starts=(DeadlineKey.COMPLETION_WINDOW,)),
    _t("receive_completion", _("Completion received"), [Status.AWAITING_COMPLETION],
       Status.UNDER_CHECK, stops=(DeadlineKey.COMPLETION_WINDOW,)),
    _t("register", _("Register"), [Status.UNDER_CHECK], Status.REGISTERED,
       guards=(guards.formal_requirements, guards.material_requirements,
               guards.within_report_window),
       stops=(DeadlineKey.COMPLETION_WINDOW,), starts=(DeadlineKey.DECISION_WINDOW,)),
    _t("refuse_registration", _("Do not register"),
       [Status.UNDER_CHECK, Status.AWAITING_COMPLETION], Status.NOT_REGISTERED,
       note_required=True, stops=(DeadlineKey.COMPLETION_WINDOW,)),
    _t("start_clarification", _("Start clarification"), [Status.REGISTERED],
       Status.CLARIFICATION),
    _t("start_legal_study", _("Start legal study"), [Status.CLARIFICATION], Status.LEGAL_STUDY,
       guards=(guards.has_clarification_minutes,)),
    _t("submit_to_plenary", _("Submit to plenary"), [Status.LEGAL_STUDY], Status.PLENARY,
       guards=(guards.has_legal_study, guards.has_violation_type)),
    _t("decide_violation", _("Plenary: violation"), [Status.PLENARY], Status.VIOLATION,
       action=CaseAction.DECIDE, roles=COMMISSIONERS,
       guards=(guards.has_violation_type, guards.has_plenary_minutes),
       stops=(DeadlineKey.DECISION_WINDOW,)),
    _t("decide_no_violation", _("Plenary: not a violation"), [Status.PLENARY],
       Status.NO_VIOLATION, action=CaseAction.DECIDE, roles=COMMISSIONERS, note_required=True,
       guards=(guards.has_plenary_minutes,), stops=(DeadlineKey.DECISION_WINDOW,)),
    _t("decide_not_followed_up", _("Plenary: not followed up"), [Status.PLENARY],
       Status.NOT_FOLLOWED_UP, action=CaseAction.DECIDE, roles=COMMISSIONERS, note_required=True,
       guards=(guards.has_plenary_minutes,), stops=(DeadlineKey.DECISION_WINDOW,)),
    _t("forward_recommendation", _("Forward with recommendation"), [Status.VIOLATION],
       Status.FORWARDED, guards=(guards.nip_complete_for_civil_service,),
       starts=(DeadlineKey.FOLLOW_UP_WINDOW,)),
    _t("acknowledge", _("Acknowledge receipt"), [Status.FORWARDED], Status.AWAITING_FOLLOW_UP,
       action=CaseAction.RESPOND, roles=RECIPIENTS, by_recipient=True),
    _t("record_sanction", _("Record the sanction imposed"),
       [Status.FORWARDED, Status.AWAITING_FOLLOW_UP, Status.ESCALATED], Status.SANCTION_IMPOSED,
       action=CaseAction.RESPOND, roles=RECIPIENTS, by_recipient=True,
       guards=(guards.recommendations_answered, guards.sanction_recorded),
       stops=(DeadlineKey.FOLLOW_UP_WINDOW,)),
    _t("record_refusal", _("Record refusal"),
       [Status.FORWARDED, Status.AWAITING_FOLLOW_UP, Status.ESCALATED],
       Status.RECOMMENDATION_REJECTED, action=CaseAction.RESPOND, roles=RECIPIENTS,
       by_recipient=True, note_required=True, guards=(guards.recommendations_answered,),
       stops=(DeadlineKey.FOLLOW_UP_WINDOW,)),
    _t("escalate", _("Escalate"), [Status.FORWARDED, Status.AWAITING_FOLLOW_UP],
       Status.ESCALATED, note_required=True),
    _t("close", _("Close"),
       [Status.SANCTION_IMPOSED, Status.RECOMMENDATION_REJECTED, Status.NO_VIOLATION,
        Status.NOT_FOLLOWED_UP, Status.NOT_REGISTERED], Status.CLOSED),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}

# Timeline entries that are not workflow steps (the status does not change).
EVENT_LABELS: dict[str, Any] = {
    "open": _("Recorded"),
    "extend_deadline": _("Deadline extended"),
    "declare_conflict": _("Conflict of interest declared"),
    "hand_over": _("Handed over to another office"),
    "correction": _("Facts corrected"),
    "reporter_identified": _("Reporter revealed their identity"),
}


def event_label(name: str) -> Any:
    """The label of a timeline entry: its workflow step's, or one of :data:`EVENT_LABELS`."""
    return BY_NAME[name].label if name in BY_NAME else EVENT_LABELS.get(name, name)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources]


def initial_status(kind: str) -> str:
    from .choices import CaseKind

    return Status.INFO_RECEIVED if kind == CaseKind.INITIAL_INFO else Status.RECEIVED
