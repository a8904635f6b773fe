"""Background jobs for cases: notifications and the daily deadline / follow-up reminders."""

from celery import shared_task
from django.utils import timezone

from netra.core.audit import system_actor


@shared_task(name="cases.notify_case_event", acks_late=True, autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def notify_case_event(event_id: int) -> int:
    """E-mail the people concerned by a case event; returns how many were notified."""
    from . import notifications

    with system_actor("task:cases.notify_case_event"):
        return notifications.notify_event(event_id)


@shared_task(name="cases.send_deadline_reminders")
def send_deadline_reminders() -> dict[str, int]:
    """Daily: remind offices of clocks due within 2 days or overdue, and escalate unanswered
    recommendations. Idempotent per day (``last_reminder_on``)."""
    from . import notifications

    with system_actor("task:cases.send_deadline_reminders"):
        return notifications.send_daily_reminders(today=timezone.localdate())
