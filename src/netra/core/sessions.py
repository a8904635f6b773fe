"""Session engine: Django's database sessions, refusing session keys Django never issues.

Django's keys are 32 lowercase letters and digits; a cookie carrying anything else (a NUL
character, which PostgreSQL refuses in a query, or other junk) is treated as no session instead
of reaching the database and failing the request with a server error.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(
            super()._validate_session_key(key)
            and len(key) <= 40
            and key.isascii()
            and key.isalnum()
        )
