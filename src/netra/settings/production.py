"""Production settings: PostgreSQL, Redis, HTTPS. Secrets must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from netra.core.keys import parse_keys

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SECURE_SSL_REDIRECT = env.bool("NETRA_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("NETRA_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("NETRA_HSTS_PRELOAD", default=True)
EMAIL_BACKEND = env.str(
    "NETRA_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)

# Identity encryption keys (ADR 0004): required, and never derived from SECRET_KEY.
NETRA_FIELD_ENCRYPTION_KEYS = env.list("NETRA_FIELD_ENCRYPTION_KEYS", default=[])
if not NETRA_FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "NETRA_FIELD_ENCRYPTION_KEYS wajib diisi / is required with production settings: a "
        "comma-separated list of Fernet keys, newest first, used to encrypt reporter and witness "
        "identity. Create a key with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'"
    )
NETRA_FIELD_ENCRYPTION_KEYS = parse_keys(NETRA_FIELD_ENCRYPTION_KEYS)

# Staff authentication (ADR 0005): production runs behind one TLS-terminating reverse proxy that
# appends the client address to X-Forwarded-For; lockouts count that address, not the proxy's.
NETRA_TRUSTED_PROXIES = env.int("NETRA_TRUSTED_PROXIES", default=1)
