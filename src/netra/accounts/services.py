"""Changes to users and memberships."""

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.accounts.permissions import AccountAction
from netra.accounts.roles import KIND_ROLES
from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, reset_scope

from .models import ApiToken, Membership, User
from .roles import Role


def _check_unique_user(username: str, email: str, *, exclude_pk: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    users = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if users.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is already taken.")]
    if email and users.filter(email__iexact=email).exists():
        errors["email"] = [_("This e-mail address is already used by another account.")]
    if errors:
        raise ValidationError(errors)


def create_user(
    *,
    actor: User | None,
    username: str,
    email: str,
    full_name: str,
    password: str | None,
    language: str = "id",
    # An orgs.models.Organisation: accounts reads orgs' models only through its relations
    # (import-linter), so the type stays open here.
    organisation: Any = None,
    role: str | None = None,
) -> User:
    """Create a user, optionally with a first membership, all or nothing.

    ``actor`` None is used by management commands (demo data, first administrator).
    """
    username = username.strip()
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("A username is required.")]
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            errors["email"] = exc.messages
    if errors:
        raise ValidationError(errors)
    _check_unique_user(username, email)
    user = User(username=username, email=email, full_name=full_name.strip(), language=language)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            if organisation is not None and role:
                add_membership(actor=actor, user=user, organisation=organisation, role=role)
    except IntegrityError as exc:
        # A concurrent request took the name between the check and the insert.
        raise ValidationError({"username": [_("This username is already taken.")]}) from exc
    return user


def add_membership(
    *, actor: User | None, user: User, organisation: Any, role: str
) -> Membership:
    """Give ``user`` a role in ``organisation``. The actor must administer that organisation."""
    if actor is not None and not can(actor, AccountAction.ADMINISTER, organisation):
        raise OutOfScope(_("You may not manage staff of this organisation."))
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    if role not in KIND_ROLES.get(organisation.kind, frozenset()):
        raise ValidationError(
            {
                "role": [
                    _("The role %(role)s is not available in a %(kind)s.")
                    % {"role": Role(role).label, "kind": organisation.get_kind_display()}
                ]
            }
        )
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organisation=organisation, role=role, defaults={"is_active": True}
        )
        if not created and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active", "updated_at"])
        elif not created:
            raise ValidationError(
                {"role": [_("This person already holds this role in this organisation.")]}
            )
    reset_scope(user)
    return membership


def end_membership(*, actor: User, membership: Membership) -> Membership:
    if not can(actor, AccountAction.ADMINISTER, membership.organisation):
        raise OutOfScope(_("You may not manage staff of this organisation."))
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
    reset_scope(membership.user)
    return membership


def set_language(*, user: User, language: str) -> User:
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Unknown language.")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the plain key, which is never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def revoke_api_token(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise OutOfScope(_("This token belongs to someone else."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])


def authenticate_api_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
