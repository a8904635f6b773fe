"""Test settings: same as base, with fast hashing and inline tasks unless a test asks for Redis."""

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
