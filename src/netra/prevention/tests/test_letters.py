"""Appeal letters (point 2): recipients import, a run per recipient in the background,
resumable without a letter twice, distribution status and coverage, scope."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netra.prevention import services
from netra.prevention.choices import Distribution, RunStatus
from netra.prevention.models import Letter, LetterRun, Recipient, RecipientList

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks

RECIPIENTS = (
    "Nama,Jenis,Kepada,Alamat,Kecamatan\n"
    "SD Negeri 1 Serang,Sekolah,Kepala Sekolah,Jl. Ki Mas Jong,Serang\n"
    "SMP Negeri 2 Serang,sekolah,Kepala Sekolah,Jl. Kitapa,Serang\n"
    "Puskesmas Cipocok Jaya,Puskesmas,Kepala Puskesmas,Jl. Raya Petir,Cipocok Jaya\n"
    "Masjid Agung Ats-Tsauroh,Masjid,Ketua DKM,Jl. Masjid,Serang\n"
    "Warung Kopi,Kedai,,,Serang\n"
)


@pytest.fixture
def recipient_list(kota):
    return RecipientList.objects.create(office=kota, region_code=kota.region_code,
                                        name="Sekolah dan fasilitas publik")


def _fill(recipient_list, n):
    for i in range(n):
        services.add_recipient(recipient_list=recipient_list, recipient_type="school",
                               name=f"SD Negeri {i + 1} Serang",
                               district="Serang" if i % 2 else "Cipocok Jaya")


def test_recipients_import_with_types_in_indonesian_and_a_row_report(
        client, staff, recipient_list):
    client.force_login(staff)
    upload = SimpleUploadedFile("penerima.csv", RECIPIENTS.encode(), content_type="text/csv")
    response = client.post(reverse("prevention:recipient_import", args=[recipient_list.pk]),
                           {"upload": upload})
    assert response.status_code == 302
    types = dict(Recipient.objects.values_list("name", "recipient_type"))
    assert types == {"SD Negeri 1 Serang": "school", "SMP Negeri 2 Serang": "school",
                     "Puskesmas Cipocok Jaya": "health", "Masjid Agung Ats-Tsauroh": "worship"}
    report = client.get(response["Location"]).content.decode()
    assert "Kedai" in report


def test_a_run_generates_one_pdf_per_recipient(client, staff, recipient_list, on_commit):
    _fill(recipient_list, 3)
    client.force_login(staff)
    with on_commit(execute=True):
        response = client.post(reverse("prevention:run_create", args=[recipient_list.pk]), {
            "subject": "Imbauan netralitas ASN",
            "message": "Dengan hormat,\n\nASN wajib netral.",
            "letter_date": "2024-01-10", "number_prefix": "PM.00.02"})
    assert response.status_code == 302
    run = LetterRun.objects.get()
    assert run.status == RunStatus.DONE
    assert (run.total, run.generated) == (3, 3)
    letters = list(run.letters.order_by("number"))
    assert [letter.number for letter in letters] == [
        "0001/PM.00.02/01/2024", "0002/PM.00.02/01/2024", "0003/PM.00.02/01/2024"]
    pdf = client.get(reverse("prevention:letter_download", args=[letters[0].pk, "pdf"]))
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    docx = client.get(reverse("prevention:letter_download", args=[letters[0].pk, "docx"]))
    assert docx.content[:2] == b"PK"
    page = client.get(response["Location"]).content.decode()
    assert "SD Negeri 1 Serang" in page


def test_an_interrupted_run_resumes_without_a_letter_twice(client, staff, recipient_list,
                                                            on_commit):
    _fill(recipient_list, 5)
    with on_commit(execute=False):
        run = services.start_letter_run(actor=staff, recipient_list=recipient_list,
                                        subject="Imbauan", message="ASN wajib netral.",
                                        letter_date=date(2024, 1, 10))
    assert services.generate_missing_letters(run.pk, limit=2) == 2  # the worker died here
    first = dict(Letter.objects.values_list("recipient_id", "pdf"))
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert run.generated == 2
    # A school added to the list meanwhile belongs to a next run, not to this one.
    services.add_recipient(recipient_list=recipient_list, recipient_type="school",
                           name="SD Negeri Baru")
    client.force_login(staff)
    with on_commit(execute=True):
        client.post(reverse("prevention:run_resume", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.generated == 5
    assert Letter.objects.filter(run=run).count() == 5
    # The two letters made before the interruption are the same rows and files.
    for recipient_id, pdf in first.items():
        assert Letter.objects.get(run=run, recipient_id=recipient_id).pdf == pdf
    assert len(set(Letter.objects.values_list("number", flat=True))) == 5
    # Generating again makes nothing.
    assert services.generate_missing_letters(run.pk) == 0


def _run(staff, recipient_list):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.start_letter_run(actor=staff, recipient_list=recipient_list,
                                         subject="Imbauan", message="ASN wajib netral.",
                                         letter_date=date(2024, 1, 10))


def test_distribution_is_recorded_and_counted_per_type_and_district(
        client, staff, recipient_list):
    _fill(recipient_list, 4)
    run = _run(staff, recipient_list)
    ids = list(run.letters.order_by("pk").values_list("pk", flat=True))
    client.force_login(staff)
    response = client.post(reverse("prevention:run_mark", args=[run.pk]),
                           {"status": "delivered", "on": "2024-01-12", "letters": ids[:3]})
    assert response.status_code == 302
    delivered = Letter.objects.get(pk=ids[0])
    assert delivered.status == Distribution.DELIVERED
    assert delivered.sent_on == delivered.delivered_on == date(2024, 1, 12)
    # Never back to an earlier step.
    services.mark_letters(actor=staff, run=run, letter_ids=ids[:1], status="sent",
                          on=date(2024, 1, 13))
    assert Letter.objects.get(pk=ids[0]).status == Distribution.DELIVERED
    page = client.get(reverse("prevention:run_detail", args=[run.pk])).content.decode()
    assert "75%" in page  # 3 of 4 schools delivered


def test_a_date_before_the_letter_is_refused(staff, recipient_list):
    _fill(recipient_list, 1)
    run = _run(staff, recipient_list)
    with pytest.raises(services.ValidationError):
        services.mark_letters(actor=staff, run=run, letter_ids=list(
            run.letters.values_list("pk", flat=True)), status="sent", on=date(2024, 1, 1))
    assert not Letter.objects.exclude(status=Distribution.GENERATED).exists()


def test_another_office_cannot_see_or_mark_the_letters(client, member, kabupaten,
                                                       staff, recipient_list):
    _fill(recipient_list, 1)
    run = _run(staff, recipient_list)
    letter = run.letters.get()
    client.force_login(member("prevention_staff", org=kabupaten))
    assert client.get(reverse("prevention:run_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("prevention:letter_download",
                              args=[letter.pk, "pdf"])).status_code == 404
    response = client.post(reverse("prevention:run_mark", args=[run.pk]),
                           {"status": "sent", "on": "2024-01-12", "letters": [letter.pk]})
    assert response.status_code == 404
    assert client.get(reverse("prevention:recipient_list_detail",
                              args=[recipient_list.pk])).status_code == 404


def test_an_empty_list_cannot_start_a_run(client, staff, recipient_list):
    client.force_login(staff)
    response = client.post(reverse("prevention:run_create", args=[recipient_list.pk]), {
        "subject": "Imbauan", "message": "ASN wajib netral.", "letter_date": "2024-01-10"})
    assert response.status_code == 400
    assert not LetterRun.objects.exists()


def _pdf_text(letter) -> str:
    import io

    from pypdf import PdfReader

    with letter.pdf.open("rb") as handle:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def _pending_run(staff, recipient_list, on_commit):
    with on_commit(execute=False):
        return services.start_letter_run(actor=staff, recipient_list=recipient_list,
                                         subject="Imbauan netralitas", message="ASN wajib netral.",
                                         letter_date=date(2024, 1, 10))


def test_letters_laid_out_in_worker_processes_in_batches(staff, recipient_list, on_commit,
                                                         monkeypatch):
    """The fast path: one template and page per run, letters laid out in two processes, stored
    per batch; each PDF is its recipient's letter with its own number."""
    monkeypatch.setattr(services, "LETTER_BATCH", 2)
    _fill(recipient_list, 5)
    run = _pending_run(staff, recipient_list, on_commit)
    assert services.generate_missing_letters(run.pk, processes=2) == 5
    run.refresh_from_db()
    assert (run.status, run.generated) == (RunStatus.DONE, 5)
    for letter in run.letters.select_related("recipient"):
        text = _pdf_text(letter)
        assert letter.recipient.name in text
        assert letter.number in text
        assert "BAWASLU" in text  # the shared letterhead
    assert len(set(run.letters.values_list("pdf_sha256", flat=True))) == 5


