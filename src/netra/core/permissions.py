"""Actions, namespaced per app (``cases.view``, ``orgs.administer``, ``prevention.change`` …).

Each app declares the actions it checks in its own ``permissions.py`` as a ``TextChoices`` whose
values are ``"<app>.<verb>"`` and registers it from ``AppConfig.ready`` with
:func:`register_actions`. Which role may do what is one table, ``netra.accounts.roles.ROLE_TABLE``,
written with these strings; a system check (``netra.E001``/``E002``) fails when the table names an
action no app declares, or an app declares an action no role is given.

``core`` knows no app: it only keeps the registry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

_declared: dict[str, str] = {}  # action → label (lazy)


class CoreAction(models.TextChoices):
    """What ``core`` itself checks."""

    AUDIT_DETAILS = "core.audit_details", _(
        "See IP addresses, request paths and request ids in change histories"
    )


def register_actions(choices: type[models.TextChoices]) -> None:
    """Declare an app's actions (idempotent). Values must be ``"<app>.<verb>"``."""
    for value, label in choices.choices:
        app, sep, verb = str(value).partition(".")
        if not (sep and app and verb):
            raise ValueError(f"action {value!r} is not namespaced as '<app>.<verb>'")
        _declared[str(value)] = label


def declared_actions() -> dict[str, str]:
    """Every declared action with its label."""
    return dict(_declared)


def action_label(action: str) -> str:
    return str(_declared.get(action, action))
