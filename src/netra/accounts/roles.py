"""Roles and the role → action table: the one reviewed place that says what each role may do.

A membership (organisation + role) gives its holder the role's actions inside the organisation's
jurisdiction subtree. Roles whose ``geographic`` flag is off (recipient-agency officers) get no
geographic scope: they see only what is assigned to their organisation, which each model's
queryset expresses in ``assigned_q`` (see ``netra.core.scoping``).

Actions are namespaced per app (``cases.change``, ``orgs.administer``); each app declares its own
in ``<app>/permissions.py``. This table names them as strings so that ``accounts`` depends on no
app above it; the ``netra.E001``/``E002`` system checks keep the table and the declarations in
step. A module added later (prevention, monitoring …) declares its actions and gets a line in
this table: a role not listed for it gains nothing there.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.orgs.choices import RECIPIENT_KINDS, SUPERVISORY_KINDS


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COMMISSIONER = "commissioner", _("Commissioner")
    HANDLING_STAFF = "handling_staff", _("Violation-handling staff")
    PREVENTION_STAFF = "prevention_staff", _("Prevention staff")
    FIELD_SUPERVISOR = "field_supervisor", _("Field supervisor")
    RECIPIENT_OFFICER = "recipient_officer", _("Recipient-agency officer")
    ANALYST = "analyst", _("Analyst")


@dataclass(frozen=True)
class RoleSpec:
    actions: frozenset[str]
    geographic: bool = True


def _actions(*names: str) -> frozenset[str]:
    return frozenset(names)


# Read-only reference data every staff role sees in its jurisdiction.
_REFERENCE = ("orgs.view", "accounts.view", "elections.view")
_EXPORT_REFERENCE = ("orgs.export", "accounts.export")

ROLE_TABLE: dict[str, RoleSpec] = {
    Role.ADMINISTRATOR: RoleSpec(_actions(
        *_REFERENCE, *_EXPORT_REFERENCE,
        "orgs.administer", "accounts.administer", "elections.administer",
        "core.audit_details",
        "cases.view", "cases.change", "cases.export",
    )),
    Role.COMMISSIONER: RoleSpec(_actions(
        *_REFERENCE, *_EXPORT_REFERENCE,
        "cases.view", "cases.change", "cases.export", "cases.decide",
    )),
    Role.HANDLING_STAFF: RoleSpec(_actions(
        *_REFERENCE, *_EXPORT_REFERENCE,
        "cases.view", "cases.change", "cases.export",
    )),
    # Prevention staff read cases (to plan prevention) but never handle them.
    Role.PREVENTION_STAFF: RoleSpec(_actions(
        *_REFERENCE, *_EXPORT_REFERENCE,
        "cases.view", "cases.export",
    )),
    Role.FIELD_SUPERVISOR: RoleSpec(_actions(
        *_REFERENCE,
        "cases.view", "cases.change",
    )),
    Role.RECIPIENT_OFFICER: RoleSpec(_actions(
        *_REFERENCE,
        "cases.view", "cases.respond",
    ), geographic=False),
    Role.ANALYST: RoleSpec(_actions(
        *_REFERENCE, *_EXPORT_REFERENCE,
        "cases.view", "cases.export",
    )),
}

# --- Modules on top of case handling (issues #16-#20) ----------------------------------------
# One block per module: role → the module's actions. Merged into ROLE_TABLE below, so the whole
# mapping is still reviewed here. Recipient-agency officers get nothing in these modules.
_STAFF = (Role.ADMINISTRATOR, Role.COMMISSIONER, Role.HANDLING_STAFF, Role.PREVENTION_STAFF,
          Role.FIELD_SUPERVISOR, Role.ANALYST)

MODULE_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    # Regulation knowledge base (#16): administrators keep the catalogue; reading it is public.
    "knowledge": {
        Role.ADMINISTRATOR: ("knowledge.administer",),
    },
    # Public portal (#16): the case handlers answer reporters.
    "portal": {
        Role.COMMISSIONER: ("portal.respond",),
        Role.HANDLING_STAFF: ("portal.respond",),
        Role.FIELD_SUPERVISOR: ("portal.respond",),
    },
    # Social-media monitoring (#17): field supervisors and handlers watch accounts; triage raises
    # cases, so only case-handling roles confirm or dismiss hits.
    "monitoring": {
        **{role: ("monitoring.view",) for role in _STAFF},
        Role.ADMINISTRATOR: ("monitoring.view", "monitoring.change"),
        Role.HANDLING_STAFF: ("monitoring.view", "monitoring.change", "monitoring.triage"),
        Role.FIELD_SUPERVISOR: ("monitoring.view", "monitoring.change", "monitoring.triage"),
        Role.COMMISSIONER: ("monitoring.view", "monitoring.triage"),
    },
    # Prevention (#18): prevention staff run it, village-level supervisors (PKD) record their part.
    "prevention": {
        **{role: ("prevention.view",) for role in _STAFF},
        Role.ADMINISTRATOR: ("prevention.view", "prevention.change"),
        Role.PREVENTION_STAFF: ("prevention.view", "prevention.change"),
        Role.FIELD_SUPERVISOR: ("prevention.view", "prevention.change"),
    },
    # Questionnaires (#19): prevention staff build and import; everyone on staff reads results.
    "questionnaires": {
        **{role: ("questionnaires.view",) for role in _STAFF},
        Role.ADMINISTRATOR: ("questionnaires.view", "questionnaires.change"),
        Role.PREVENTION_STAFF: ("questionnaires.view", "questionnaires.change"),
    },
    # Vulnerability index, evaluation and the comprehensive report (#20).
    "risk": {
        **{role: ("risk.view",) for role in _STAFF},
        Role.ADMINISTRATOR: ("risk.view", "risk.change", "risk.report"),
        Role.COMMISSIONER: ("risk.view", "risk.change", "risk.report"),
        Role.ANALYST: ("risk.view", "risk.change", "risk.report"),
    },
}

for _grants in MODULE_GRANTS.values():
    for _role, _module_actions in _grants.items():
        _spec = ROLE_TABLE[_role]
        ROLE_TABLE[_role] = RoleSpec(_spec.actions | frozenset(_module_actions), _spec.geographic)

_SUPERVISOR_ROLES = frozenset(Role.values) - {Role.RECIPIENT_OFFICER}

# Which roles a membership in an organisation of each kind may carry.
KIND_ROLES: dict[str, frozenset[str]] = {
    **{kind: _SUPERVISOR_ROLES for kind in SUPERVISORY_KINDS},
    **{kind: frozenset({Role.RECIPIENT_OFFICER, Role.ADMINISTRATOR}) for kind in RECIPIENT_KINDS},
}


def role_actions(role: str) -> frozenset[str]:
    spec = ROLE_TABLE.get(role)
    return spec.actions if spec else frozenset()


def role_allows(role: str, action: str) -> bool:
    return action in role_actions(role)


def is_geographic(role: str) -> bool:
    spec = ROLE_TABLE.get(role)
    return bool(spec and spec.geographic)


def roles_with(action: str) -> frozenset[str]:
    """Roles whose table row grants ``action``."""
    return frozenset(role for role, spec in ROLE_TABLE.items() if action in spec.actions)
