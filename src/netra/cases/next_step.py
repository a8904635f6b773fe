"""Who acts next on a case, and by when (issue #15.3).

Everything here is derived from the workflow table (``cases.workflow``: which moves leave a
status and which roles take them) and from the deadline rules in data (``rules.DeadlineRule``):

* before registration no clock is stored yet, so the statutory window is computed from the rule
  in force: a finding (and initial information, which becomes one) must be registered within
  the report window counted from the day it became known; a report within the report window
  counted from the day it was received;
* from then on the earliest running ``CaseDeadline`` is the due date (completion, decision,
  follow-up window), and an open recommendation's answer date counts too.

``next_action`` serves one case, ``next_actions`` a page of cases in a fixed number of queries
(no per-row query), ``next_action_for`` tells a user whether it is their turn and, when it is
not, who must act ("Menunggu: Komisioner Bawaslu Kota Serang, paling lambat 12 Des 2026").
``waiting_for`` narrows a case queryset to the cases whose next step the user may take.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.accounts.roles import Role
from netra.core.typing import AnyUser
from netra.rules import selectors as rule_selectors
from netra.rules.calendar import WorkingCalendar
from netra.rules.choices import DayUnit, DeadlineKey

from .choices import CaseKind, RecommendationStatus
from .models import Case, CaseDeadline, Recommendation
from .workflow import Status, Transition, transitions_from

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DeadlineRow(Protocol):
    """What is read of a ``rules.DeadlineRule`` row (through ``rules.selectors``)."""

    pk: Any
    election_kind: str
    case_kind: str
    valid_from: date
    valid_to: date | None
    days: int
    unit: str

# What the next step is called, per status. A status without an entry uses the label of its
# first move in the workflow table; a status without moves is final.
STEP_LABELS: dict[str, StrOrPromise] = {
    Status.INFO_RECEIVED: gettext_lazy("Raise to a finding or drop"),
    Status.RECEIVED: gettext_lazy("Start formal and material check"),
    Status.UNDER_CHECK: gettext_lazy("Decide on registration"),
    Status.AWAITING_COMPLETION: gettext_lazy("Record the reporter's completion"),
    Status.REGISTERED: gettext_lazy("Start clarification"),
    Status.CLARIFICATION: gettext_lazy("Clarification, then legal study"),
    Status.LEGAL_STUDY: gettext_lazy("Legal study, then submit to plenary"),
    Status.PLENARY: gettext_lazy("Plenary decision"),
    Status.VIOLATION: gettext_lazy("Forward with recommendation"),
    Status.FORWARDED: gettext_lazy("Acknowledge and answer the recommendation"),
    Status.AWAITING_FOLLOW_UP: gettext_lazy("Answer the recommendation"),
    Status.ESCALATED: gettext_lazy("Answer the recommendation"),
}
FINAL_LABEL = gettext_lazy("No further step")

# Statuses before registration: their clock is the report window, computed, not stored.
PRE_REGISTRATION = frozenset({Status.INFO_RECEIVED, Status.RECEIVED, Status.UNDER_CHECK,
                              Status.AWAITING_COMPLETION})

# The roles named when saying who must act (administrators may always stand in; commissioners
# may do a handler's step, but it is the staff's work).
_DISPLAY_ORDER = (Role.FIELD_SUPERVISOR, Role.HANDLING_STAFF, Role.COMMISSIONER,
                  Role.RECIPIENT_OFFICER)


def step_transitions(status: str) -> tuple[Transition, ...]:
    """The moves that complete the next step from ``status``. When the recipient body answers
    (by_recipient moves), the office's own fallback (escalation) is not the next step."""
    moves = transitions_from(status)
    by_recipient = [t for t in moves if t.by_recipient]
    return tuple(by_recipient or moves)


