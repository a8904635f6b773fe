"""Identity encryption keys: their own variable, a generated embedded key, rotation (ADR 0004)."""

import io
import os
import stat
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from netra.cases.models import Reporter, Witness
from netra.cases.services import ReporterInput
from netra.cases.tests.factories import build_world, open_report
from netra.core import crypto

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def world(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"  # rotation walks the private files too
    return build_world()


def test_data_written_under_a_survives_rotation_to_b(world, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(crypto, "_file_sources", [])
    settings.MEDIA_ROOT = tmp_path
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_A]
    case = open_report(world, reporters=[ReporterInput(name="Siti Pelapor", nik="3673014101900001",
                                                       phone="081234567890")])
    reporter = Reporter.objects.get(case=case)
    witness = Witness.objects.create(case=case, name="Budi Saksi", contact="0812-1")
    stored = tmp_path / "identity.bin"
    stored.write_bytes(crypto.encrypt_bytes(b"receipt naming Siti Pelapor"))
    crypto.register_encrypted_files(lambda: [stored])
    assert Fernet(KEY_A).decrypt(raw("cases_reporter", "nik", reporter.pk).encode())

    # A new key in front: old data is still readable, new writes use the new key.
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert Reporter.objects.get(pk=reporter.pk).nik == "3673014101900001"
    assert crypto.decrypt_bytes(stored.read_bytes()) == b"receipt naming Siti Pelapor"

    call_command("rotate_encryption_keys", "--batch-size", "1", stdout=io.StringIO())

    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B]
    again = Reporter.objects.get(pk=reporter.pk)
    assert (again.name, again.nik, again.phone) == ("Siti Pelapor", "3673014101900001",
                                                    "081234567890")
    assert again.address is None  # an empty value stays NULL
    assert Witness.objects.get(pk=witness.pk).contact == "0812-1"
    assert crypto.decrypt_bytes(stored.read_bytes()) == b"receipt naming Siti Pelapor"
    assert Fernet(KEY_B).decrypt(raw("cases_witness", "name", witness.pk).encode()) == b"Budi Saksi"


def test_rotation_is_idempotent_and_reports_progress(world, settings, capsys):
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_A]
    case = open_report(world)
    before = raw("cases_reporter", "name", Reporter.objects.get(case=case).pk)
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    call_command("rotate_encryption_keys")
    first = capsys.readouterr().out
    after = raw("cases_reporter", "name", Reporter.objects.get(case=case).pk)
    assert after != before
    assert "cases.Reporter: 1 row(s) checked, 5 value(s) re-encrypted" in first

    call_command("rotate_encryption_keys")  # run again (e.g. after an interruption)
    second = capsys.readouterr().out
    assert raw("cases_reporter", "name", Reporter.objects.get(case=case).pk) == after
    assert "0 value(s) re-encrypted" in second


def test_rotation_refuses_data_no_key_opens(world, settings):
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_A]
    open_report(world)
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_B]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is an old key missing"):
        call_command("rotate_encryption_keys", stdout=io.StringIO())


def test_keys_are_not_derived_from_the_secret_key(world, settings):
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_A]
    case = open_report(world)
    token = raw("cases_reporter", "name", Reporter.objects.get(case=case).pk)
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789-abcdefghijklmnopqrstuvwxyz"
    assert Reporter.objects.get(case=case).name == "Siti Pelapor"
    assert Fernet(KEY_A).decrypt(token.encode()) == b"Siti Pelapor"


def test_embedded_key_is_generated_once_with_mode_0600(settings, tmp_path):
    settings.NETRA_FIELD_ENCRYPTION_KEYS = []
    settings.NETRA_DATA_DIR = tmp_path
    token = crypto.encrypt_bytes(b"x")
    path = tmp_path / "field-keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text().strip()
    assert Fernet(key).decrypt(token) == b"x"
    crypto._embedded_keys.cache_clear()
    assert crypto.decrypt_bytes(token) == b"x"  # read back, not regenerated
    assert path.read_text().strip() == key


def test_a_malformed_key_is_refused_clearly(settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="key number 2 is not a valid Fernet key"):
        crypto.parse_keys(f"{KEY_A},not-a-key")


def test_production_settings_refuse_to_start_without_keys(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NETRA_FIELD_ENCRYPTION_KEYS"}
    env.update(DJANGO_SETTINGS_MODULE="netra.settings.production", SECRET_KEY="s" * 60,
               ALLOWED_HOSTS="netra.example.org", NETRA_DATA_DIR=str(tmp_path / "var"))
    proc = subprocess.run([sys.executable, "-m", "netra", "check"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode != 0
    assert "NETRA_FIELD_ENCRYPTION_KEYS wajib diisi / is required" in proc.stderr


def test_migration_reencrypts_legacy_ciphertext(world, settings):
    """Data written under the old SECRET_KEY derivation is converted by migration 0006."""
    import importlib

    migration = importlib.import_module("netra.cases.migrations.0006_identity_encryption_keys")
    settings.NETRA_FIELD_ENCRYPTION_KEYS = [KEY_A]
    case = open_report(world)
    pk = Reporter.objects.get(case=case).pk
    legacy = migration._legacy_fernet().encrypt(b"Legacy Pelapor").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_reporter SET name = %s WHERE id = %s", [legacy, pk])

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.forwards(None, editor)
    assert Fernet(KEY_A).decrypt(raw("cases_reporter", "name", pk).encode()) == b"Legacy Pelapor"
    migration.forwards(None, editor)  # re-running changes nothing
    assert Reporter.objects.get(pk=pk).name == "Legacy Pelapor"
