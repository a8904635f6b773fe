"""What case notifications say (issue #15.7): what happened, what is expected and by whom, by
when, a link to the case (absolute, from NETRA_BASE_URL); the in-app notification created
with the e-mail, in each user's language; and never the reporter or a reported person."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from netra.cases.notifications import send_daily_reminders
from netra.cases.workflow import Status
from netra.notifications.models import Notification

from .conftest import TODAY
from .factories import advance, open_finding, open_report, pns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]

REPORTER = "Siti Pelapor Rahasia"
PERSON = "Ahmad Terlapor Rahasia"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.NETRA_BASE_URL = "https://netra.example.id"


def mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_event_mail_says_what_happened_what_next_by_when_and_links(
        w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = advance(open_finding(w, persons=[pns(name=PERSON)]), w, Status.LEGAL_STUDY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = advance(case, w, Status.PLENARY)
    (message,) = mail_to(w.handler2)  # English
    body = message.body
    assert case.number in message.subject
    assert 'What happened: case ' in body
    assert '"Awaiting plenary decision" (Submit to plenary' in body
    assert "Expected next: Plenary decision (Commissioner, Bawaslu Kota Serang)." in body
    due = case.deadlines.get(stopped_on__isnull=True).due_on
    assert f"By when: {due.day} {due.strftime('%B')} {due.year}." in body
    assert f"https://netra.example.id{reverse('cases:case_detail', args=[case.pk])}" in body
    assert PERSON not in body
    assert case.title not in body
    # The same news in the app, in Indonesian for an Indonesian user, linking to the case.
    note = Notification.objects.filter(user=w.admin).latest("pk")
    assert note.title == f"{case.number}: Menunggu putusan pleno"
    assert note.url == reverse("cases:case_detail", args=[case.pk])
    assert "Diharapkan berikutnya" in note.body
    assert PERSON not in note.body


def test_in_app_notifications_reach_users_without_email(w, django_capture_on_commit_callbacks):
    w.handler2.email = ""
    w.handler2.save()
    with django_capture_on_commit_callbacks(execute=True):
        open_finding(w)
    assert not mail_to(w.handler2)
    assert Notification.objects.filter(user=w.handler2).count() == 1
    # The actor is not told about their own step.
    assert not Notification.objects.filter(user=w.handler).exists()


def test_forwarding_tells_the_recipient_body_with_a_link_to_its_inbox(
        w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = advance(open_report(w, reporter_name=REPORTER), w, Status.FORWARDED)
    rec = case.recommendations.get()
    note = Notification.objects.filter(user=w.bkn_officer).get()
    assert note.url == reverse("cases:recommendation_detail", args=[rec.pk])
    (message,) = mail_to(w.bkn_officer)
    assert f"https://netra.example.id{note.url}" in message.body
    assert REPORTER not in message.body
    assert REPORTER not in note.body
    # The other office's staff and unrelated bodies hear nothing.
    assert not Notification.objects.filter(user__in=[w.other_handler, w.kpu_officer]).exists()


def test_reminders_say_what_is_late_and_create_in_app_notifications(w):
    case = advance(open_finding(w), w, Status.CLARIFICATION)
    case.deadlines.update(due_on=TODAY - timedelta(days=1))
    mail.outbox.clear()
    Notification.objects.all().delete()
    assert send_daily_reminders(today=TODAY)["overdue"] == 1
    (message,) = mail_to(w.handler2)
    assert "this is already late" in message.body
    assert "Expected next: Clarification, then legal study" in message.body
    assert Notification.objects.filter(user=w.handler, kind="cases.deadline").count() == 1
    # Once a day only.
    send_daily_reminders(today=TODAY)
    assert Notification.objects.filter(user=w.handler, kind="cases.deadline").count() == 1
