"""Accounts' scoped endpoints, for the access matrix (``netra.core.access``)."""

from netra.core.access import register_endpoint, register_target, register_unscoped

from .permissions import AccountAction

register_target(
    "member", view_action=AccountAction.VIEW, assigned_actions={"*"},
    assignment="members of one's own organisation see each other",
)

register_endpoint("accounts:membership_list", kind="list", action=AccountAction.VIEW,
                  target="member")
register_endpoint("accounts:membership_list", kind="export", action=AccountAction.EXPORT,
                  target="member", query={"format": "csv"}, label="csv")
# New staff member of organisation ``pk``: administering accounts there.
register_endpoint("accounts:user_create", kind="change", action=AccountAction.ADMINISTER,
                  target="organisation", kwargs=lambda org: {"pk": org.pk}, label="form")
# Removing a staff member's lost second factor: administering their membership.
register_endpoint("accounts:otp_reset", kind="change", action=AccountAction.ADMINISTER,
                  target="member", kwargs=lambda m: {"pk": m.pk}, label="form")

for _name, _reason in {
    "accounts:login": "login page",
    "accounts:logout": "logout",
    "accounts:language": "language switch",
    "accounts:profile": "the user's own profile",
    "accounts:otp_setup": "the user's own two-factor set-up",
    "accounts:otp_verify": "the user's own two-factor check",
    "accounts:otp_manage": "the user's own two-factor devices",
    "accounts:lockout_list": "login lockouts, for national administrators (security tests)",
}.items():
    register_unscoped(_name, _reason)
