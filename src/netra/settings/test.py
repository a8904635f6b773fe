"""Test settings: same as base, with fast hashing and inline tasks unless a test asks for Redis."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import REDIS_URL, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    # Private files encrypted at rest (netra.core.storage, docs/files.md).
    "default": {"BACKEND": "netra.core.storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
NETRA_CHROMIUM = env.str("NETRA_CHROMIUM", default="/usr/bin/chromium")
# Static files come from the app finders in tests; no collected STATIC_ROOT needed.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# --- Staff authentication (ADR 0005) -------------------------------------------------------
# Lockouts stay on (django-axes); the two-factor requirement is off so that tests signing in with
# force_login are untouched. Tests of the requirement turn it on with the ``settings`` fixture.
AXES_ENABLED = True
NETRA_OTP_REQUIRED = False
# --- end staff authentication --------------------------------------------------------------

# --- Parallel workers (pytest-xdist) ---------------------------------------------------------
# With REDIS_URL set the cache is Redis. Each worker keeps its cache in its own Redis database
# (gw0 -> 1, gw1 -> 2, ...), away from the Celery broker on the URL's own database: a test that
# clears the cache (FLUSHDB) must not empty the other worker's rate-limit counters or the queue
# of the real Celery test.
if REDIS_URL:
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _db = 1 + int(_worker.removeprefix("gw") or 0)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{_db}")),
        }
    }

# --- Private files --------------------------------------------------------------------------
# Tests store evidence, documents and uploads; without a MEDIA_ROOT of their own they used to
# write into the developer's ``var/private``. Each test process gets a throwaway directory,
# removed when the process ends; tests that inspect the files still set their own ``tmp_path``.
# A process given its own ``NETRA_DATA_DIR`` (the backup/restore test's subprocesses) keeps
# ``NETRA_DATA_DIR/private``, so that one process finds the files another stored.
if "NETRA_DATA_DIR" not in os.environ:
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="netra-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
