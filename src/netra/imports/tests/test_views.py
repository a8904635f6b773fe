import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from netra.imports.models import ImportJob, ImportStatus
from netra.imports.services import start_import

from .conftest import GroupImporter, csv_upload

pytestmark = pytest.mark.django_db

KEY = GroupImporter.key


@pytest.fixture
def job_with_errors(group_importer, admin_serang):
    return start_import(
        KEY, file=csv_upload("Nama,Kota\nAlpha,x\nbad one,y\n=cmd,z\n"), actor=admin_serang
    )


def test_job_page_shows_counts_and_errors(client, job_with_errors, admin_serang):
    client.force_login(admin_serang)
    response = client.get(job_with_errors.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-count="created">2<' in body
    assert 'data-count="error">1<' in body
    assert "Names may not start with bad." in body
    assert 'hx-trigger="every 1s"' not in body  # finished: no polling (the header polls on its own)
    fragment = client.get(job_with_errors.get_absolute_url() + "?fragment=status")
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content


def test_running_job_polls(client, group_importer, admin_serang):
    job = start_import(KEY, file=csv_upload("Nama\nA\n"), actor=admin_serang, dispatch=False)
    client.force_login(admin_serang)
    body = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in body


def test_error_report_downloads(client, job_with_errors, admin_serang):
    client.force_login(admin_serang)
    response = client.get(f"/imports/{job_with_errors.pk}/errors.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["3", "Name", "Nama", "Names may not start with bad."]
    response = client.get(f"/imports/{job_with_errors.pk}/errors.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == [3, "Name", "Nama", "Names may not start with bad."]
    assert client.get(f"/imports/{job_with_errors.pk}/errors.pdf").status_code == 404


def test_other_office_gets_404_parent_office_sees(client, job_with_errors, member):
    other = member("administrator", "32.76")
    client.force_login(other)
    for url in (f"/imports/{job_with_errors.pk}/", f"/imports/{job_with_errors.pk}/errors.csv"):
        assert client.get(url).status_code == 404
    assert client.post(f"/imports/{job_with_errors.pk}/resume/").status_code == 404
    assert job_with_errors.original_filename not in client.get("/imports/").content.decode()
    parent = member("administrator", "36")
    client.force_login(parent)
    assert client.get(f"/imports/{job_with_errors.pk}/").status_code == 200
    assert job_with_errors.original_filename in client.get("/imports/").content.decode()
    analyst = member("analyst", "36.73")  # same office, without the importer's action
    client.force_login(analyst)
    assert client.get(f"/imports/{job_with_errors.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client, job_with_errors):
    response = client.get(f"/imports/{job_with_errors.pk}/")
    assert response.status_code == 302


def test_mapping_form_on_the_page(client, group_importer, admin_serang):
    job = start_import(KEY, file=csv_upload("Peserta,Asal\nAlpha,Serang\n"), actor=admin_serang)
    client.force_login(admin_serang)
    body = client.get(job.get_absolute_url()).content.decode()
    assert 'name="header_0"' in body
    assert 'name="header_1"' in body
    response = client.post(f"/imports/{job.pk}/mapping/", {"header_0": "", "header_1": "city"})
    assert response.status_code == 400
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.NEEDS_MAPPING
    response = client.post(f"/imports/{job.pk}/mapping/", {"header_0": "name", "header_1": "name"})
    assert response.status_code == 400
    response = client.post(f"/imports/{job.pk}/mapping/", {"header_0": "name", "header_1": "city"})
    assert response.status_code == 302
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    assert list(Group.objects.values_list("name", flat=True)) == ["Alpha"]


def test_resume_button(client, group_importer, admin_serang):
    GroupImporter.explode_at = 3
    job = start_import(KEY, file=csv_upload("Nama\nA\nB\nC\n"), actor=admin_serang)
    assert job.status == ImportStatus.FAILED
    client.force_login(admin_serang)
    body = client.get(job.get_absolute_url()).content.decode()
    assert f'action="/imports/{job.pk}/resume/"' in body
    response = client.post(f"/imports/{job.pk}/resume/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert sorted(Group.objects.values_list("name", flat=True)) == ["A", "B", "C"]
    response = client.post(f"/imports/{job.pk}/resume/", follow=True)
    assert response.status_code == 200  # refused with a message, nothing changes


def test_upload_form_partial_renders(group_importer):
    from django.template.loader import render_to_string

    from netra.imports.forms import upload_context

    html = render_to_string("imports/_upload_form.html", upload_context(KEY, url="/somewhere/"))
    assert 'enctype="multipart/form-data"' in html
    assert 'action="/somewhere/"' in html
    assert 'accept=".csv,.xlsx' in html


def test_cli_import_file_and_resume(group_importer, admin_serang, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("Nama\nA\nB\nC\nbad\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_file", KEY, str(path), "--actor", admin_serang.username, stdout=out)
    text = out.getvalue()
    assert "2/4 lines" in text
    assert "3 created" in text
    assert "1 errors" in text
    job = ImportJob.objects.get()
    assert job.created_by == admin_serang

    GroupImporter.explode_at = 3
    path.write_text("Nama\nX\nY\nZ\n", encoding="utf-8")
    with pytest.raises(CommandError, match="import_resume"):
        call_command("import_file", KEY, str(path), stdout=io.StringIO())
    failed = ImportJob.objects.latest("pk")
    out = io.StringIO()
    call_command("import_resume", str(failed.pk), stdout=out)
    assert "done" in out.getvalue()
    assert set(Group.objects.values_list("name", flat=True)) >= {"X", "Y", "Z"}


def test_cli_mapping_and_errors(group_importer, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("Peserta\nA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--mapping"):
        call_command("import_file", KEY, str(path), stdout=io.StringIO())
    call_command("import_file", KEY, str(path), "--mapping", "Peserta=name", stdout=io.StringIO())
    assert Group.objects.filter(name="A").exists()
    with pytest.raises(CommandError):
        call_command("import_file", "nope.nothing", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_file", KEY, str(tmp_path / "missing.csv"), stdout=io.StringIO())


def test_job_list_query_count_is_capped(
    client, group_importer, admin_serang, django_assert_max_num_queries
):
    for _ in range(5):
        start_import(KEY, file=csv_upload("Nama\nA\n"), actor=admin_serang)
    client.force_login(admin_serang)
    client.get("/imports/")  # warm the session and scope caches
    with django_assert_max_num_queries(12):
        response = client.get("/imports/")
    assert response.status_code == 200
    assert response.content.decode().count("list.csv") == 5