def test_a_crash_mid_batch_keeps_earlier_batches_and_resumes_without_twice(
        staff, recipient_list, on_commit, monkeypatch):
    monkeypatch.setattr(services, "LETTER_BATCH", 2)
    _fill(recipient_list, 5)
    run = _pending_run(staff, recipient_list, on_commit)
    original = services._store_letters
    calls = {"n": 0}

    def dies_on_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_store_letters", dies_on_second_batch)
    with pytest.raises(RuntimeError):
        services.generate_missing_letters(run.pk, processes=1)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert Letter.objects.filter(run=run).count() == 2
    kept = dict(Letter.objects.values_list("recipient_id", "pdf"))
    monkeypatch.setattr(services, "_store_letters", original)
    assert services.generate_missing_letters(run.pk, processes=1) == 3
    run.refresh_from_db()
    assert (run.status, run.generated) == (RunStatus.DONE, 5)
    for recipient_id, pdf in kept.items():
        assert Letter.objects.get(run=run, recipient_id=recipient_id).pdf == pdf
    assert len(set(Letter.objects.values_list("number", flat=True))) == 5


def test_a_batch_partly_made_by_another_worker_stores_only_the_rest(staff, recipient_list,
                                                                     on_commit):
    _fill(recipient_list, 3)
    run = _pending_run(staff, recipient_list, on_commit)
    recipients = list(recipient_list.recipients.order_by("pk"))
    Letter.objects.create(run=run, recipient=recipients[1], number="0002/PM.00.02/01/2024")
    stored = services._store_letters(
        run, recipients, [services.letter_number(run, i) for i in (1, 2, 3)],
        [b"%PDF-1", b"%PDF-2", b"%PDF-3"])
    assert stored == 2
    assert Letter.objects.filter(run=run).count() == 3
    assert Letter.objects.filter(run=run, recipient=recipients[1]).count() == 1


def test_letters_in_a_threaded_process_are_laid_out_by_spawned_workers(
        staff, recipient_list, on_commit, monkeypatch):
    """A threaded web server running the task inline must not fork: spawned workers make the
    same letters."""
    import threading

    from netra.prevention import letters

    monkeypatch.setattr(services, "LETTER_BATCH", 2)
    contexts = []
    original = letters.LetterPool.__init__

    def spy(self, processes):
        original(self, processes)
        if self.executor is not None:
            contexts.append(self.executor._mp_context.get_start_method())

    monkeypatch.setattr(letters.LetterPool, "__init__", spy)
    _fill(recipient_list, 3)
    run = _pending_run(staff, recipient_list, on_commit)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert services.generate_missing_letters(run.pk, processes=2) == 3
    finally:
        stop.set()
        other.join()
    assert contexts == ["spawn"]
    for letter in run.letters.select_related("recipient"):
        assert letter.recipient.name in _pdf_text(letter)
