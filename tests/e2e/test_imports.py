"""Imports: a person matches the columns of a file Netra did not recognise, and watches a running
job's progress update by itself (htmx polling under the CSP)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from netra.imports.registry import Column, Importer, register_importer, unregister_importer


class E2EGroupImporter(Importer):
    key = "imports_e2e.groups"
    label = "Working groups"
    action = "orgs.administer"
    columns = [Column("name", "Name", required=True), Column("city", "City")]
    batch_size = 2

    def import_row(self, job, row):
        if row.values["name"].startswith("bad"):
            raise ValidationError({"name": "Names may not start with bad."})
        _group, created = Group.objects.get_or_create(name=row.values["name"])
        return "created" if created else "duplicate"


@pytest.fixture
def importer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    register_importer(E2EGroupImporter)
    yield E2EGroupImporter
    unregister_importer(E2EGroupImporter.key)


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("groups.csv", text.encode(), content_type="text/csv")


def test_match_columns_then_watch_progress(demo, importer, page, log_in, check_page):
    from netra.accounts.models import User
    from netra.imports.services import run_job, start_import

    admin = User.objects.get(username="admin.serang")
    job = start_import(
        importer.key, file=_upload("Peserta,Asal\nAlpha,Serang\nbad x,Cilegon\n"), actor=admin
    )
    log_in(page, "admin.serang")

    page.goto(job.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name="Match the columns")).to_be_visible()
    check_page(page)
    page.get_by_role("combobox", name="Peserta").select_option(label="Name *")
    page.get_by_role("combobox", name="Asal").select_option(label="City")
    page.get_by_role("button", name="Start the import").click()

    status = page.locator("#import-status")
    expect(status).to_contain_text("Done")
    expect(status.locator('[data-count="created"]')).to_have_text("1")
    expect(status.locator('[data-count="error"]')).to_have_text("1")
    expect(page.get_by_role("table")).to_contain_text("Names may not start with bad.")
    expect(page.get_by_role("link", name="Download the error report (CSV)")).to_be_visible()

    # A job waiting for a worker: the page polls and shows the result without a reload.
    waiting = start_import(
        importer.key, file=_upload("Name\nBeta\nGamma\nDelta\n"), actor=admin, dispatch=False
    )
    page.goto(waiting.get_absolute_url())
    expect(status).to_contain_text("Waiting")
    check_page(page)
    run_job(waiting.pk)
    expect(status).to_contain_text("Done", timeout=10_000)
    expect(status.locator('[data-count="created"]')).to_have_text("3")
    expect(status.locator("progress")).to_have_attribute("value", "100")
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Alpha",
        "Beta",
        "Delta",
        "Gamma",
    ]
