"""Changes to organisations. Every function takes the acting user and is atomic."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may_in_region, region_within
from netra.core.typing import AnyUser
from netra.orgs.permissions import OrgAction
from netra.regions.selectors import region_level, validate_region_code

from .choices import KIND_LEVEL, OrgKind
from .models import Organisation

EDITABLE_FIELDS = (
    "name",
    "office_code",
    "registration_label",
    "address",
    "email",
    "phone",
    "active_from",
    "active_until",
)


def _region_level(code: str) -> int:
    if code == "":
        return 0
    return region_level(code)


def validate_organisation(
    *, kind: str, region_code: str, parent: Organisation | None
) -> None:
    """Single-organisation rules: known region, level fits the kind, inside the parent."""
    errors: dict[str, list[str]] = {}
    if kind not in OrgKind.values:
        errors.setdefault("kind", []).append(_("Unknown organisation kind."))
    try:
        validate_region_code(region_code)
    except ValidationError as exc:
        errors.setdefault("region_code", []).extend(exc.messages)
    else:
        expected = KIND_LEVEL.get(kind)
        if expected is not None and _region_level(region_code) != expected:
            errors.setdefault("region_code", []).append(
                _("A %(kind)s must have a region at level %(level)s.")
                % {"kind": OrgKind(kind).label, "level": expected}
            )
        if parent is not None and not region_within(region_code, parent.region_code):
            errors.setdefault("region_code", []).append(
                _("The region lies outside the jurisdiction of the parent organisation %(parent)s.")
                % {"parent": parent.name}
            )
    if errors:
        raise ValidationError(errors)


def _check_administers(actor: AnyUser, region_code: str) -> None:
    if not may_in_region(actor, OrgAction.ADMINISTER, region_code):
        raise OutOfScope(_("You may not administer organisations in this region."))


def create_organisation(
    *,
    actor: AnyUser,
    name: str,
    kind: str,
    region_code: str,
    parent: Organisation | None = None,
    **details: Any,
) -> Organisation:
    """Create an organisation inside the actor's administrative jurisdiction."""
    validate_organisation(kind=kind, region_code=region_code, parent=parent)
    _check_administers(actor, region_code)
    if parent is not None and not can(actor, OrgAction.VIEW, parent):
        raise OutOfScope(_("You may not use this parent organisation."))
    org = Organisation(name=name.strip(), kind=kind, region_code=region_code, parent=parent)
    for key, value in details.items():
        if key not in EDITABLE_FIELDS:
            raise TypeError(key)
        setattr(org, key, value)
    # The unique constraint is left to the database so the error lands on ``name``.
    org.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": [_("An organisation of this kind with this name already exists here.")]}
        ) from exc
    return org


def update_organisation(
    *, actor: AnyUser, organisation: Organisation, **changes: object
) -> Organisation:
    """Change an organisation's descriptive fields (not its kind, region or parent)."""
    if not can(actor, OrgAction.ADMINISTER, organisation):
        raise OutOfScope(_("You may not change this organisation."))
    changed = []
    for key, value in changes.items():
        if key not in EDITABLE_FIELDS:
            raise TypeError(key)
        if getattr(organisation, key) != value:
            setattr(organisation, key, value)
            changed.append(key)
    if not changed:
        return organisation
    # The unique constraint is left to the database so the error lands on ``name``.
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            organisation.save(update_fields=[*changed, "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(
            {"name": [_("An organisation of this kind with this name already exists here.")]}
        ) from exc
    return organisation
