"""The REST API: django-ninja; this module only mounts the apps' routers."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError
from ninja.security import HttpBearer, django_auth

from netra.accounts import security
from netra.accounts.services import authenticate_api_token
from netra.core.api import atomic_writes, refuse_nul_characters
from netra.core.audit import set_request_actor
from netra.core.exceptions import OutOfScope
from netra.core.idempotency import IdempotencyKeyReused

from .schema import NetraAPI, input_error_detail


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_api_token(token)
        if user is None:
            # Token guessing is locked out per address like password guessing (ADR 0005): each
            # wrong token counts against the address, and once it is locked the answer is 429.
            security.record_failed_token(request)
        else:
            request.user = user
            # Audit entries of this request name the token's user, not "system" (auditlog's
            # middleware ran before the token was read).
            set_request_actor(user)
        return user


api: NinjaAPI = NetraAPI(
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


@api.exception_handler(InputError)
def malformed(request, exc):
    """Input that does not fit the operation's schema. A path id that cannot exist (beyond 64
    bits, below 1) names nothing: 404. Otherwise 422 with the messages keyed by field, the
    shape of a service's refusal (400)."""
    if any(error["loc"][0] == "path" for error in exc.errors):
        return api.create_response(request, {"detail": "Not found."}, status=404)
    return api.create_response(request, {"detail": input_error_detail(exc.errors)}, status=422)


@api.exception_handler(IdempotencyKeyReused)
def idempotency_key_reused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """A service refused the input: field errors keyed by field, else a list of messages."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return api.create_response(request, {"detail": detail}, status=400)


# Every operation: NUL characters refused first, then one transaction per write request.
api.add_decorator(atomic_writes, mode="view")
api.add_decorator(refuse_nul_characters, mode="view")


def _mount() -> None:
    from netra.cases import api as cases_api
    from netra.cases.services import ConcurrentEdit, TransitionNotAllowed
    from netra.elections.api import router as elections_router
    from netra.orgs.api import router as orgs_router
    from netra.regions.api import router as regions_router
    from netra.rules.api import router as rules_router
    from netra.rules.selectors import RuleMissing

    @api.exception_handler(TransitionNotAllowed)
    def transition_not_allowed(request, exc):
        body = {"detail": str(exc.message), "reasons": [str(r) for r in exc.reasons]}
        return api.create_response(request, body, status=409)

    @api.exception_handler(ConcurrentEdit)
    def concurrent_edit(request, exc):
        return api.create_response(request, {"detail": str(exc), "reasons": []}, status=409)

    @api.exception_handler(RuleMissing)
    def rule_missing(request, exc):
        """A step needs a rule row (deadline, numbering) that no row covers: a configuration
        gap for an administrator to fill, not a server error."""
        return api.create_response(request, {"detail": str(exc), "reasons": []}, status=409)

    api.add_router("/regions/", regions_router)
    api.add_router("/organisations/", orgs_router)
    api.add_router("/elections/", elections_router)
    api.add_router("/rules/", rules_router)
    api.add_router("/cases/", cases_api.router)
    api.add_router("/reported-persons/", cases_api.persons_router)
    api.add_router("/recommendations/", cases_api.recommendations_router)


_mount()
