"""Initial information whose reporter becomes known goes on as a formal report (lanjut sebagai
laporan) while the reporting window is open: by a handler, or by the channel of the case's own
source (the portal, when the anonymous reporter proves through the receipt code who they are)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile

from netra.cases import services
from netra.cases.choices import CaseKind, Source
from netra.cases.evidence import upload_evidence
from netra.cases.models import Case, CaseEvent
from netra.cases.services import ReporterInput, TransitionNotAllowed
from netra.cases.workflow import OPEN_STATUSES, Status
from netra.core.audit import system_actor
from netra.core.exceptions import OutOfScope
from netra.files.tests.samples import png_bytes

from .conftest import TODAY
from .factories import open_finding

pytestmark = pytest.mark.usefixtures("english_private_media")

REPORTER = ReporterInput(name="Siti Pelapor", nik="3673014101900001",
                         address="Jl. Veteran No. 1", phone="081234567890")


def info_with_reporter(w, **kw):
    kw.setdefault("reporters", [REPORTER])
    return open_finding(w, kind=CaseKind.INITIAL_INFO, source=Source.OFFICE_DESK, **kw)


def test_a_handler_continues_initial_information_as_a_report(w):
    info = info_with_reporter(w)
    png = ContentFile(png_bytes(), name="bukti.png")
    upload_evidence(case=info, actor=w.handler, file=png, description="Poster")
    moved = services.transition_case(case=info, transition="continue_as_report",
                                     actor=w.handler)
    report = Case.objects.get(raised_from=info)
    assert moved.status == Status.CONTINUED_AS_REPORT
    assert Status.CONTINUED_AS_REPORT not in OPEN_STATUSES
    assert (report.kind, report.status, report.source) == (
        CaseKind.REPORT, Status.RECEIVED, Source.OFFICE_DESK)
    assert report.intake_number == "001/LP/PL/Kota/1.01/IX/2024"
    assert report.intake_number in moved.outcome_note
    # Received now, known when the information was: the report's window is checked from there.
    assert report.known_date == info.known_date
    assert report.reporters.get().nik == REPORTER.nik
    assert [(p.name, p.nip) for p in report.reported_persons.all()] == [
        (p.name, p.nip) for p in info.reported_persons.all()]
    copied = report.evidence.get()
    original = info.evidence.get()
    assert (copied.file.name, copied.sha256, copied.description) == (
        original.file.name, original.sha256, "Poster")
    # The report goes on through the ordinary workflow: its registration sees a report filed
    # within the window.
    services.transition_case(case=report, transition="start_check", actor=w.handler)
    registered = services.transition_case(case=report, transition="register", actor=w.handler)
    assert "/LP/" in registered.registration_number


def test_continuing_needs_the_reporter(w):
    info = open_finding(w, kind=CaseKind.INITIAL_INFO, source=Source.MEDIA)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.transition_case(case=info, transition="continue_as_report", actor=w.handler)
    assert caught.value.reasons == [
        "The reporter's identity is not recorded: without it the information cannot go on as a "
        "report."]
    assert not Case.objects.filter(raised_from=info).exists()


def test_continuing_after_the_window_is_refused_with_the_rule(w, frozen):
    info = info_with_reporter(w, known_date=TODAY - timedelta(days=20))
    with pytest.raises(TransitionNotAllowed) as caught:
        services.transition_case(case=info, transition="continue_as_report", actor=w.handler)
    (reason,) = caught.value.reasons
    assert reason.startswith("The reporting window has closed: 7 working days after it became "
                             "known on 2024-08-13")
    assert "UU 7/2017" in reason
    info.refresh_from_db()
    assert info.status == Status.INFO_RECEIVED


def test_without_a_staff_member_only_the_cases_own_channel_may_continue(w):
    info = info_with_reporter(w)
    # No person and no channel: refused as not found, nothing moves.
    with pytest.raises(OutOfScope):
        services.transition_case(case=info, transition="continue_as_report", actor=None)
    # Another channel than the case's source: refused too.
    with system_actor("social_media"), pytest.raises(OutOfScope):
        services.transition_case(case=info, transition="continue_as_report", actor=None)
    # A step the table does not open to the source is refused even under its channel.
    with system_actor(Source.OFFICE_DESK), pytest.raises(OutOfScope):
        services.transition_case(case=info, transition="drop", actor=None, note="x")
    info.refresh_from_db()
    assert info.status == Status.INFO_RECEIVED
    with system_actor(Source.OFFICE_DESK):
        services.transition_case(case=info, transition="continue_as_report", actor=None)
    event = CaseEvent.objects.get(case=info, transition="continue_as_report")
    assert (event.actor, event.channel) == (None, Source.OFFICE_DESK)


def test_other_roles_may_not_continue(w):
    info = info_with_reporter(w)
    with pytest.raises((TransitionNotAllowed, OutOfScope)):
        services.transition_case(case=info, transition="continue_as_report",
                                 actor=w.bkn_officer)
    assert not Case.objects.filter(raised_from=info).exists()
