"""Who hears about what: an e-mail and an in-app notification (``netra.notifications``), each
written in the recipient's own language, created together after the transaction commits (the
Celery tasks in ``cases.tasks`` run them on commit).

Every message says what happened, what is expected next (the step, who must take it, from
``cases.next_step``), by when, and links to the case (an absolute URL from
``settings.NETRA_BASE_URL`` in e-mails; recipient bodies get their inbox page of the
recommendation). Reporter identity, reported persons' names, the case summary and free-text
notes never go into notifications: they carry the case number, statuses, steps, offices and
dates only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from netra.accounts.models import Membership
from netra.notifications.services import notify

from .models import Case, CaseDeadline, CaseEvent, Recommendation
from .next_step import next_action
from .workflow import HANDLERS, RECIPIENTS, event_label

Text = Callable[[], str]


def _office_handlers(case: Case) -> list[Any]:
    """Handlers of the case's office, minus anyone who declared a conflict."""
    excluded = set(case.conflicts.filter(is_active=True).values_list("user_id", flat=True))
    memberships = Membership.objects.filter(
        organisation=case.office, role__in=HANDLERS, is_active=True, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user_id not in excluded]


def _recipient_officers(case: Case) -> dict[int, Any]:
    """Recipient-body officers of the case's recommendations → the recommendation they answer
    (their link goes to its page in their inbox)."""
    recs = {r.recipient_id: r for r in case.recommendations.all()}
    memberships = Membership.objects.filter(
        organisation_id__in=list(recs), role__in=RECIPIENTS, is_active=True,
        user__is_active=True,
    ).select_related("user")
    return {m.user_id: (m.user, recs[m.organisation_id]) for m in memberships}


def _case_path(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def _rec_path(rec: Recommendation) -> str:
    return reverse("cases:recommendation_detail", args=[rec.pk])


def absolute(path: str) -> str:
    return settings.NETRA_BASE_URL + path


def _day(day: date | None) -> str:
    return formats.date_format(day, "j F Y") if day else ""


def _expected(case: Case, today: date) -> list[str]:
    """"What is expected" and "by when" lines, from the case's next step."""
    action = next_action(case, today=today)
    if action.final:
        return [_("Nothing more is expected: the case is closed.")]
    lines = [_("Expected next: %(step)s (%(who)s).") % {"step": action.step_label,
                                                        "who": action.who}]
    if action.due_on:
        if action.overdue:
            lines.append(_("By when: %(due)s — this is already late.") % {
                "due": _day(action.due_on)})
        else:
            lines.append(_("By when: %(due)s.") % {"due": _day(action.due_on)})
    else:
        lines.append(_("By when: no deadline runs for this step."))
    return lines


def _deliver(users: Iterable[tuple[Any, str]], *, kind: str, subject: Text, title: Text,
             body: Text) -> int:
    """For each (user, path): an in-app notification and, when the user has an address, an
    e-mail, both composed in the user's language. Returns how many e-mails were sent."""
    sent = 0
    seen: set[int] = set()
    for user, path in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text = body()
            notify(user, kind=kind, title=title(), body=text, url=path)
            if user.email:
                link = _("Open the case: %(url)s") % {"url": absolute(path)}
                send_mail(subject(), f"{text}\n\n{link}\n", settings.DEFAULT_FROM_EMAIL,
                          [user.email])
                sent += 1
    return sent


def notify_event(event_id: int) -> int:
    """Tell the case's office (and, when a recommendation is forwarded, the recipient body) that
    the case moved; returns how many e-mails were sent."""
    event = CaseEvent.objects.select_related("case", "case__office", "case__election").filter(
        pk=event_id).first()
    if event is None:
        return 0
    case = event.case
    today = timezone.localdate()
    path = _case_path(case)
    users = [(u, path) for u in _office_handlers(case) if u.pk != event.actor_id]
    if event.transition in ("forward_recommendation",):
        users += [(u, _rec_path(rec)) for u, rec in _recipient_officers(case).values()]

    def title() -> str:
        return f"{case.number}: {case.get_status_display()}"  # nothing to translate but the status

    def subject() -> str:
        return _("[Netra] %(number)s: %(status)s") % {
            "number": case.number, "status": case.get_status_display()}

    def body() -> str:
        happened = _("What happened: case %(number)s is now \"%(status)s\" (%(step)s, "
                     "%(day)s, %(office)s).") % {
            "number": case.number, "status": case.get_status_display(),
            "step": event_label(event.transition),
            "day": _day(timezone.localdate(event.at)), "office": case.office.name}
        return "\n".join([happened, *_expected(case, today)])

    return _deliver(users, kind="cases.event", subject=subject, title=title, body=body)


def send_daily_reminders(*, today: date) -> dict[str, int]:
    due_soon = 0
    overdue = 0
    deadlines = CaseDeadline.objects.select_related(
        "case", "case__office", "case__election").filter(
        stopped_on__isnull=True, due_on__lte=today + timedelta(days=2)
    ).exclude(last_reminder_on=today)
    for deadline in deadlines:
        case = deadline.case
        late = deadline.due_on < today
        path = _case_path(case)

        def subject(case: Case = case, late: bool = late) -> str:
            return (_("[Netra] Overdue: %(number)s") if late
                    else _("[Netra] Due soon: %(number)s")) % {"number": case.number}

        def title(case: Case = case, late: bool = late) -> str:
            return (_("Overdue: %(number)s") if late
                    else _("Due soon: %(number)s")) % {"number": case.number}

        def body(case: Case = case, deadline: CaseDeadline = deadline) -> str:
            happened = _("%(deadline)s of case %(number)s is due on %(due)s.") % {
                "deadline": deadline.get_key_display(), "number": case.number,
                "due": _day(deadline.due_on)}
            return "\n".join([happened, *_expected(case, today)])

        _deliver([(u, path) for u in _office_handlers(case)], kind="cases.deadline",
                 subject=subject, title=title, body=body)
        with transaction.atomic():
            CaseDeadline.objects.filter(pk=deadline.pk).update(last_reminder_on=today)
        overdue += late
        due_soon += not late
    escalated = 0
    unanswered = Recommendation.objects.select_related(
        "case", "case__office", "case__election", "recipient").filter(
        status__in=["sent", "acknowledged"], due_on__lt=today
    ).exclude(last_reminder_on=today)
    for rec in unanswered:
        case = rec.case

        def escalation_subject(case: Case = case) -> str:
            return _("[Netra] Recommendation unanswered: %(number)s") % {"number": case.number}

        def escalation_title(case: Case = case) -> str:
            return _("Recommendation unanswered: %(number)s") % {"number": case.number}

        def escalation_body(rec: Recommendation = rec, case: Case = case) -> str:
            happened = _("The recommendation on case %(number)s to %(recipient)s was due on "
                         "%(due)s and has no answer yet.") % {
                "number": case.number, "recipient": rec.recipient.name,
                "due": _day(rec.due_on)}
            return "\n".join([happened, *_expected(case, today)])

        officers = [(u, _rec_path(r)) for u, r in _recipient_officers(case).values()
                    if r.pk == rec.pk]
        _deliver([(u, _case_path(case)) for u in _office_handlers(case)] + officers,
                 kind="cases.escalation", subject=escalation_subject, title=escalation_title,
                 body=escalation_body)
        Recommendation.objects.filter(pk=rec.pk).update(
            escalations=rec.escalations + 1, last_reminder_on=today)
        escalated += 1
    return {"due_soon": due_soon, "overdue": overdue, "recommendations_escalated": escalated}
