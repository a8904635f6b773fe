from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

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


@router.get("", response=list[RegionOut])
@paginate(PageNumberPagination, page_size=100)
def list_regions(request, parent: str = "", q: str = ""):
    """Children of ``parent`` (provinces when empty), or a name search with ``q``."""
    if q:
        return region_search(q, limit=100)
    return Region.objects.filter(parent_code=parent).order_by("code")


@router.get("/{code}", response=RegionOut)
def get_region(request, code: str):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Region, code=code)
