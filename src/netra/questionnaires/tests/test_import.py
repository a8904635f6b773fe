"""Importing Google Forms / spreadsheet exports into a wave."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from netra.imports.models import ImportJob
from netra.questionnaires.models import Response

HEADER = ("Timestamp,Kode responden,Apakah atasan memengaruhi pilihan politik Anda?,"
          "I understand the prohibitions for civil servants.\n")


def csv_file(text: str, name: str = "jawaban.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def staff(client, officer):
    officer.language = "en"
    officer.save(update_fields=["language"])
    client.force_login(officer)
    return client


def upload(client, questionnaire, wave, file, **extra):
    return client.post(reverse("questionnaires:import", args=[questionnaire.pk]),
                       {"wave": wave.pk, "file": file, **extra})


def confirm(client, job, **changes):
    """Post the job page's mapping form as suggested (``changes``: header → column key)."""
    job.refresh_from_db()
    data = {}
    for position, header in enumerate(job.headers):
        data[f"header_{position}"] = changes.get(header, job.mapping.get(header, ""))
    return client.post(reverse("imports:job_mapping", args=[job.pk]), data)


def upload_and_confirm(client, questionnaire, wave, file):
    response = upload(client, questionnaire, wave, file)
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    assert job.status == "needs_mapping"
    assert confirm(client, job).status_code == 302
    job.refresh_from_db()
    return job


def test_google_forms_export_imports_once(staff, questionnaire, waves):
    pre, _post = waves
    text = HEADER + ("2024/10/01 09:00:00,mawar-1987,Ya,4 - Setuju\n"
                     "2024/10/01 09:01:00,MELATI-22,Tidak,2\n"
                     "2024/10/01 09:02:00,KENANGA-3,Mungkin,9\n")
    job = upload_and_confirm(staff, questionnaire, pre, csv_file(text))
    assert job.status == "done"
    assert (job.created_count, job.error_count) == (2, 1)
    assert job.errors[0]["row"] == 4
    assert job.errors[0]["column"] == "q1"
    assert "yes or no" in job.errors[0]["message"]
    assert set(Response.objects.values_list("respondent__code", flat=True)) == {
        "MAWAR-1987", "MELATI-22"}
    likert = Response.objects.get(respondent__code="MAWAR-1987").answers.get(question__key="q2")
    assert likert.number == 4
    # The same file again adds nothing.
    again = upload_and_confirm(staff, questionnaire, pre, csv_file(text))
    assert (again.created_count, again.duplicate_count) == (0, 2)
    assert Response.objects.count() == 2


def test_without_code_column_rows_are_recognised_by_content(staff, questionnaire, waves):
    pre, _post = waves
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Stempel waktu", "q1", "q2"])
    sheet.append(["2024-10-01 09:00", "ya", "5"])
    sheet.append(["2024-10-01 09:05", "tidak", "1"])
    buffer = io.BytesIO()
    wb.save(buffer)
    for _round in range(2):
        file = SimpleUploadedFile("jawaban.xlsx", buffer.getvalue())
        assert upload_and_confirm(staff, questionnaire, pre, file).status == "done"
    assert Response.objects.count() == 2
    assert not Response.objects.filter(respondent__isnull=False).exists()


