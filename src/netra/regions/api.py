from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from netra.core.api import Pagination, errors

from .models import Region
from .selectors import region_search

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    parent_code: str
    path: str


@router.get("", response={200: list[RegionOut], **errors(404)})
@paginate(Pagination, page_size=100)
def list_regions(request, parent: str = "", q: str = ""):
    """Children of ``parent`` (provinces when empty), or a name search with ``q``."""
    if q:
        return region_search(q, limit=100)
    return Region.objects.filter(parent_code=parent).order_by("code")


@router.get("/{code}", response={200: RegionOut, **errors(404)})
def get_region(request, code: str):
    """One region by its Kemendagri code (``36.73.05``)."""
    return get_object_or_404(Region, code=code)
