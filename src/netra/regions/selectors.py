"""Reads of the region tree. Regions are public reference data: no scoping needed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netra.core.refcache import Namespace

from .models import Region
from .services import normalise_name

NATIONAL_CODE = ""


# Reference-data cache of region_get (netra.core.refcache): any save or delete of a region
# starts afresh; an unknown code is not remembered (a bulk import may be adding it).
_REGIONS = Namespace("regions.region_get", models=[Region])


def region_get(code: str) -> Region | None:
    """The region of ``code``, or None. Cached."""
    return _REGIONS.get(code, lambda: Region.objects.filter(code=code).first())


def region_children(parent_code: str | None) -> list[Region]:
    return list(Region.objects.filter(parent_code=parent_code or "").order_by("code"))


def region_ancestors(code: str) -> list[Region]:
    """The region and its ancestors, top first."""
    parts = code.split(".") if code else []
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    found = Region.objects.in_bulk(codes)
    return [found[c] for c in codes if c in found]


def region_search(query: str, *, within: str = "", limit: int = 20) -> list[Region]:
    """Regions whose name or code contains every word of ``query``, shortest codes first."""
    words = normalise_name(query).split()
    if not words:
        return []
    qs = Region.objects.all()
    if within:
        qs = qs.filter(code__subtree=within)
    for word in words:
        qs = qs.filter(search_name__contains=word)
    return list(qs.order_by("level", "code")[:limit])


def region_level(code: str) -> int:
    """Level of an existing region (1 province … 4 village); raises ``Region.DoesNotExist``."""
    return Region.objects.values_list("level", flat=True).get(code=code)


def region_label(code: str) -> str:
    if code == NATIONAL_CODE:
        return _("Indonesia (national)")
    region = region_get(code)
    return region.path if region else code


def validate_region_code(code: str) -> None:
    """Refuse an unknown Kemendagri code with a message in the user's language."""
    if code == NATIONAL_CODE:
        return
    if not Region.objects.filter(code=code).exists():
        raise ValidationError(
            _("Unknown region code %(code)s: it is not in the Kemendagri list."),
            code="unknown_region",
            params={"code": code},
        )


def regions_at_level(level: int, *, within: str = "") -> list[tuple[str, str]]:
    """``(code, name)`` of every region at ``level`` inside ``within`` (empty = all), by code:
    the rows of per-region figures such as the vulnerability index (netra.risk)."""
    qs = Region.objects.filter(level=level)
    if within:
        qs = qs.filter(code__subtree=within)
    return list(qs.order_by("code").values_list("code", "name"))
