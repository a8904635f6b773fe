"""Background jobs of the portal: opening a submission's case, the sweeper, status notices."""

from celery import shared_task
from django.db import DatabaseError


# ``ignore_result``: nobody reads the outcome (the submission row records it). With Redis as
# the result backend, a kept result costs the acknowledging request a SUBSCRIBE and an
# UNSUBSCRIBE round trip per submission, and the worker a SETEX and a PUBLISH.
@shared_task(name="portal.open_submission_case", acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def open_submission_case(submission_id: int) -> bool:
    """Open the case of a committed portal submission through the case-intake port (idempotent:
    a second delivery finds the case and does nothing)."""
    from .services import open_submission_case as run

    return run(submission_id)


@shared_task(name="portal.requeue_pending_intakes")
def requeue_pending_intakes() -> int:
    """Periodic sweeper: queue again the intake of submissions whose case was never opened."""
    from .services import requeue_pending_intakes as run

    return run()


@shared_task(name="portal.send_status_notice", acks_late=True, autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_status_notice(submission_id: int) -> bool:
    """E-mail the reporter that their report's status changed (no names, no details: the status
    page behind the receipt code has them)."""
    from django.core.mail import send_mail
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from .services import default_from_email, notice_recipient

    found = notice_recipient(submission_id)
    if found is None:
        return False
    email, label = found
    with override("id"):
        subject = _("Your report to Bawaslu: status changed")
        body = _("The status of your report is now: %(status)s.\n\nOpen the status page with your "
                 "receipt code to read the steps and the office's messages.") % {"status": label}
    send_mail(subject, body, default_from_email(), [email])
    return True
