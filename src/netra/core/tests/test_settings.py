"""Settings read from the environment: clear refusals, and a clean ``check --deploy``.

Each case runs in a fresh interpreter, because settings are read once per process.
"""

import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

SETUP = "import django; django.setup(); from django.db import connection; print(connection.vendor)"


# Inherited values that would change what is tested. DJANGO_ALLOW_ASYNC_UNSAFE is set by the
# browser tests in this process and is not a deployment value (check --deploy refuses it).
CLEARED = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "NETRA_FIELD_ENCRYPTION_KEYS",
}


def _env(tmp_path, **values: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CLEARED}
    env["NETRA_DATA_DIR"] = str(tmp_path / "var")
    env.update(values)
    return env


def _run(args: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres//broken", "DATABASE_URL tidak valid / is not valid: 'postgres//broken'"),
        ("mysql://x/y", "DATABASE_URL tidak didukung / is not supported: 'mysql://x/y'"),
        ("postgres://u:p@db:notaport/netra", "DATABASE_URL tidak valid / is not valid"),
        ("postgres://", "DATABASE_URL tidak menyebut nama basis data / names no database"),
    ],
)
def test_malformed_database_url_is_refused_clearly(tmp_path, url, message):
    env = _env(tmp_path, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="netra.settings.base")
    proc = _run([sys.executable, "-c", SETUP], env, tmp_path)
    assert proc.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in proc.stderr
    assert message in proc.stderr


def test_without_database_url_netra_runs_on_embedded_sqlite(tmp_path):
    env = _env(tmp_path, DJANGO_SETTINGS_MODULE="netra.settings.base")
    proc = _run([sys.executable, "-c", SETUP], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "sqlite"
    assert (tmp_path / "var").is_dir()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = _env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="netra.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="netra.example.org",
        NETRA_FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    proc = _run([sys.executable, "-m", "netra", "check", "--deploy"], env, tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _env(
        tmp_path, DJANGO_SETTINGS_MODULE="netra.settings.production", ALLOWED_HOSTS="x.example"
    )
    proc = _run([sys.executable, "-m", "netra", "check"], env, tmp_path)
    assert proc.returncode != 0
    assert "Set the SECRET_KEY environment variable" in proc.stderr