def test_unrecognised_question_is_matched_on_the_stored_job(staff, questionnaire, waves):
    """The mapping step reads the stored file's header row: no second upload."""
    pre, _post = waves
    text = "Kode,Pertanyaan pertama,Pertanyaan kedua\nAB-12,ya,3\n"
    response = upload(staff, questionnaire, pre, csv_file(text))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == "needs_mapping"
    assert job.headers == ["Kode", "Pertanyaan pertama", "Pertanyaan kedua"]
    page = staff.get(job.get_absolute_url()).content.decode()
    # The questions of the wave are the choices, by their text.
    assert "I understand the prohibitions for civil servants." in page
    assert "Pertanyaan pertama" in page
    # A required question left unmatched is refused on the same job ...
    refused = confirm(staff, job)
    assert refused.status_code == 400
    assert "Match these required columns" in refused.content.decode()
    job.refresh_from_db()
    assert job.status == "needs_mapping"
    assert not Response.objects.exists()
    # ... and matching it runs the stored file.
    response = confirm(staff, job, **{"Pertanyaan pertama": "q1", "Pertanyaan kedua": "q2"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    assert ImportJob.objects.count() == 1
    assert Response.objects.get().respondent.code == "AB-12"


def test_google_forms_headers_are_matched_by_close_names(staff, questionnaire, waves):
    """A Google Forms export: timestamp, an e-mail column (never imported) and question texts
    with small differences (a changed word, a description appended); close matches are shown
    for confirmation with their score."""
    pre, _post = waves
    q1 = pre.version.questions.get(key="q1")
    q2 = pre.version.questions.get(key="q2")
    header = ["Stempel waktu", "Alamat email", "Kode responden",
              q1.text_id.rstrip("?") + " ?",
              q2.text_en.replace("the prohibitions", "these prohibitions")
              + " (answer 1-5, 5 = strongly agree)"]
    wb = Workbook()
    sheet = wb.active
    sheet.append(header)
    sheet.append(["01/10/2024 09:00:00", "a@example.org", "anggrek-7", "Tidak", "5"])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(staff, questionnaire, pre,
                      SimpleUploadedFile("Formulir (Responses).xlsx", buffer.getvalue()))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "needs_mapping"
    assert job.mapping == {"Stempel waktu": "timestamp", "Kode responden": "code",
                           header[3]: "q1", header[4]: "q2"}
    scores = job.options["match_scores"]
    assert scores["Kode responden"] == 100
    assert 85 <= scores[header[4]] < 100
    page = staff.get(job.get_absolute_url()).content.decode()
    assert "check it" in page
    assert not Response.objects.exists()  # nothing before the person confirms
    assert confirm(staff, job).status_code == 302
    answer = Response.objects.get(respondent__code="ANGGREK-7").answers.get(question__key="q2")
    assert answer.number == 5


def test_interrupted_questionnaire_import_resumes_without_duplicates(staff, questionnaire,
                                                                     waves, monkeypatch):
    from netra.imports import services as import_services
    from netra.questionnaires.importers import ResponseImporter

    pre, _post = waves
    rows = "".join(f"2024/10/01 09:{n:02d}:00,KODE-{n},Ya,4\n" for n in range(5))
    monkeypatch.setattr(ResponseImporter, "batch_size", 2)
    upload(staff, questionnaire, pre, csv_file(HEADER + rows))
    job = ImportJob.objects.get()
    original = import_services._commit_batch
    calls = {"n": 0}

    def crash_on_second_batch(job, importer, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return original(job, importer, batch)

    monkeypatch.setattr(import_services, "_commit_batch", crash_on_second_batch)
    confirm(staff, job)
    job.refresh_from_db()
    assert job.status == "failed"
    assert Response.objects.count() == 2
    monkeypatch.setattr(import_services, "_commit_batch", original)
    staff.post(reverse("imports:job_resume", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert Response.objects.count() == 5
    assert job.created_count == 5


def test_malformed_file_refused(staff, questionnaire, waves):
    pre, _post = waves
    bad = SimpleUploadedFile("jawaban.csv", b"\x00\x01\x02PK garbage")
    response = upload(staff, questionnaire, pre, bad)
    assert response.status_code == 400
    assert not ImportJob.objects.exists()
    assert not Response.objects.exists()


def test_other_office_cannot_import(client, member, questionnaire, waves):
    pre, _post = waves
    client.force_login(member("prevention_staff", "36.04"))
    response = upload(client, questionnaire, pre, csv_file(HEADER))
    assert response.status_code == 404
