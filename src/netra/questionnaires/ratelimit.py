"""Rate limit of the public response form: fixed windows in the Django cache, per client address
and questionnaire, and per browser session and questionnaire.

The same approach as ``netra.portal.ratelimit`` (which questionnaires may not import: the two
apps are independent siblings in the import layers). The address limit is generous on purpose:
at a socialization the whole room answers from the venue's Wi-Fi, i.e. from one public address;
the session limit catches one browser sending again and again. Limits are settings
``(count, seconds)``: ``NETRA_QUESTIONNAIRE_RESPONSES_PER_IP`` and
``NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from netra.core.http import client_ip

DEFAULTS = {
    "NETRA_QUESTIONNAIRE_RESPONSES_PER_IP": (300, 3600),
    "NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION": (20, 3600),
}


def limit_of(setting: str) -> tuple[int, int]:
    value = getattr(settings, setting, None) or DEFAULTS[setting]
    return int(value[0]), int(value[1])


def _bucket(setting: str, scope: str, ident: str, window: int) -> str:
    return f"netra:questionnaires:rl:{setting}:{scope}:{ident}:{int(time.time()) // window}"


def _add(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def _session_ident(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or "-"


def response_over_limit(request, *, questionnaire_id: int) -> bool:
    """Count one posted response to the questionnaire and say whether this address or this
    session has sent more than its limit within the current window."""
    scope = str(questionnaire_id)
    exceeded = False
    for setting, ident in (
        ("NETRA_QUESTIONNAIRE_RESPONSES_PER_IP", client_ip(request) or "-"),
        ("NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION", _session_ident(request)),
    ):
        limit, window = limit_of(setting)
        if _add(_bucket(setting, scope, ident, window), window) > limit:
            exceeded = True
    return exceeded