def step_roles(status: str) -> tuple[str, ...]:
    """The roles that take the next step, in the order they are named to a user."""
    roles: set[str] = set()
    for t in step_transitions(status):
        roles |= t.roles
    if Role.HANDLING_STAFF in roles:
        roles.discard(Role.COMMISSIONER)
    return tuple(r for r in _DISPLAY_ORDER if r in roles)


@dataclass(frozen=True)
class NextAction:
    """The next step of a case: what, which roles of which office, and by when."""

    status: str
    step_label: str
    roles: tuple[str, ...]
    office_id: int | None
    office_name: str
    due_on: date | None
    overdue: bool
    clock_key: str  # a DeadlineKey value, "" when no clock runs
    final: bool = False
    by_recipient: bool = False
    transitions: tuple[str, ...] = field(default=())

    @property
    def role_labels(self) -> str:
        return ", ".join(str(Role(r).label) for r in self.roles)

    @property
    def who(self) -> str:
        """E.g. "Komisioner · Bawaslu Kota Serang"."""
        if not self.roles:
            return self.office_name
        return _("%(roles)s, %(office)s") % {"roles": self.role_labels,
                                            "office": self.office_name}

    @property
    def clock_label(self) -> str:
        return str(DeadlineKey(self.clock_key).label) if self.clock_key else ""

    @property
    def due_label(self) -> str:
        return formats.date_format(self.due_on, "j M Y") if self.due_on else ""

    @property
    def waiting_message(self) -> str:
        """What someone who cannot take the step reads."""
        if self.final:
            return str(FINAL_LABEL)
        if self.due_on:
            return _("Waiting for: %(who)s, by %(due)s") % {"who": self.who,
                                                             "due": self.due_label}
        return _("Waiting for: %(who)s") % {"who": self.who}


@dataclass(frozen=True)
class UserNextAction:
    """The next step as one user meets it: their turn (and the moves they may make) or not."""

    action: NextAction
    yours: bool
    transitions: tuple[Transition, ...]

    @property
    def message(self) -> str:
        a = self.action
        if a.final:
            return str(FINAL_LABEL)
        if not self.yours:
            return a.waiting_message
        if a.due_on:
            return _("Your turn: %(step)s, by %(due)s") % {"step": a.step_label,
                                                           "due": a.due_label}
        return _("Your turn: %(step)s") % {"step": a.step_label}


# --- computing ------------------------------------------------------------------------------


def _received_on(case: Case) -> date:
    return timezone.localdate(case.received_at)


def _rule_in_force(rules: Sequence[DeadlineRow], *, election_kind: str, case_kind: str,
                   on: date) -> DeadlineRow | None:
    """Like ``rules.selectors.deadline_rule`` over preloaded rows: a kind-specific row wins."""
    rows = sorted(
        (r for r in rules if r.election_kind == election_kind
         and r.valid_from <= on and (r.valid_to is None or r.valid_to >= on)
         and r.case_kind in (case_kind, "")),
        key=lambda r: (r.valid_from, r.pk), reverse=True,
    )
    for row in rows:
        if row.case_kind == case_kind:
            return row
    return rows[0] if rows else None


def _registration_clock(case: Case, election_kind: str, rules: Sequence[DeadlineRow],
                        calendar: _LazyCalendar) -> date | None:
    """The last day to register (or, for initial information, to raise the finding)."""
    if case.kind == CaseKind.REPORT:
        case_kind, start = CaseKind.REPORT, _received_on(case)
    else:  # a finding, and initial information that is to become one
        case_kind, start = CaseKind.FINDING, case.known_date
    rule = _rule_in_force(rules, election_kind=election_kind, case_kind=case_kind, on=start)
    if rule is None:
        return None
    return calendar.get().add(start, rule.days, rule.unit)


class _LazyCalendar:
    """One working calendar per batch, loaded only when a working-day rule is used."""

    def __init__(self) -> None:
        self._calendar: WorkingCalendar | None = None

    def get(self) -> WorkingCalendar:
        if self._calendar is None:
            self._calendar = WorkingCalendar()
        return self._calendar


