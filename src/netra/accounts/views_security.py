"""Two-factor pages (set-up, verification, management) and the unlock page for administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from netra.core.exceptions import OutOfScope
from netra.core.views import add_service_errors

from . import lockouts, twofactor
from .forms import OtpCodeForm, UnlockForm
from .security import otp_required, otp_verified


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return reverse("core:home")


def _with_next(url_name: str, request) -> str:
    from urllib.parse import urlencode

    url = reverse(url_name)
    nxt = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': nxt})}" if nxt else url


@login_required
def otp_setup(request):
    """Scan a QR code (or type the secret), confirm with a code, receive recovery codes once."""
    if twofactor.has_second_factor(request.user):
        if otp_verified(request):
            return redirect("accounts:otp_manage")
        return redirect(_with_next("accounts:otp_verify", request))
    device = twofactor.start_enrolment(user=request.user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.confirm_enrolment(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            otp_login(request, device)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {
                    "codes": codes,
                    "next": _next_url(request),
                    "first_time": True,
                    "breadcrumbs": [(_("Two-factor authentication"), None)],
                },
            )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "required": otp_required(request),
            "breadcrumbs": [(_("Two-factor authentication"), None)],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def otp_verify(request):
    """The second step of signing in: a code from the app or a recovery code."""
    if not twofactor.has_second_factor(request.user):
        return redirect(_with_next("accounts:otp_setup", request))
    if otp_verified(request):
        return redirect(_next_url(request))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.check_code(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if device.name == twofactor.RECOVERY_NAME:
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s codes are left.")
                    % {"left": twofactor.recovery_codes_left(request.user)},
                )
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong or has expired."))
    return render(
        request,
        "accounts/otp_verify.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "breadcrumbs": [(_("Two-factor authentication"), None)],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def otp_manage(request):
    """Status, new recovery codes, or turning two-factor off (which needs a current code)."""
    user = request.user
    enabled = twofactor.has_second_factor(user)
    if enabled and not otp_verified(request):
        return redirect(_with_next("accounts:otp_verify", request))
    form = OtpCodeForm(request.POST if request.POST.get("action") == "disable" else None)
    if request.method == "POST" and enabled:
        action = request.POST.get("action")
        if action == "regenerate":
            codes = twofactor.regenerate_recovery_codes(user=user)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {
                    "codes": codes,
                    "next": reverse("accounts:otp_manage"),
                    "first_time": False,
                    "breadcrumbs": [(_("Two-factor authentication"), None)],
                },
            )
        if action == "disable" and form.is_valid():
            try:
                twofactor.disable(user=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Two-factor authentication is turned off."))
                return redirect("accounts:otp_manage")
    return render(
        request,
        "accounts/otp_manage.html",
        {
            "enabled": enabled,
            "codes_left": twofactor.recovery_codes_left(user) if enabled else 0,
            "required": otp_required(request),
            "form": form,
            "breadcrumbs": [
                (_("My account"), reverse("accounts:profile")),
                (_("Two-factor authentication"), None),
            ],
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
def lockout_list(request):
    """Locked sign-ins an administrator may lift (accounts of their staff; national
    administrators also see locked addresses)."""
    user = request.user
    if not lockouts.may_unlock(user):
        raise Http404
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data.get("username"):
                    lockouts.unlock_account(actor=user, username=form.cleaned_data["username"])
                    messages.success(
                        request,
                        _("Sign-in for %(name)s is unlocked.")
                        % {"name": form.cleaned_data["username"]},
                    )
                else:
                    lockouts.unlock_address(actor=user, ip_address=form.cleaned_data["ip_address"])
                    messages.success(
                        request,
                        _("Sign-in from %(address)s is unlocked.")
                        % {"address": form.cleaned_data["ip_address"]},
                    )
            except OutOfScope as exc:
                raise Http404 from exc
            return redirect("accounts:lockout_list")
        messages.error(request, " ".join(form.non_field_errors()) or _("Nothing to unlock."))
        return redirect("accounts:lockout_list")
    return render(
        request,
        "accounts/lockout_list.html",
        {
            "accounts": lockouts.locked_accounts(user=user),
            "addresses": lockouts.locked_addresses(user=user),
            "national": lockouts.may_unlock_addresses(user),
            "breadcrumbs": [
                (_("Staff"), reverse("accounts:membership_list")),
                (_("Locked sign-ins"), None),
            ],
        },
    )
