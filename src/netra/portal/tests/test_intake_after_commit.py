"""The case of a portal report is opened after the submission commits: a lost intake is found
by the sweeper or a retry, and a task delivered twice opens one case."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from netra.cases.models import Case
from netra.portal import services, tasks
from netra.portal.models import Submission

from .conftest import form_data
from .test_views import jpeg, receipt_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_worker(monkeypatch):
    """The queue accepts the job and the worker dies with it: the intake never runs."""
    lost: list[int] = []
    monkeypatch.setattr(tasks.open_submission_case, "delay", lost.append)
    return lost


def test_receipt_is_shown_before_the_case_and_the_report_waits_encrypted(client, w, dead_worker):
    response = client.post("/portal/report/", form_data(w))
    assert response.status_code == 200
    assert receipt_code(response)
    assert b"Being registered" in response.content
    submission = Submission.objects.get()
    assert dead_worker == [submission.pk]
    assert submission.case_id is None
    assert Case.objects.count() == 0
    assert "Dewi Pelapor Rahasia" in submission.pending_report
    with connection.cursor() as cursor:
        cursor.execute("SELECT pending_report FROM portal_submission")
        raw = cursor.fetchone()[0]
    assert "Dewi" not in raw
    assert "3673014508900003" not in raw


def test_the_sweeper_opens_the_lost_case_once(client, w, dead_worker, monkeypatch):
    client.post("/portal/report/", form_data(w))
    submission = Submission.objects.get()
    # Too young: a worker may still be on it.
    assert services.requeue_pending_intakes() == 0
    monkeypatch.undo()  # the worker is back
    w_later = timedelta(minutes=5)
    assert services.requeue_pending_intakes(older_than=-w_later) == 1
    submission.refresh_from_db()
    case = Case.objects.get()
    assert submission.case_id == case.pk
    assert submission.intake_number == case.intake_number
    assert submission.pending_report is None
    assert submission.intake_attempts == 1
    assert case.reporters.get().name == "Dewi Pelapor Rahasia"
    assert case.received_at == submission.created_at
    # Nothing left to sweep; a duplicate delivery of the task changes nothing.
    assert services.requeue_pending_intakes(older_than=-w_later) == 0
    assert services.open_submission_case(submission.pk) is False
    assert Case.objects.count() == 1


def test_a_retry_of_the_form_pushes_the_lost_intake(client, w, dead_worker, monkeypatch):
    first = client.post("/portal/report/", form_data(w))
    monkeypatch.undo()
    second = client.post("/portal/report/", form_data(w))
    assert receipt_code(first) == receipt_code(second)
    assert Submission.objects.count() == 1
    assert Case.objects.count() == 1
    assert Submission.objects.get().case_id == Case.objects.get().pk


def test_the_command_runs_the_sweeper(client, w, dead_worker, monkeypatch, capsys):
    client.post("/portal/report/", form_data(w))
    monkeypatch.undo()
    call_command("portal_requeue_intakes", "--older-than", "-60")
    assert "Queued again: 1" in capsys.readouterr().out
    assert Case.objects.count() == 1


def test_evidence_waits_in_private_storage_and_moves_into_the_case(
        client, w, dead_worker, monkeypatch, settings, django_capture_on_commit_callbacks):
    response = client.post("/portal/report/", {**form_data(w), "evidence": [jpeg()]})
    assert response.status_code == 200
    pending = [p for p in (settings.MEDIA_ROOT / "portal" / "pending").rglob("*") if p.is_file()]
    assert len(pending) == 1
    stashed = default_storage.open(str(pending[0].relative_to(settings.MEDIA_ROOT))).read()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_submission_case(Submission.objects.get().pk)
    case = Case.objects.get()
    assert case.evidence.count() == 1
    assert case.evidence.get().file.read() == stashed
    assert not pending[0].exists()


def test_a_refused_intake_is_kept_for_the_office_and_not_swept_again(client, w, dead_worker,
                                                                     monkeypatch):
    client.post("/portal/report/", form_data(w))
    submission = Submission.objects.get()
    # The office was closed after the acknowledgement: the port refuses the intake.
    Submission.objects.filter(pk=submission.pk).update(office=None)
    monkeypatch.undo()
    assert services.open_submission_case(submission.pk) is False
    submission.refresh_from_db()
    assert submission.intake_error
    assert submission.case_id is None
    assert services.requeue_pending_intakes(older_than=timedelta(minutes=-5)) == 0
