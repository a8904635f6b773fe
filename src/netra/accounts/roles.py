"""The role → action table: the one place that says what each role may do.

A membership (organisation + role) gives its holder the role's actions inside the organisation's
jurisdiction subtree. Roles whose ``geographic`` flag is off (recipient-agency officers) get no
geographic scope: they see only what is assigned to their organisation, which each model's
queryset expresses in ``assigned_q`` (see ``netra.core.scoping``).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COMMISSIONER = "commissioner", _("Commissioner")
    HANDLING_STAFF = "handling_staff", _("Violation-handling staff")
    PREVENTION_STAFF = "prevention_staff", _("Prevention staff")
    FIELD_SUPERVISOR = "field_supervisor", _("Field supervisor")
    RECIPIENT_OFFICER = "recipient_officer", _("Recipient-agency officer")
    ANALYST = "analyst", _("Analyst")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    CHANGE = "change", _("Change")
    ADMINISTER = "administer", _("Administer organisations and staff")
    EXPORT = "export", _("Export")
    DECIDE = "decide", _("Decide in plenary")
    RESPOND = "respond", _("Respond to recommendations")


@dataclass(frozen=True)
class RoleSpec:
    actions: frozenset[str]
    geographic: bool = True


V, C, A, E, D, R = (
    Action.VIEW,
    Action.CHANGE,
    Action.ADMINISTER,
    Action.EXPORT,
    Action.DECIDE,
    Action.RESPOND,
)

ROLE_TABLE: dict[str, RoleSpec] = {
    Role.ADMINISTRATOR: RoleSpec(frozenset({V, C, A, E})),
    Role.COMMISSIONER: RoleSpec(frozenset({V, C, E, D})),
    Role.HANDLING_STAFF: RoleSpec(frozenset({V, C, E})),
    Role.PREVENTION_STAFF: RoleSpec(frozenset({V, C, E})),
    Role.FIELD_SUPERVISOR: RoleSpec(frozenset({V, C})),
    Role.RECIPIENT_OFFICER: RoleSpec(frozenset({V, R}), geographic=False),
    Role.ANALYST: RoleSpec(frozenset({V, E})),
}


def role_allows(role: str, action: str) -> bool:
    spec = ROLE_TABLE.get(role)
    return bool(spec and action in spec.actions)


def is_geographic(role: str) -> bool:
    spec = ROLE_TABLE.get(role)
    return bool(spec and spec.geographic)