def _prefetched(case: Case, name: str) -> list[Any] | None:
    cache = getattr(case, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def next_actions(cases: Iterable[Case], *, today: date) -> dict[int, NextAction]:
    """The next action of each case, keyed by case id, in at most five queries for any number
    of cases (running clocks, open recommendations with their bodies, election kinds, offices,
    report-window rules; the holiday table when a working-day rule is used). Relations already
    prefetched by ``selectors.case_read`` are used as they are."""
    cases = list(cases)
    if not cases:
        return {}
    ids = [c.pk for c in cases]
    deadlines: dict[int, list[CaseDeadline]] = {pk: [] for pk in ids}
    recommendations: dict[int, list[Recommendation]] = {pk: [] for pk in ids}
    need_deadlines = []
    for c in cases:
        if _prefetched(c, "deadlines") is not None:
            continue
        if hasattr(c, "next_due_key"):  # annotated by the list (``annotate_next_due_key``)
            if c.next_due_key:
                due = getattr(c, "next_due")  # noqa: B009  (annotated, not a field)
                deadlines[c.pk] = [CaseDeadline(pk=0, case_id=c.pk, key=c.next_due_key,
                                                due_on=due)]
            continue
        need_deadlines.append(c.pk)
    need_recs = [c.pk for c in cases if _prefetched(c, "recommendations") is None
                 and c.status in _RECIPIENT_STATUSES]
    for c in cases:
        pre = _prefetched(c, "deadlines")
        if pre is not None:
            deadlines[c.pk] = [d for d in pre if d.stopped_on is None]
        pre_recs = _prefetched(c, "recommendations")
        if pre_recs is not None:
            recommendations[c.pk] = [r for r in pre_recs if r.status in _OPEN_RECS]
    if need_deadlines:
        for d in CaseDeadline.objects.filter(case_id__in=need_deadlines, stopped_on__isnull=True):
            deadlines[d.case_id].append(d)
    if need_recs:
        for r in (Recommendation.objects.filter(case_id__in=need_recs, status__in=_OPEN_RECS)
                  .select_related("recipient").order_by("due_on", "pk")):
            recommendations[r.case_id].append(r)
    # Election kind and office name without touching relations the caller did not load.
    missing = [c.pk for c in cases if not (_loaded(c, "election") and _loaded(c, "office"))]
    facts: dict[int, tuple[str, str]] = {}
    if missing:
        facts = {pk: (kind, name) for pk, kind, name in Case.objects.filter(pk__in=missing)
                 .values_list("pk", "election__kind", "office__name")}
    for c in cases:
        if c.pk not in facts:
            facts[c.pk] = (c.election.kind, c.office.name)
    pre_reg = [c for c in cases if c.status in PRE_REGISTRATION]
    rules: Sequence[DeadlineRow] = (
        rule_selectors.deadline_rules(key=DeadlineKey.REPORT_WINDOW) if pre_reg else []
    )
    calendar = _LazyCalendar()
    result: dict[int, NextAction] = {}
    for c in cases:
        election_kind, office_name = facts[c.pk]
        result[c.pk] = _compute(
            c, today=today, running=deadlines[c.pk], open_recs=recommendations[c.pk],
            election_kind=election_kind, office_name=office_name, rules=rules,
            calendar=calendar,
        )
    return result


_OPEN_RECS = (RecommendationStatus.SENT, RecommendationStatus.ACKNOWLEDGED)
_RECIPIENT_STATUSES = frozenset(
    s for s in Status.values if any(t.by_recipient for t in transitions_from(s))
)


def annotate_next_due_key(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Add which clock is due first to a ``selectors.case_list`` queryset (it has ``next_due``),
    so that ``next_actions`` needs no query for the running clocks of a page."""
    running = CaseDeadline.objects.filter(case=OuterRef("pk"), stopped_on__isnull=True)
    return qs.annotate(next_due_key=Subquery(running.order_by("due_on", "pk").values("key")[:1]))


def _loaded(case: Case, name: str) -> bool:
    return case._state.fields_cache.get(name) is not None


def _compute(case: Case, *, today: date, running: list[CaseDeadline],
             open_recs: list[Recommendation], election_kind: str, office_name: str,
             rules: Sequence[DeadlineRow], calendar: _LazyCalendar) -> NextAction:
    moves = step_transitions(case.status)
    if not moves:
        return NextAction(status=case.status, step_label=str(FINAL_LABEL), roles=(),
                          office_id=case.office_id, office_name=office_name, due_on=None,
                          overdue=False, clock_key="", final=True)
    label = STEP_LABELS.get(case.status) or moves[0].label
    by_recipient = any(t.by_recipient for t in moves)
    office_id: int | None = case.office_id
    due_on: date | None = None
    clock_key = ""
    if running:
        first = min(running, key=lambda d: (d.due_on, d.pk))
        due_on, clock_key = first.due_on, first.key
    elif case.status in PRE_REGISTRATION:
        due_on = _registration_clock(case, election_kind, rules, calendar)
        clock_key = DeadlineKey.REPORT_WINDOW if due_on else ""
    if by_recipient and open_recs:
        bodies = {r.recipient_id: r.recipient.name for r in open_recs}
        office_id = next(iter(bodies)) if len(bodies) == 1 else None
        office_name = ", ".join(bodies.values())
        rec_due = min(r.due_on for r in open_recs)
        if due_on is None or rec_due < due_on:
            due_on, clock_key = rec_due, DeadlineKey.FOLLOW_UP_WINDOW
    return NextAction(
        status=case.status, step_label=str(label), roles=step_roles(case.status),
        office_id=office_id, office_name=office_name, due_on=due_on,
        overdue=bool(due_on and due_on < today), clock_key=str(clock_key),
        by_recipient=by_recipient, transitions=tuple(t.name for t in moves),
    )


def decorate(cases: Sequence[Case], *, today: date) -> dict[int, NextAction]:
    """Set ``case.next`` (its ``NextAction``) and ``case.status_group`` on each case of a page,
    for templates; returns the actions by case id."""
    actions = next_actions(cases, today=today)
    for case in cases:
        setattr(case, "next", actions[case.pk])  # noqa: B010  (a template attribute)
        setattr(case, "status_group", status_group(case.status))  # noqa: B010
    return actions


def next_action(case: Case, *, today: date | None = None) -> NextAction:
    """The next step of one case (uses what ``selectors.case_read`` prefetched)."""
    return next_actions([case], today=today or timezone.localdate())[case.pk]


def next_action_for(user: AnyUser, case: Case, *, today: date | None = None
                    ) -> UserNextAction:
    """Whether it is ``user``'s turn on ``case``, with the moves of the step they may make.
    Guards are not run here: they are checked when a move is attempted."""
    from .services import allowed_transitions

    action = next_action(case, today=today)
    step = set(action.transitions)
    mine = tuple(t for t in allowed_transitions(case, user) if t.name in step)
    return UserNextAction(action=action, yours=bool(mine), transitions=mine)


# Colour groups of the status badge (CSS classes ``status-<group>``; colour is never the only
# sign: the badge carries the status name).
STATUS_GROUPS: dict[str, str] = {
    Status.INFO_RECEIVED: "intake", Status.RECEIVED: "intake", Status.UNDER_CHECK: "intake",
    Status.AWAITING_COMPLETION: "intake",
    Status.REGISTERED: "handling", Status.CLARIFICATION: "handling",
    Status.LEGAL_STUDY: "handling", Status.PLENARY: "plenary",
    Status.VIOLATION: "followup", Status.FORWARDED: "followup",
    Status.AWAITING_FOLLOW_UP: "followup", Status.ESCALATED: "followup",
    Status.SANCTION_IMPOSED: "sanctioned",
    Status.NO_VIOLATION: "ended", Status.NOT_FOLLOWED_UP: "ended",
    Status.NOT_REGISTERED: "ended", Status.RECOMMENDATION_REJECTED: "ended",
    Status.RAISED: "closed", Status.CONTINUED_AS_REPORT: "closed", Status.DROPPED: "closed",
    Status.CLOSED: "closed",
}


def status_group(status: str) -> str:
    return STATUS_GROUPS.get(status, "closed")


def _last_start_overdue(calendar: _LazyCalendar, today: date, days: int, unit: str) -> date:
    """The latest start date whose window (``days`` in ``unit``) ended before ``today``."""
    start = today - timedelta(days=days + 1)
    if unit != DayUnit.WORKING:
        return start
    cal = calendar.get()
    while cal.add(start, days, unit) >= today:  # at most a few weeks of steps back
        start -= timedelta(days=1)
    while cal.add(start + timedelta(days=1), days, unit) < today:
        start += timedelta(days=1)
    return start


def overdue_q(today: date) -> Q:
    """Cases whose next step is overdue, as a filter on ``Case``, matching ``next_action``: a
    running clock past its day, an open recommendation past its answer date, or (before
    registration, no clock stored) the report window of the rule in force today already over."""
    running = CaseDeadline.objects.filter(case=OuterRef("pk"), stopped_on__isnull=True)
    late_recs = Recommendation.objects.filter(case=OuterRef("pk"), status__in=_OPEN_RECS,
                                              due_on__lt=today)
    q = Q(Exists(running.filter(due_on__lt=today))) | Q(
        Exists(late_recs), status__in=_RECIPIENT_STATUSES)
    calendar = _LazyCalendar()
    rules: Sequence[DeadlineRow] = rule_selectors.deadline_rules(key=DeadlineKey.REPORT_WINDOW)
    pre = Q()
    for election_kind in {r.election_kind for r in rules}:
        for case_kind, kinds in ((CaseKind.REPORT, [CaseKind.REPORT]),
                                 (CaseKind.FINDING, [CaseKind.FINDING, CaseKind.INITIAL_INFO])):
            rule = _rule_in_force(rules, election_kind=election_kind, case_kind=case_kind,
                                  on=today)
            if rule is None:
                continue
            last = _last_start_overdue(calendar, today, rule.days, rule.unit)
            if case_kind == CaseKind.REPORT:
                day_after = datetime.combine(last + timedelta(days=1), time.min,
                                             tzinfo=timezone.get_current_timezone())
                started = Q(received_at__lt=day_after)
            else:
                started = Q(known_date__lte=last)
            pre |= Q(started, election__kind=election_kind, kind__in=kinds)
    if pre:
        q |= Q(pre, ~Q(Exists(running)), status__in=PRE_REGISTRATION)
    return q


def _acting_roles(roles: frozenset[str]) -> frozenset[str]:
    """The roles whose work a step is: a commissioner may take a handler's step, but it does
    not wait for them (administrators stand in for everyone and keep seeing it)."""
    if Role.HANDLING_STAFF in roles:
        return roles - {Role.COMMISSIONER}
    return roles


def waiting_q(user: AnyUser) -> Q:
    """Cases whose next step waits for ``user``, as a filter on ``Case``: one subquery per
    (action, roles) group of the workflow table, each through ``visible_to``."""
    groups: dict[tuple[str, frozenset[str]], set[str]] = {}
    for status in Status.values:
        for t in step_transitions(status):
            groups.setdefault((t.action, _acting_roles(t.roles)), set()).add(status)
    q = Q(pk__in=[])
    for (action, roles), statuses in groups.items():
        visible = Case.objects.visible_to(user, action, roles).filter(status__in=statuses)
        q |= Q(pk__in=visible.values("pk"))
    return q


def waiting_for(qs: QuerySet[Case], user: AnyUser) -> QuerySet[Case]:
    return qs.filter(waiting_q(user))
