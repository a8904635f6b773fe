"""The case-intake port and the case events other modules subscribe to (issue #13 point 5)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from netra.cases import selectors
from netra.cases.choices import CaseKind, Source
from netra.cases.events import CaseOpened, CaseStepTaken
from netra.cases.intake import (
    EvidenceInput,
    IntakeRequest,
    ReporterInput,
    responsible_office,
    submit_intake,
)
from netra.cases.models import Case, CaseEvent, Evidence, Reporter
from netra.cases.services import open_case, transition_case
from netra.core.events import subscribe, unsubscribe
from netra.core.exceptions import OutOfScope

from .factories import pns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]


def _request(w, source_object, **kw) -> IntakeRequest:
    today = timezone.localdate()
    values = {
        "election_id": w.pemilu.pk,
        "office_id": w.serang.pk,
        "kind": CaseKind.INITIAL_INFO,
        "source": Source.PUBLIC_PORTAL,
        "title": "Lurah memakai kaos partai di acara kampanye",
        "description": "Lurah Cipare hadir memakai kaos partai pada kampanye terbuka.",
        "known_date": today,
        "incident_date": today,
        "place_region_code": "36.73.01",
        "reported_persons": [pns()],
        "source_object": source_object,
    }
    values.update(kw)
    return IntakeRequest(**values)


@pytest.fixture
def recorder():
    seen: list = []
    subscribe(CaseOpened, seen.append)
    subscribe(CaseStepTaken, seen.append)
    yield seen
    unsubscribe(CaseOpened, seen.append)
    unsubscribe(CaseStepTaken, seen.append)


def test_public_intake_is_recorded_under_its_channel_not_an_empty_actor(w):
    source = w.pkd_cipare  # any record can be the source; modules pass their own
    result = submit_intake(_request(w, source))

    case = Case.objects.get(pk=result.case_id)
    assert result.intake_number == case.intake_number
    assert case.created_by is None
    assert case.source == Source.PUBLIC_PORTAL
    assert case.source_object == source
    event = CaseEvent.objects.get(case=case, transition="open")
    assert event.actor is None
    assert event.channel == Source.PUBLIC_PORTAL
    assert event.channel_label == "Public portal"
    entry = LogEntry.objects.get_for_object(case).get()
    assert entry.actor is None
    assert entry.additional_data["channel"] == Source.PUBLIC_PORTAL


def test_staff_intake_checks_the_staff_members_scope(w):
    result = submit_intake(_request(w, w.pkd_cipare, source=Source.OFFICE_DESK), actor=w.handler)
    case = Case.objects.get(pk=result.case_id)
    assert case.created_by == w.handler
    assert CaseEvent.objects.get(case=case).channel == ""

    with pytest.raises(OutOfScope):
        submit_intake(_request(w, w.pkd_cipare), actor=w.other_handler)  # Kabupaten Serang
    assert Case.objects.count() == 1


def test_unknown_source_kind_is_refused_and_nothing_is_stored(w):
    with pytest.raises(ValidationError) as caught:
        submit_intake(_request(w, w.pkd_cipare, source="telepathy"))
    assert "Unknown source of information." in caught.value.message_dict["source"]
    with pytest.raises(ValidationError) as caught:
        open_case(actor=w.handler, election=w.pemilu, office=w.serang, kind=CaseKind.FINDING,
                  source="rumour", title="x", known_date=timezone.localdate())
    assert "source" in caught.value.message_dict
    assert not Case.objects.exists()


def test_a_case_without_actor_outside_the_port_is_refused(w):
    with pytest.raises(OutOfScope):
        open_case(actor=None, election=w.pemilu, office=w.serang, kind=CaseKind.FINDING,
                  source=Source.MEDIA, title="x", known_date=timezone.localdate())
    assert not Case.objects.exists()


def test_a_village_supervisor_is_never_the_handling_office(w):
    with pytest.raises(ValidationError) as caught:
        submit_intake(_request(w, w.pkd_cipare, office_id=w.pkd_cipare.pk))
    assert "office" in caught.value.message_dict


def test_evidence_comes_in_with_the_case_and_a_refused_file_leaves_nothing(w):
    photo = EvidenceInput(ContentFile(b"Kaos partai terlihat jelas.\n", name="catatan.txt"),
                          "Catatan saksi")
    result = submit_intake(_request(w, w.pkd_cipare, evidence=[photo]))
    evidence = Evidence.objects.get(case_id=result.case_id)
    assert evidence.added_by is None
    assert evidence.description == "Catatan saksi"

    disguised = EvidenceInput(ContentFile(b"MZ\x90\x00" + b"\x00" * 200, name="foto.jpg"))
    with pytest.raises(ValidationError):
        submit_intake(_request(w, w.kab_serang, evidence=[disguised]))
    assert Case.objects.count() == 1
    assert Evidence.objects.count() == 1


def test_a_report_keeps_the_reporter_encrypted_and_needs_one(w):
    reporter = ReporterInput(name="Siti Pelapor", nik="3673014101900001", phone="081234567890")
    result = submit_intake(_request(w, w.pkd_cipare, kind=CaseKind.REPORT, reporters=[reporter]))
    assert Reporter.objects.get(case_id=result.case_id).name == "Siti Pelapor"
    with pytest.raises(ValidationError) as caught:
        submit_intake(_request(w, w.kab_serang, kind=CaseKind.REPORT))
    assert "reporters" in caught.value.message_dict


def test_raising_initial_information_keeps_the_source_and_the_summary_follows_it(w):
    source = w.pkd_cipare
    result = submit_intake(_request(w, source))
    info = Case.objects.get(pk=result.case_id)
    transition_case(case=info, transition="raise_to_finding", actor=w.handler)

    finding = Case.objects.get(raised_from=info)
    assert finding.source_object == source
    assert list(selectors.cases_for_source(source)) == [info, finding]
    summary = selectors.source_case_summary(source)
    assert summary.case_id == finding.pk
    assert summary.kind == CaseKind.FINDING
    labels = [step.label for step in summary.public_steps]
    assert labels[0] == "Initial information received"
    assert "Raised to a finding" in labels
    shown = repr(summary)
    assert "Ahmad Sulaiman" not in shown
    assert "Siti" not in shown
    assert selectors.source_case_summary(w.kab_serang) is None


def test_events_reach_subscribers_only_after_commit(w, recorder,
                                                    django_capture_on_commit_callbacks):
    source = w.pkd_cipare
    with django_capture_on_commit_callbacks(execute=True):
        result = submit_intake(_request(w, source))
        assert recorder == []  # not before the transaction commits
    opened = recorder[0]
    assert isinstance(opened, CaseOpened)
    assert (opened.case_id, opened.source, opened.office_id) == (
        result.case_id, Source.PUBLIC_PORTAL, w.serang.pk)
    assert (opened.source_type, opened.source_id) == ("orgs.organisation", str(source.pk))

    with django_capture_on_commit_callbacks(execute=True):
        transition_case(case=Case.objects.get(pk=result.case_id), transition="drop",
                        actor=w.handler, note="Bukan ASN")
    step = recorder[-1]
    assert isinstance(step, CaseStepTaken)
    assert (step.transition, step.to_status, step.source_id) == ("drop", "dropped", str(source.pk))


def test_a_refused_intake_announces_nothing_and_a_failing_subscriber_breaks_nothing(
        w, recorder, django_capture_on_commit_callbacks):
    def broken(event):
        raise RuntimeError("subscriber bug")

    subscribe(CaseOpened, broken)
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            submit_intake(_request(w, w.pkd_cipare, title=" "))
        assert recorder == []
        with django_capture_on_commit_callbacks(execute=True):
            submit_intake(_request(w, w.pkd_cipare))
        assert len(recorder) == 1
        assert Case.objects.count() == 1
    finally:
        unsubscribe(CaseOpened, broken)


def test_responsible_office_is_the_nearest_handling_office(w):
    assert responsible_office("36.73.05.1001") == w.cipocok  # a village of Cipocok Jaya
    assert responsible_office("36.73.01.1002") == w.serang  # PKD Cipare's village: not the PKD
    assert responsible_office("36.04.01") == w.kab_serang
    assert responsible_office("32.01").kind == "bawaslu_ri"
