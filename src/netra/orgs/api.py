from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import selectors, services
from .models import Organisation

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
    name: str | None = None
    office_code: str | None = None
    registration_label: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None


class ErrorOut(Schema):
    detail: str | dict


@router.get("", response=list[OrganisationOut])
@paginate(PageNumberPagination, page_size=50)
def list_organisations(request, kind: str = "", q: str = "", region: str = ""):
    return selectors.organisation_list(user=request.user, kind=kind, query=q, region=region)


def _get(request, pk: int, action: str) -> Organisation:
    try:
        return selectors.organisation_get(user=request.user, pk=pk, action=action)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/{pk}", response={200: OrganisationOut, 404: ErrorOut})
def get_organisation(request, pk: int):
    return _get(request, pk, "view")


@router.patch("/{pk}", response={200: OrganisationOut, 400: ErrorOut, 404: ErrorOut})
def update_organisation(request, pk: int, payload: OrganisationPatch):
    org = _get(request, pk, "administer")
    # A ValidationError becomes 400 with field messages (handler in netra.api.urls).
    return services.update_organisation(
        actor=request.user, organisation=org, **payload.dict(exclude_none=True)
    )
