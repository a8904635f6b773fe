from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from netra.core.api import ObjectId, Pagination, errors

from . import selectors, services
from .models import Organisation
from .permissions import OrgAction

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    parent_id: int | None
    office_code: str
    registration_label: str


class OrganisationPatch(Schema):
    """Omitted or null fields stay as they are; lengths are the columns' own."""

    name: str | None = Field(None, max_length=200)
    office_code: str | None = Field(None, max_length=20)
    registration_label: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=255)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)


@router.get("", response={200: list[OrganisationOut], **errors(404)})
@paginate(Pagination, page_size=50)
def list_organisations(request, kind: str = "", q: str = "", region: str = ""):
    return selectors.organisation_list(user=request.user, kind=kind, query=q, region=region)


def _get(request, pk: int, action: str) -> Organisation:
    try:
        return selectors.organisation_get(user=request.user, pk=pk, action=action)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/{pk}", response={200: OrganisationOut, **errors(404)})
def get_organisation(request, pk: ObjectId):
    return _get(request, pk, OrgAction.VIEW)


@router.patch("/{pk}", response={200: OrganisationOut, **errors(400, 404)})
def update_organisation(request, pk: ObjectId, payload: OrganisationPatch):
    org = _get(request, pk, OrgAction.ADMINISTER)
    # A ValidationError becomes 400 with field messages (handler in netra.api.urls).
    return services.update_organisation(
        actor=request.user, organisation=org, **payload.dict(exclude_none=True)
    )
