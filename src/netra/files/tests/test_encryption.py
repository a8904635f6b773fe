"""Private files encrypted at rest: the storage encrypts on save and decrypts on open, old
plaintext files are still served, damage is detected, ``encrypt_private_files`` encrypts what
was written before (idempotent, resumable) and ``rotate_encryption_keys`` moves files to the
newest key."""

import hashlib
import io
import os
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command
from django.db import models
from django.db.models.fields.files import FieldFile

from netra.core import crypto, storage
from netra.core.storage import EncryptedFileSystemStorage, read_private_file
from netra.files.download import serve_private_file
from netra.files.intake import UploadPolicy, accept_upload
from netra.files.storage import save_private_file

from . import samples

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
MARKER = b"NIK 3673014101900001 Siti Pelapor"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_A]
    return Path(settings.MEDIA_ROOT)


def field_file(instance, name: str | None = None) -> FieldFile:
    field = models.FileField()
    field.name = "file"
    return FieldFile(instance, field, name)


def on_disk(media: Path) -> dict[str, bytes]:
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def plaintext_file(media: Path, name: str, data: bytes) -> str:
    """A file as written before encryption at rest (straight to disk)."""
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


class TestStorage:
    def test_the_default_storage_encrypts(self):
        assert isinstance(storages["default"], EncryptedFileSystemStorage)

    @pytest.mark.parametrize("size", [0, 1, crypto.FILE_CHUNK - 1, crypto.FILE_CHUNK,
                                      crypto.FILE_CHUNK + 1, 3 * crypto.FILE_CHUNK + 17])
    def test_round_trip_of_any_size_with_size_and_seek(self, media, size):
        data = os.urandom(size)
        name = default_storage.save("tests/x.bin", ContentFile(data))
        raw = (media / name).read_bytes()
        assert raw.startswith(crypto.FILE_MAGIC)
        assert default_storage.size(name) == size
        with default_storage.open(name) as handle:
            assert handle.size == size
            assert handle.read() == data
            handle.seek(size // 2)
            assert handle.read(100) == data[size // 2:size // 2 + 100]

    def test_a_marker_is_not_on_disk_and_the_hash_is_of_the_plaintext(self, media, db,
                                                                      django_user_model):
        owner = django_user_model.objects.create(username="owner")
        target = field_file(owner)
        name = save_private_file(target, folder="tests/files", extension="txt",
                                 data=MARKER * 100)
        assert MARKER not in (media / name).read_bytes()
        assert b"Siti" not in (media / name).read_bytes()
        content = read_private_file(target)
        assert content == MARKER * 100
        assert hashlib.sha256(content).hexdigest() == hashlib.sha256(MARKER * 100).hexdigest()

    def test_a_large_upload_in_a_temporary_file_is_encrypted_not_moved(self, media, settings):
        settings.FILE_UPLOAD_TEMP_DIR = str(media.parent)
        upload = TemporaryUploadedFile("video.mp4", "video/mp4", 0, None)
        data = MARKER * 40_000  # 1.3 MB, more than one piece
        upload.write(data)
        upload.flush()
        name = default_storage.save("cases/evidence/video.mp4", upload)
        upload.close()
        assert MARKER not in (media / name).read_bytes()
        with default_storage.open(name) as handle:
            assert handle.read() == data

    def test_reopening_a_closed_file_decrypts_again(self, media, db, django_user_model):
        target = field_file(django_user_model.objects.create(username="owner"))
        save_private_file(target, folder="tests/files", extension="txt", data=MARKER)
        assert read_private_file(target) == MARKER
        # Django's File.open would reopen the path on disk (the ciphertext) after close().
        assert read_private_file(target) == MARKER
        target.open("rb")
        assert target.read() == MARKER
        target.close()

    def test_text_mode_reads_text(self, media):
        name = default_storage.save("tests/a.txt", ContentFile("kronologi ✓"))
        with default_storage.open(name, "r") as handle:
            assert handle.read() == "kronologi ✓"

    def test_opening_to_write_is_refused(self, media):
        name = default_storage.save("tests/a.txt", ContentFile(b"x"))
        with pytest.raises(ValueError, match="save"):
            default_storage.open(name, "wb")

    def test_an_old_plaintext_file_is_read_as_it_is(self, media):
        name = plaintext_file(media, "cases/evidence/2024/01/old.pdf", samples.PDF)
        assert default_storage.size(name) == len(samples.PDF)
        with default_storage.open(name) as handle:
            assert handle.read() == samples.PDF

    def test_a_file_under_a_key_no_longer_configured_is_an_error(self, media, settings):
        name = default_storage.save("tests/x.bin", ContentFile(MARKER))
        settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B]
        with pytest.raises(crypto.EncryptedFileError, match="no key"):
            default_storage.open(name)

    def test_older_keys_still_decrypt_and_new_files_use_the_newest(self, media, settings):
        old = default_storage.save("tests/x.bin", ContentFile(MARKER))
        settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
        new = default_storage.save("tests/x.bin", ContentFile(MARKER))
        for name in (old, new):
            with default_storage.open(name) as handle:
                assert handle.read() == MARKER
        assert not crypto.file_key_id_current((media / old).read_bytes())
        assert crypto.file_key_id_current((media / new).read_bytes())

    @pytest.mark.parametrize("damage", ["flip", "truncate", "drop_last_piece", "header"])
    def test_a_damaged_file_fails_to_decrypt(self, media, damage):
        data = os.urandom(2 * crypto.FILE_CHUNK + 10)
        name = default_storage.save("tests/x.bin", ContentFile(data))
        path = media / name
        raw = bytearray(path.read_bytes())
        if damage == "flip":
            raw[crypto.FILE_HEADER_SIZE + crypto.FILE_CHUNK + 40] ^= 1
        elif damage == "truncate":
            del raw[-5:]
        elif damage == "drop_last_piece":
            del raw[-(10 + 16):]
        else:
            raw[20] ^= 1  # the salt: every piece authenticates the header
        path.write_bytes(bytes(raw))
        with pytest.raises(crypto.EncryptedFileError), default_storage.open(name) as handle:
            handle.read()


@pytest.mark.django_db
class TestDownload:
    def _serve(self, rf, owner, target, name="a.pdf"):
        request = rf.get("/download")
        request.user = AnonymousUser()
        return serve_private_file(request, obj=owner, field_file=target,
                                  content_type="application/pdf", file_name=name)

    def test_served_decrypted_with_the_plaintext_length(self, media, rf, django_user_model):
        owner = django_user_model.objects.create(username="owner")
        accepted = accept_upload(SimpleUploadedFile("scan.pdf", samples.pdf_with_metadata()),
                                 policy=UploadPolicy(types=frozenset({"pdf"})))
        target = field_file(owner)
        save_private_file(target, folder="tests/files", extension="pdf", data=accepted.data)
        response = self._serve(rf, owner, target)
        body = b"".join(response.streaming_content)
        assert body == accepted.data
        assert int(response["Content-Length"]) == len(accepted.data)
        assert hashlib.sha256(body).hexdigest() == accepted.sha256

    def test_an_old_plaintext_file_is_still_served(self, media, rf, django_user_model):
        owner = django_user_model.objects.create(username="owner")
        target = field_file(owner, plaintext_file(media, "cases/documents/2024/01/old.pdf",
                                                  samples.PDF))
        response = self._serve(rf, owner, target)
        assert b"".join(response.streaming_content) == samples.PDF
        assert int(response["Content-Length"]) == len(samples.PDF)


@pytest.mark.django_db
class TestCommands:
    def test_encrypt_private_files_is_idempotent(self, media):
        names = [plaintext_file(media, f"cases/evidence/2024/01/{n}.txt", MARKER + bytes([n]))
                 for n in range(3)]
        already = default_storage.save("cases/documents/new.txt", ContentFile(MARKER))
        before = (media / already).read_bytes()
        out = io.StringIO()

        call_command("encrypt_private_files", stdout=out)

        assert "4 file(s) checked, 3 encrypted, 1 already encrypted" in out.getvalue()
        assert (media / already).read_bytes() == before  # untouched
        for n, name in enumerate(names):
            assert MARKER not in (media / name).read_bytes()
            with default_storage.open(name) as handle:
                assert handle.read() == MARKER + bytes([n])
        again = io.StringIO()
        call_command("encrypt_private_files", stdout=again)
        assert "4 file(s) checked, 0 encrypted, 4 already encrypted" in again.getvalue()

    def test_an_interrupted_run_is_resumed_and_leaves_no_half_file(self, media, monkeypatch):
        names = [plaintext_file(media, f"imports/2024/01/{n}.csv", MARKER) for n in range(4)]
        rewrite = storage._rewrite_encrypted
        calls = {"n": 0}

        def crash_on_third(path):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt
            rewrite(path)

        monkeypatch.setattr(storage, "_rewrite_encrypted", crash_on_third)
        with pytest.raises(KeyboardInterrupt):
            call_command("encrypt_private_files", stdout=io.StringIO())
        monkeypatch.undo()
        encrypted = [n for n in names if (media / n).read_bytes().startswith(crypto.FILE_MAGIC)]
        assert len(encrypted) == 2
        call_command("encrypt_private_files", stdout=io.StringIO())
        for name in names:
            assert (media / name).read_bytes().startswith(crypto.FILE_MAGIC)
            with default_storage.open(name) as handle:
                assert handle.read() == MARKER
        assert not [p for p in media.rglob(".netra-enc-*")]

    def test_rotation_moves_every_file_to_the_newest_key(self, media, settings):
        names = [default_storage.save("cases/documents/d.pdf", ContentFile(MARKER * n))
                 for n in (1, 5000)]
        legacy = plaintext_file(media, "portal/messages/2024/01/old.txt", MARKER)
        settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
        out = io.StringIO()

        call_command("rotate_encryption_keys", stdout=out)

        assert "private files: 3 checked, 2 re-encrypted" in out.getvalue()
        settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B]  # the old key dropped
        for name, n in zip(names, (1, 5000), strict=True):
            assert crypto.file_key_id_current((media / name).read_bytes())
            with default_storage.open(name) as handle:
                assert handle.read() == MARKER * n
        assert (media / legacy).read_bytes() == MARKER  # plaintext: encrypt_private_files' job
        again = io.StringIO()
        call_command("rotate_encryption_keys", stdout=again)
        assert "private files: 3 checked, 0 re-encrypted" in again.getvalue()

    def test_a_file_no_key_opens_is_reported_and_the_others_still_rotate(self, media,
                                                                         settings):
        lost = default_storage.save("cases/documents/lost.pdf", ContentFile(MARKER))
        key_c = Fernet.generate_key().decode()
        settings.NETRA_FIELD_ENCRYPTION_KEYS = [key_c]
        kept = default_storage.save("cases/documents/kept.pdf", ContentFile(MARKER))
        lost_before = (media / lost).read_bytes()
        settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B, key_c]  # KEY_A was dropped too early
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="1 private file") as stopped:
            call_command("rotate_encryption_keys", stdout=io.StringIO())

        assert lost in str(stopped.value)
        assert "is an old key missing?" in str(stopped.value)
        assert (media / lost).read_bytes() == lost_before
        assert crypto.file_key_id_current((media / kept).read_bytes())


def test_no_application_code_reads_a_stored_file_by_its_path_on_disk():
    """On disk a stored file is ciphertext: code opens it through the storage
    (``field_file.open()``, ``read_private_file``), never through ``.path``."""
    import re

    import netra

    raw_access = re.compile(r"\.(file|pdf|xlsx|docx_file)\.path\b|storage\.path\(")
    root = Path(netra.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        and path != root / "core" / "storage.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if raw_access.search(line)
    ]
    assert found == []
