"""Election API endpoints (django-ninja): the elections the caller may see, with stages."""

from datetime import date

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from netra.core.api import ObjectId, Pagination, errors

from . import selectors
from .models import Election

router = Router(tags=["elections"])


class ElectionOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    region_code: str
    voting_day: date
    is_active: bool


class StageOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date


class ElectionDetail(ElectionOut):
    stages: list[StageOut]

    @staticmethod
    def resolve_stages(obj) -> list:
        return list(obj.stages.all())


@router.get("", response={200: list[ElectionOut], **errors(404)})
@paginate(Pagination, page_size=50)
def list_elections(request):
    """Elections in the caller's scope (national ones and those of enclosing regions too)."""
    return selectors.election_list(user=request.user)


@router.get("/{election_id}", response={200: ElectionDetail, **errors(404)})
def get_election(request, election_id: ObjectId):
    try:
        return selectors.election_get(user=request.user, pk=election_id)
    except Election.DoesNotExist as exc:
        raise Http404 from exc
