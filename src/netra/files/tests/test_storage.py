"""Private storage under random names, and audited downloads with safety headers."""

import hashlib
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404

from netra.core.storage import read_private_file
from netra.files.download import serve_private_file
from netra.files.intake import UploadPolicy, accept_upload
from netra.files.storage import clean_file_name, discard_file, save_private_file, stored_name

from . import samples

POLICY = UploadPolicy(types=frozenset({"pdf", "text", "jpeg"}))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def field_file(instance, name: str | None = None) -> FieldFile:
    """A FieldFile on the default (private) storage, as a module's FileField gives."""
    field = models.FileField()
    field.name = "file"
    return FieldFile(instance, field, name)


class TestStorage:
    def test_stored_name_is_random_and_carries_nothing_from_the_user(self):
        first, second = stored_name("cases/evidence", "pdf"), stored_name("cases/evidence", "pdf")
        assert first != second
        assert re.fullmatch(r"cases/evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", first)

    @pytest.mark.parametrize(("folder", "extension"),
                             [("../etc", "pdf"), ("/abs", "pdf"), ("cases", "p/df"),
                              ("Cases Evidence", "pdf"), ("cases", "")])
    def test_a_folder_or_extension_that_is_not_a_plain_constant_is_refused(self, folder,
                                                                           extension):
        with pytest.raises(ValueError, match="Not a storage folder"):
            stored_name(folder, extension)

    @pytest.mark.django_db
    def test_saved_under_the_private_root_with_the_sha256_of_what_is_stored(
            self, media, django_user_model):
        owner = django_user_model.objects.create(username="owner")
        accepted = accept_upload(
            SimpleUploadedFile("laporan saksi.pdf", samples.pdf_with_metadata()), policy=POLICY)
        target = field_file(owner)

        name = save_private_file(target, folder="monitoring/screenshots",
                                 extension=accepted.extension, data=accepted.data)

        stored = Path(media) / name
        assert target.name == name
        assert stored.is_file()
        assert "laporan" not in name
        assert hashlib.sha256(read_private_file(target)).hexdigest() == accepted.sha256
        assert stored.read_bytes() != accepted.data  # encrypted at rest (test_encryption.py)
        assert accepted.sha256 != accepted.original_sha256  # metadata was removed first
        discard_file(target)
        assert not stored.exists()

    def test_clean_file_name_keeps_only_a_printable_base_name(self):
        assert clean_file_name("C:\\Users\\budi\\Foto bendera.jpg") == "Foto bendera.jpg"
        assert clean_file_name("../../etc/passwd") == "passwd"
        assert clean_file_name("a\x00b\nc.txt") == "abc.txt"
        assert clean_file_name("") == "file"
        assert len(clean_file_name("x" * 400 + ".txt")) == 255


@pytest.mark.django_db
class TestDownload:
    @pytest.fixture
    def stored(self, media, django_user_model):
        owner = django_user_model.objects.create(username="owner")
        accepted = accept_upload(SimpleUploadedFile("kronologi.txt", b"<script>x</script>"),
                                 policy=POLICY)
        target = field_file(owner)
        save_private_file(target, folder="tests/files", extension=accepted.extension,
                          data=accepted.data)
        return owner, target, accepted

    def test_attachment_with_safety_headers_and_an_access_entry(self, rf, stored,
                                                               django_user_model):
        owner, target, accepted = stored
        reader = django_user_model.objects.create(username="reader")
        request = rf.get("/download")
        request.user = reader

        response = serve_private_file(request, obj=owner, field_file=target,
                                      content_type=accepted.content_type,
                                      file_name="Kronologi kejadian.txt")

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Kronologi kejadian.txt" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Cache-Control"] == "private, no-store"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == accepted.data
        entry = LogEntry.objects.get_for_object(owner).get(action=LogEntry.Action.ACCESS)
        assert entry.actor == reader

    def test_an_anonymous_access_is_still_recorded_without_actor(self, rf, stored):
        owner, target, accepted = stored
        request = rf.get("/download")
        request.user = AnonymousUser()
        serve_private_file(request, obj=owner, field_file=target, content_type="text/plain",
                           file_name="a.txt")
        entry = LogEntry.objects.get_for_object(owner).get(action=LogEntry.Action.ACCESS)
        assert entry.actor is None

    def test_a_missing_file_is_404_and_not_recorded(self, rf, stored):
        owner, target, _accepted = stored
        discard_file(target)
        request = rf.get("/download")
        request.user = owner
        with pytest.raises(Http404):
            serve_private_file(request, obj=owner, field_file=target, content_type="text/plain",
                               file_name="a.txt")
        assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
