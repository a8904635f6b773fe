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


def test_google_forms_export_imports_once(staff, questionnaire, waves):
    pre, _post = waves
    text = HEADER + ("2024/10/01 09:00:00,mawar-1987,Ya,4 - Setuju\n"
                     "2024/10/01 09:01:00,MELATI-22,Tidak,2\n"
                     "2024/10/01 09:02:00,KENANGA-3,Mungkin,9\n")
    response = upload(staff, questionnaire, pre, csv_file(text))
    assert response.status_code == 302
    job = ImportJob.objects.get()
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
    upload(staff, questionnaire, pre, csv_file(text))
    again = ImportJob.objects.latest("pk")
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
        assert upload(staff, questionnaire, pre, file).status_code == 302
    assert Response.objects.count() == 2
    assert not Response.objects.filter(respondent__isnull=False).exists()


def test_unrecognised_question_asks_for_its_column(staff, questionnaire, waves):
    pre, _post = waves
    text = "Kode,Pertanyaan pertama,Pertanyaan kedua\nAB-12,ya,3\n"
    response = upload(staff, questionnaire, pre, csv_file(text))
    assert response.status_code == 400
    assert "No column of the file was recognised" in response.content.decode()
    assert not ImportJob.objects.exists()
    q1 = pre.version.questions.get(key="q1")
    q2 = pre.version.questions.get(key="q2")
    response = upload(staff, questionnaire, pre, csv_file(text), **{
        f"map_{q1.key}": "Pertanyaan pertama", f"map_{q2.key}": "Pertanyaan kedua"})
    assert response.status_code == 302
    assert Response.objects.get().respondent.code == "AB-12"


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
