"""Background jobs of the portal: status notices by e-mail."""

from celery import shared_task


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
