"""The REST API: django-ninja; this module only mounts the apps' routers."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from netra.accounts.services import authenticate_api_token
from netra.core.exceptions import OutOfScope


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Netra API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
)


@api.exception_handler(OutOfScope)
def out_of_scope(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


def _mount() -> None:
    from netra.orgs.api import router as orgs_router
    from netra.regions.api import router as regions_router

    api.add_router("/regions/", regions_router)
    api.add_router("/organisations/", orgs_router)


_mount()
