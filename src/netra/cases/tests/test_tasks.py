"""Background jobs: notifications of case events and the daily reminders / escalations."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from netra.cases import notifications, services
from netra.cases.models import CaseDeadline, CaseEvent, Recommendation
from netra.cases.selectors import dashboard_counts
from netra.cases.tasks import notify_case_event, send_deadline_reminders
from netra.cases.workflow import Status

from .factories import advance, build_world, open_finding, open_report

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2024, 9, 2, 9, 0, tzinfo=JAKARTA)
TODAY = MONDAY.date()
REPORTER = "Siti Rahmawati Pelapor"
REPORTED = "Ahmad Sulaiman"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(regions, frozen):
    return build_world()


@pytest.fixture
def languages(monkeypatch):
    """Which language was active when each e-mail was composed, per recipient."""
    seen: dict[str, str] = {}
    original = notifications.send_mail

    def spy(subject, body, sender, recipients, **kw):
        for address in recipients:
            seen[address] = translation.get_language()
        return original(subject, body, sender, recipients, **kw)

    monkeypatch.setattr(notifications, "send_mail", spy)
    return seen


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=JAKARTA)


def subject(user, msgid: str, case) -> tuple[str, str]:
    """The (address, subject) a user gets, in the user's language."""
    with translation.override(user.language):
        return user.email, gettext(msgid) % {"number": case.number}


def everything(message) -> str:
    return f"{message.subject}\n{message.body}"


# --- Notifications ------------------------------------------------------------------------------


def test_events_notify_the_office_after_commit_in_each_language(
    w, languages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        open_report(w, reporter_name=REPORTER)
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing leaves before the transaction commits
    callbacks[0]()
    recipients = sorted(address for m in mail.outbox for address in m.to)
    # The office's handlers, commissioners and administrators, but not the actor or analysts.
    assert recipients == sorted(u.email for u in (w.handler2, w.commissioner, w.admin))
    assert languages == {w.handler2.email: "en", w.commissioner.email: "en", w.admin.email: "id"}
    for message in mail.outbox:
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert "001/LP/PL/Kota/1.01/IX/2024" in message.subject
        assert REPORTER not in everything(message)
        assert REPORTED not in everything(message)


def test_each_step_notifies_and_the_forward_reaches_the_recipient(
    w, django_capture_on_commit_callbacks
):
    case = advance(open_report(w, reporter_name=REPORTER), w, Status.VIOLATION)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_case(
            case=case, transition="forward_recommendation", actor=w.commissioner
        )
    users = {u.email: u for u in (w.handler, w.handler2, w.admin, w.bkn_officer)}
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(users)
    for message in mail.outbox:
        # Each reads the new status in their own language (English for handler2).
        with translation.override(users[message.to[0]].language):
            assert str(Status.FORWARDED.label) in message.subject
        assert REPORTER not in everything(message)
        assert REPORTED not in everything(message)
    english = next(m for m in mail.outbox if m.to == [w.handler2.email])
    assert "Forwarded with recommendation" in english.subject


def test_a_conflicted_user_and_users_without_email_are_not_notified(
    w, django_capture_on_commit_callbacks
):
    case = open_finding(w)
    services.declare_conflict(case=case, actor=w.handler2, relation="Neighbour")
    w.admin.email = ""
    w.admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_case(case=case, transition="start_check", actor=w.handler)
    assert sorted(address for m in mail.outbox for address in m.to) == [w.commissioner.email]


def test_notify_task_by_id(w):
    case = open_finding(w)
    event = case.events.get()
    assert notify_case_event.delay(event.pk).get() == 3
    assert len(mail.outbox) == 3
    assert notify_case_event(CaseEvent.objects.order_by("-pk").first().pk + 100) == 0


# --- Daily reminders ----------------------------------------------------------------------------


@pytest.fixture
def clocks(w, frozen):
    """Due today, overdue, not yet due, and an unanswered recommendation (due 15 August)."""

    def register_pilkada_on(day: date):
        frozen.move_to(at(day))
        return advance(open_finding(w, election=w.pilkada), w, Status.REGISTERED)

    due_today = register_pilkada_on(date(2024, 8, 30))
    overdue = register_pilkada_on(date(2024, 8, 28))
    frozen.move_to(at(date(2024, 8, 1)))
    forwarded = advance(open_finding(w), w, Status.FORWARDED)
    frozen.move_to(MONDAY)
    later = advance(open_finding(w), w, Status.REGISTERED)
    mail.outbox.clear()
    return {"due_today": due_today, "overdue": overdue, "forwarded": forwarded, "later": later}


def test_reminders_once_a_day_and_escalation(w, clocks, frozen, languages):
    assert send_deadline_reminders.delay().get() == {
        "due_soon": 1,
        "overdue": 2,
        "recommendations_escalated": 1,
    }
    handlers = (w.handler, w.handler2, w.commissioner, w.admin)
    expected = (
        [subject(u, "[Netra] Due soon: %(number)s", clocks["due_today"]) for u in handlers]
        + [
            subject(u, "[Netra] Overdue: %(number)s", case)
            for u in handlers
            for case in (clocks["overdue"], clocks["forwarded"])
        ]
        + [
            subject(u, "[Netra] Recommendation unanswered: %(number)s", clocks["forwarded"])
            for u in (*handlers, w.kasn_officer)
        ]
    )
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(expected)
    assert languages[w.commissioner.email] == "en"
    assert languages[w.handler.email] == "id"
    subjects = [m.subject for m in mail.outbox]
    assert clocks["due_today"].number in " ".join(subjects)
    assert clocks["later"].number not in " ".join(subjects)
    rec = Recommendation.objects.get(case=clocks["forwarded"])
    assert (rec.escalations, rec.last_reminder_on) == (1, TODAY)
    assert set(
        CaseDeadline.objects.filter(last_reminder_on=TODAY).values_list("case_id", flat=True)
    ) == {clocks["due_today"].pk, clocks["overdue"].pk, clocks["forwarded"].pk}
    assert dashboard_counts(user=w.handler).unanswered_recommendations == 1

    # A second run the same day sends nothing.
    mail.outbox.clear()
    assert send_deadline_reminders() == {
        "due_soon": 0,
        "overdue": 0,
        "recommendations_escalated": 0,
    }
    assert mail.outbox == []
    rec.refresh_from_db()
    assert rec.escalations == 1

    # The next day it reminds and escalates again.
    frozen.move_to(at(date(2024, 9, 3)))
    result = send_deadline_reminders()
    assert result["recommendations_escalated"] == 1
    assert result["overdue"] == 3  # the city decision (due 2 Sept) is now overdue too
    rec.refresh_from_db()
    assert (rec.escalations, rec.last_reminder_on) == (2, date(2024, 9, 3))


def test_answered_recommendations_are_not_escalated(w, clocks):
    rec = Recommendation.objects.get(case=clocks["forwarded"])
    services.record_refusal(recommendation=rec, actor=w.kasn_officer, answer="Not proven.")
    result = send_deadline_reminders()
    assert result["recommendations_escalated"] == 0
    assert result["overdue"] == 1  # the follow-up clock stopped with the answer
    assert dashboard_counts(user=w.handler).unanswered_recommendations == 0
