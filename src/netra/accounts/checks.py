"""System checks that keep the role table and the apps' declared actions in step."""

from django.core import checks

from netra.core.permissions import declared_actions

from .roles import ROLE_TABLE


@checks.register()
def role_table_matches_declared_actions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    declared = set(declared_actions())
    granted = {action for spec in ROLE_TABLE.values() for action in spec.actions}
    errors: list[checks.CheckMessage] = [
        checks.Error(
            f"The role table grants {action!r}, which no app declares.",
            hint="Declare it in the app's permissions.py and register_actions() it in ready().",
            obj="netra.accounts.roles.ROLE_TABLE",
            id="netra.E001",
        )
        for action in sorted(granted - declared)
    ]
    errors += [
        checks.Error(
            f"The action {action!r} is declared but no role is given it.",
            hint="Give it to the roles that need it in netra.accounts.roles.ROLE_TABLE.",
            obj="netra.accounts.roles.ROLE_TABLE",
            id="netra.E002",
        )
        for action in sorted(declared - granted)
    ]
    return errors
