"""Changes to elections: administrators create them inside their jurisdiction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from netra.core.exceptions import OutOfScope
from netra.core.scoping import can, may_in_region
from netra.core.typing import AnyUser
from netra.elections.permissions import ElectionAction
from netra.regions.selectors import region_level, validate_region_code

from .models import Election, ElectionKind, ElectionLevel, ElectionStage

LEVEL_DEPTH: dict[str, int] = {
    ElectionLevel.NATIONAL: 0, ElectionLevel.PROVINCE: 1, ElectionLevel.REGENCY: 2,
}


def create_election(
    *, actor: AnyUser, name: str, kind: str, level: str, region_code: str, voting_day: date
) -> Election:
    """Create an election. Pemilu is national; a Pilkada belongs to a province or regency."""
    errors: dict[str, list[str]] = {}
    if kind == ElectionKind.PEMILU and level != ElectionLevel.NATIONAL:
        errors["level"] = [_("A general election (Pemilu) is national.")]
    if kind == ElectionKind.PILKADA and level == ElectionLevel.NATIONAL:
        errors["level"] = [_("A Pilkada is held in a province or a regency/city.")]
    try:
        validate_region_code(region_code)
    except ValidationError as exc:
        errors["region_code"] = exc.messages
    else:
        depth = 0 if region_code == "" else region_level(region_code)
        if level in LEVEL_DEPTH and depth != LEVEL_DEPTH[level]:
            errors.setdefault("region_code", []).append(
                _("The region does not match the election level.")
            )
    if not name.strip():
        errors["name"] = [_("A name is required.")]
    if errors:
        raise ValidationError(errors)
    if not may_in_region(actor, ElectionAction.ADMINISTER, region_code):
        raise OutOfScope(_("You may not create elections for this region."))
    try:
        with transaction.atomic():
            return Election.objects.create(
                name=name.strip(),
                kind=kind,
                level=level,
                region_code=region_code,
                voting_day=voting_day,
            )
    except IntegrityError as exc:
        raise ValidationError({"name": [_("An election with this name already exists.")]}) from exc


def add_stage(
    *, actor: AnyUser, election: Election, name: str, starts_on: date, ends_on: date
) -> ElectionStage:
    if not can(actor, ElectionAction.ADMINISTER, election):
        raise OutOfScope(_("You may not change this election."))
    errors = {}
    if not name.strip():
        errors["name"] = [_("A name is required.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The stage cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    return ElectionStage.objects.create(
        election=election, name=name.strip(), starts_on=starts_on, ends_on=ends_on
    )
