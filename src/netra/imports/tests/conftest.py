"""A test importer that creates auth Groups (natural key: the name) and can be told to fail."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from netra.imports.registry import Column, Importer, register_importer, unregister_importer


class Boom(Exception):
    """A crash in the middle of an import (worker killed, database gone)."""


class GroupImporter(Importer):
    key = "imports_test.groups"
    label = "Test groups"
    action = "orgs.administer"
    columns = [
        Column("name", "Name", required=True, aliases=("nama", "nama kelompok")),
        Column("city", "City", aliases=("kota",)),
    ]
    batch_size = 2
    explode_at: int | None = None  # raise Boom once when this line comes
    seen: list = []

    def import_row(self, job, row):
        type(self).seen.append(row.number)
        if type(self).explode_at == row.number:
            type(self).explode_at = None
            raise Boom(f"crash at {row.number}")
        name = row.values["name"]
        if name.lower().startswith("bad"):
            raise ValidationError({"name": "Names may not start with bad."})
        _group, created = Group.objects.get_or_create(name=name)
        return "created" if created else "duplicate"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def group_importer():
    GroupImporter.explode_at = None
    GroupImporter.seen = []
    register_importer(GroupImporter)
    yield GroupImporter
    unregister_importer(GroupImporter.key)


def csv_upload(text: str, name: str = "list.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def admin_serang(member):
    return member("administrator", "36.73")
