"""Who hears about what. E-mail for now; each recipient reads it in their own language.

Reporter identity and reported persons' names never go into notifications: they carry the case
number, its summary and a link.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from netra.accounts.models import Membership

from .models import Case, CaseDeadline, CaseEvent, Recommendation
from .workflow import HANDLERS, RECIPIENTS


def _office_handlers(case: Case) -> list:
    """Handlers of the case's office, minus anyone who declared a conflict."""
    excluded = set(case.conflicts.filter(is_active=True).values_list("user_id", flat=True))
    memberships = Membership.objects.filter(
        organisation=case.office, role__in=HANDLERS, is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.email and m.user_id not in excluded]


def _recipient_officers(case: Case) -> list:
    ids = case.recommendations.values_list("recipient_id", flat=True)
    memberships = Membership.objects.filter(
        organisation_id__in=ids, role__in=RECIPIENTS, is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.email]


def _mail(users: Iterable, subject_fn, body_fn) -> int:
    sent = 0
    for user in {u.pk: u for u in users}.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            send_mail(subject_fn(), body_fn(), settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


def notify_event(event_id: int) -> int:
    event = CaseEvent.objects.select_related("case", "case__office").filter(pk=event_id).first()
    if event is None:
        return 0
    case = event.case
    users = [u for u in _office_handlers(case) if u.pk != event.actor_id]
    if event.transition in ("forward_recommendation",):
        users += _recipient_officers(case)

    def subject():
        return _("[Netra] %(number)s: %(status)s") % {
            "number": case.number, "status": case.get_status_display()}

    def body():
        return _("Case %(number)s (%(title)s) is now: %(status)s.\n%(note)s") % {
            "number": case.number, "title": case.title, "status": case.get_status_display(),
            "note": event.note}

    return _mail(users, subject, body)


def send_daily_reminders(*, today: date) -> dict:
    due_soon = 0
    overdue = 0
    deadlines = CaseDeadline.objects.select_related("case", "case__office").filter(
        stopped_on__isnull=True, due_on__lte=today + timedelta(days=2)
    ).exclude(last_reminder_on=today)
    for deadline in deadlines:
        case = deadline.case
        late = deadline.due_on < today

        def subject(case=case, late=late):
            return (_("[Netra] Overdue: %(number)s") if late
                    else _("[Netra] Due soon: %(number)s")) % {"number": case.number}

        def body(case=case, deadline=deadline):
            return _("%(deadline)s of case %(number)s is due on %(due)s.") % {
                "deadline": deadline.get_key_display(), "number": case.number,
                "due": deadline.due_on.isoformat()}

        _mail(_office_handlers(case), subject, body)
        with transaction.atomic():
            CaseDeadline.objects.filter(pk=deadline.pk).update(last_reminder_on=today)
        overdue += late
        due_soon += not late
    escalated = 0
    unanswered = Recommendation.objects.select_related("case").filter(
        status__in=["sent", "acknowledged"], due_on__lt=today
    ).exclude(last_reminder_on=today)
    for rec in unanswered:
        case = rec.case

        def escalation_subject(case=case):
            return _("[Netra] Recommendation unanswered: %(number)s") % {"number": case.number}

        def escalation_body(rec=rec, case=case):
            return _("The recommendation on case %(number)s to %(recipient)s was due on "
                     "%(due)s and has no answer yet.") % {
                "number": case.number, "recipient": rec.recipient.name,
                "due": rec.due_on.isoformat()}

        _mail(_office_handlers(case) + _recipient_officers(case), escalation_subject,
              escalation_body)
        Recommendation.objects.filter(pk=rec.pk).update(
            escalations=rec.escalations + 1, last_reminder_on=today)
        escalated += 1
    return {"due_soon": due_soon, "overdue": overdue, "recommendations_escalated": escalated}
