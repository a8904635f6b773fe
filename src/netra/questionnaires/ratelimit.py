"""Rate limit of the public response form (``netra.core.ratelimit``), per client address and
questionnaire, and per browser session and questionnaire.

The address limit is generous on purpose: at a socialization the whole room answers from the
venue's Wi-Fi, i.e. from one public address; the session limit catches one browser sending again
and again. Limits are settings ``(count, seconds)``: ``NETRA_QUESTIONNAIRE_RESPONSES_PER_IP`` and
``NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION``.
"""

from __future__ import annotations

from netra.core.ratelimit import over_limit, setting_limit

DEFAULTS = {
    "NETRA_QUESTIONNAIRE_RESPONSES_PER_IP": (300, 3600),
    "NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION": (20, 3600),
}


def limit_of(setting: str) -> tuple[int, int]:
    return setting_limit(setting, DEFAULTS[setting])


def response_over_limit(request, *, questionnaire_id: int) -> bool:
    """Count one posted response to the questionnaire and say whether this address or this
    session has sent more than its limit within the current window."""
    return over_limit(
        request, f"questionnaire:{questionnaire_id}",
        per_ip=limit_of("NETRA_QUESTIONNAIRE_RESPONSES_PER_IP"),
        per_session=limit_of("NETRA_QUESTIONNAIRE_RESPONSES_PER_SESSION"))
