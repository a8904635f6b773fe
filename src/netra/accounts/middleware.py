"""Activate the signed-in user's chosen language (after Django's LocaleMiddleware); require a
second factor where the role needs one."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import security


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class OtpRequiredMiddleware:
    """Send a signed-in user who must use a second factor, and has not this session, to set it
    up or verify it before any other page (admin included).

    Runs after django-otp's ``OTPMiddleware``. API requests authenticated with a token are not
    affected (tokens are created on "My account", which is behind this check); API requests on
    an unverified session are refused with 403. Sign-in, sign-out, language and the two-factor
    pages themselves stay reachable.
    """

    EXEMPT = frozenset(
        {
            "accounts:login",
            "accounts:logout",
            "accounts:language",
            "accounts:otp_setup",
            "accounts:otp_verify",
            "admin:login",
            "admin:logout",
            "core:healthz",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in self.EXEMPT:
            return None
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        is_api = request.path.startswith(security.API_PATH_PREFIX)
        if is_api and request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None
        if not security.otp_required(request) or security.otp_verified(request):
            return None
        message = _("Two-factor authentication is required for your role. Verify your sign-in "
                    "with your authenticator app first.")
        if is_api:
            return JsonResponse({"detail": message}, status=403)
        from . import twofactor  # models: imported once apps are ready

        target = "accounts:otp_verify" if twofactor.has_second_factor(request.user) \
            else "accounts:otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
