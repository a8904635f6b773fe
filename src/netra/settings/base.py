"""Base settings: everything comes from the environment through one django-environ ``Env``.

With nothing set, Netra runs embedded: a SQLite file under ``NETRA_DATA_DIR`` and Celery tasks
running inline. ``.env`` in the working directory is read only if present; the real environment
wins.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if Path(".env").is_file():
    environ.Env.read_env(".env", overwrite=False)

DATA_DIR = Path(env.str("NETRA_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY", default="insecure-embedded-default-key-change-me-for-any-real-deployment-0000"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _database_config() -> dict:
    """Read ``DATABASE_URL``; refuse a malformed one with a clear, bilingual message."""
    default = f"sqlite:///{DATA_DIR / 'netra.sqlite3'}"
    raw = env.str("DATABASE_URL", default=default)
    if "://" not in raw:
        raise ImproperlyConfigured(
            f"DATABASE_URL tidak valid / is not valid: {raw!r} (no scheme://). "
            "Contoh / example: postgres://user:password@localhost:5432/netra "
            "atau / or sqlite:////path/netra.sqlite3"
        )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL tidak valid / is not valid: {raw!r} ({exc}). "
            "Contoh / example: postgres://user:password@localhost:5432/netra "
            "atau / or sqlite:////path/netra.sqlite3"
        ) from exc
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL tidak didukung / is not supported: {raw!r}. "
            "Netra berjalan di PostgreSQL atau SQLite / Netra runs on PostgreSQL or SQLite."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL tidak menyebut nama basis data / names no database: {raw!r}"
        )
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config.setdefault("OPTIONS", {})
        # WAL + a busy timeout let the web process and inline tasks share the embedded file.
        config["OPTIONS"].setdefault("timeout", 20)
        config["OPTIONS"].setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        )
        config["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    else:
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "modeltranslation",  # per-language catalogue columns; must precede admin (issue #15.4)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "auditlog",
    "netra.core",
    "netra.documents",  # shared document generation (H3)
    "netra.files",  # shared file intake, private storage, audited downloads (H4)
    "netra.imports",  # shared CSV/XLSX imports with progress and per-row errors
    "netra.notifications",  # in-app notifications with unread counts (issue #15.7)
    "netra.regions",
    "netra.orgs",
    "netra.accounts",
    "netra.elections",
    "netra.rules",
    "netra.cases",
    # Modules on top of case handling (issues #16-#20); each owns its app.
    "netra.knowledge",
    "netra.portal",
    "netra.monitoring",
    "netra.prevention",
    "netra.questionnaires",
    "netra.risk",
    # Staff authentication (ADR 0005): lockouts and two-factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # staff authentication (ADR 0005)
    "netra.accounts.middleware.UserLanguageMiddleware",
    "netra.accounts.middleware.OtpRequiredMiddleware",  # staff authentication (ADR 0005)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "netra.core.middleware.RequestIdMiddleware",
    "netra.core.middleware.AuditlogMiddleware",  # client address as lockouts see it
    "axes.middleware.AxesMiddleware",  # staff authentication (ADR 0005); keep it last
]

ROOT_URLCONF = "netra.urls"
WSGI_APPLICATION = "netra.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netra.core.context_processors.netra",
                "netra.notifications.context_processors.header",  # header link, no query
            ],
        },
    },
]

# --- Staff authentication (netra.accounts.security, ADR 0005) ------------------------------
# Passwords: at least 12 characters, not a common password, not only digits, not like the
# username, name or e-mail (Django's validators; their messages ship in Indonesian).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout (django-axes): NETRA_LOGIN_FAILURE_LIMIT failed sign-ins lock the account and, as a
# separate count, the client address for NETRA_LOGIN_COOLOFF_MINUTES; staff login, admin login
# and API tokens all count. Unlock: "Staff → Locked sign-ins" or `netra axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked accounts/addresses first
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env.int("NETRA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("NETRA_LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = "netra.accounts.security.lockout_parameters"
AXES_USERNAME_CALLABLE = "netra.accounts.security.attempted_username"
AXES_CLIENT_IP_CALLABLE = "netra.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "netra.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = False  # a success from a shared address must not erase others' failures
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged as warnings
# Reverse proxies in front of Netra that append to X-Forwarded-For (0: use REMOTE_ADDR).
NETRA_TRUSTED_PROXIES = env.int("NETRA_TRUSTED_PROXIES", default=0)
# Two-factor (django-otp, TOTP + recovery codes): required for the roles in
# netra.accounts.security.OTP_REQUIRED_ROLES. NETRA_OTP_REQUIRED=false only for demos.
NETRA_OTP_REQUIRED = env.bool("NETRA_OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Netra"
# --- end staff authentication --------------------------------------------------------------

# Language: Bahasa Indonesia by default, English switchable per user.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# --- Rule catalogue in both languages (django-modeltranslation, issue #15.4) ---------------
# rules/translation.py registers the catalogue's text fields; each gets name_ind and name_en
# columns and ``name`` reads the active language, falling back to Indonesian, then English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "id"
MODELTRANSLATION_LANGUAGES = ("id", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("id", "en")
# --- end rule catalogue languages ----------------------------------------------------------
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    # Private files encrypted at rest (netra.core.storage, docs/files.md).
    "default": {"BACKEND": "netra.core.storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded evidence lives outside the web root and is served only through authorised views.
MEDIA_ROOT = DATA_DIR / "private"
MEDIA_URL = "/_private/"

# Background work: Celery with Redis; inline when no REDIS_URL is configured.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("NETRA_TASKS_INLINE", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = env.str(
    "NETRA_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="netra@localhost")

# Audit trail (django-auditlog): correlation id of the request recorded on every entry.
AUDITLOG_CID_HEADER = "X-Request-ID"
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_CID_GETTER = "netra.core.request_context.current_request_id"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("NETRA_SESSION_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING: dict[str, Any] = {  # typed so the axes logger can be added below
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("NETRA_LOG_LEVEL", default="INFO")},
}
# django-axes logs every attempt at INFO; its lockout warnings are what operators need (ADR 0005).
LOGGING.setdefault("loggers", {})["axes"] = {"level": "WARNING"}
# --- Document renderer noise (P5) ---------------------------------------------------------------
# WeasyPrint logs its layout steps ("Step 1 - Fetching and parsing HTML ...") at INFO on every
# PDF, and fontTools logs font subsetting at INFO: keep both to warnings and errors.
for _noisy in ("weasyprint", "weasyprint.progress", "fontTools", "fontTools.subset"):
    LOGGING["loggers"][_noisy] = {"level": "WARNING"}
# --- end document renderer noise ---------------------------------------------------------------

# --- Identity encryption (netra.core.crypto, ADR 0004) -------------------------------------
# Reporter and witness identity are encrypted at rest with keys of their own, never SECRET_KEY:
# NETRA_FIELD_ENCRYPTION_KEYS is a comma-separated list of Fernet keys, newest first (encrypt with
# the first, decrypt with any; `netra rotate_encryption_keys` re-encrypts with the first). Unset
# (embedded demo and tests only), a key is generated once in NETRA_DATA_DIR/field-keys (0600);
# production settings refuse to start without it.
NETRA_DATA_DIR = DATA_DIR
NETRA_FIELD_ENCRYPTION_KEYS = env.list("NETRA_FIELD_ENCRYPTION_KEYS", default=[])
# Legacy key derivation (SECRET_KEY + SECRET_KEY_FALLBACKS + these salts), read only by the cases
# migration 0006 that re-encrypts data written before the keys above existed.
SALT_KEY = env.list("NETRA_FIELD_SALTS", default=["netra-identity-v1"])
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# --- end identity encryption ---------------------------------------------------------------

CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {
        "task": "cases.send_deadline_reminders",
        "schedule": env.int("NETRA_REMINDER_INTERVAL_SECONDS", default=24 * 3600),
    },
}

# --- File intake (netra.files) -------------------------------------------------------------
# Defaults of every module's upload policy: bytes per file, files per case (or per activity …),
# and pixels per image, checked from the header before an image is decoded (40 megapixels is a
# 7,300 × 5,500 photo; a decoded 40 MP RGB image takes about 120 MB).
NETRA_UPLOAD_MAX_BYTES = env.int("NETRA_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
NETRA_UPLOAD_MAX_FILES = env.int("NETRA_UPLOAD_MAX_FILES", default=30)
NETRA_UPLOAD_MAX_PIXELS = env.int("NETRA_UPLOAD_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# --- end file intake -----------------------------------------------------------------------

# Netra's own knobs.
NETRA_DEMO_PASSWORD = env.str("NETRA_DEMO_PASSWORD", default="netra-demo-2024")

# --- Content-Security-Policy (django-csp 4), offline API docs, API housekeeping (H6) -------
# Every response carries the policy. No inline script, style or event handler anywhere: page
# behaviour is in static files (netra/netra.js), htmx's indicator styles are in netra.css
# (htmx-config meta), and Swagger UI is served from django-ninja's own static files ("ninja").
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp", "ninja"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Session cookies that Django never issued (NUL characters, junk) are no session, not a 500.
SESSION_ENGINE = "netra.core.sessions"
# Idempotency keys of creating API requests are kept 24 hours; purge them hourly.
CELERY_BEAT_SCHEDULE["purge-idempotency-keys"] = {
    "task": "core.purge_idempotency_keys",
    "schedule": 3600,
}
# --- end CSP / API -------------------------------------------------------------------------

# --- Prevention (netra.prevention, issue #18) ----------------------------------------------
# A KPP cadre is active when they recorded an activity or report within the last N months;
# budget lines below LOW or above HIGH percent realization are flagged. Inactive cadres are
# reminded on the interval below (celery beat).
NETRA_PREVENTION_CADRE_ACTIVE_MONTHS = env.int("NETRA_PREVENTION_CADRE_ACTIVE_MONTHS", default=6)
NETRA_PREVENTION_BUDGET_LOW_PERCENT = env.int("NETRA_PREVENTION_BUDGET_LOW_PERCENT", default=50)
NETRA_PREVENTION_BUDGET_HIGH_PERCENT = env.int("NETRA_PREVENTION_BUDGET_HIGH_PERCENT", default=100)
# A letter run is shared among this many Celery tasks (one per worker core).
NETRA_PREVENTION_LETTER_SHARDS = env.int("NETRA_PREVENTION_LETTER_SHARDS", default=2)
# Processes laying out one task's letters; 0 = every core when Celery runs inline (embedded),
# 1 on Celery workers (the shards already spread the run over the workers).
NETRA_PREVENTION_LETTER_PROCESSES = env.int("NETRA_PREVENTION_LETTER_PROCESSES", default=0)
CELERY_BEAT_SCHEDULE["prevention-remind-inactive-cadres"] = {
    "task": "prevention.remind_inactive_cadres",
    "schedule": env.int("NETRA_PREVENTION_REMINDER_SECONDS", default=7 * 24 * 3600),
}
# --- end prevention ------------------------------------------------------------------------

# --- Questionnaires (netra.questionnaires, issue #19) --------------------------------------
# Public response form: posts per client address and per session, per questionnaire, as
# "count,seconds". Generous per address: a whole room answers through the venue's Wi-Fi.
NETRA_QUESTIONNAIRE_RESPONSES_PER_IP = tuple(env.list(
    "NETRA_QUESTIONNAIRE_RESPONSES_PER_IP", cast=int, default=[300, 3600]))
NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION = tuple(env.list(
    "NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION", cast=int, default=[20, 3600]))
# --- end questionnaires ----------------------------------------------------------------------

# --- Public portal (netra.portal, issue #16) ----------------------------------------------
# Rate limits as "count,seconds" (Django cache): submissions per client address and per
# session, wrong receipt codes per address, reporter messages per address. Evidence files per
# report. Transparency counts below NETRA_PUBLIC_MIN_COUNT are suppressed.
NETRA_PORTAL_SUBMIT_PER_IP = tuple(env.list("NETRA_PORTAL_SUBMIT_PER_IP", cast=int,
                                            default=[20, 3600]))
NETRA_PORTAL_SUBMIT_PER_SESSION = tuple(env.list("NETRA_PORTAL_SUBMIT_PER_SESSION", cast=int,
                                                 default=[5, 3600]))
NETRA_PORTAL_LOOKUP_PER_IP = tuple(env.list("NETRA_PORTAL_LOOKUP_PER_IP", cast=int,
                                            default=[10, 900]))
NETRA_PORTAL_MESSAGE_PER_IP = tuple(env.list("NETRA_PORTAL_MESSAGE_PER_IP", cast=int,
                                             default=[30, 3600]))
NETRA_PORTAL_MAX_FILES = env.int("NETRA_PORTAL_MAX_FILES", default=5)
NETRA_PUBLIC_MIN_COUNT = env.int("NETRA_PUBLIC_MIN_COUNT", default=3)
# A report's case is opened by a task after the submission commits; this sweeper queues again
# the ones a dead worker or a lost message left without their case.
CELERY_BEAT_SCHEDULE["portal-requeue-pending-intakes"] = {
    "task": "portal.requeue_pending_intakes",
    "schedule": env.int("NETRA_PORTAL_SWEEP_SECONDS", default=300),
}
# --- end portal ----------------------------------------------------------------------------

# --- Notifications (netra.notifications, cases.notifications; issue #15.7) -------------------
# The address users open Netra at: e-mails link to pages with absolute URLs built from it.
NETRA_BASE_URL = env.str("NETRA_BASE_URL", default="http://localhost:8000").rstrip("/")
# --- end notifications ---------------------------------------------------------------------

# --- Risk (netra.risk, issue #20) -------------------------------------------------------------
# The Laporan Komprehensif PDF lists at most this many registered cases one by one; past it the
# PDF summarises them by category and points to the XLSX, which always lists every case.
NETRA_RISK_REPORT_PDF_CASE_LIMIT = env.int("NETRA_RISK_REPORT_PDF_CASE_LIMIT", default=100)
# --- end risk ------------------------------------------------------------------------------
