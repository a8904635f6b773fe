"""Sign-in, language, profile with API tokens, staff directory and staff management."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netra.accounts.permissions import AccountAction
from netra.core.exports import FORMATS, export_response
from netra.core.scoping import may
from netra.core.views import ScopedFormView, ScopedListView
from netra.orgs.models import Organisation
from netra.regions.selectors import region_label

from . import selectors, services, twofactor
from .forms import ApiTokenForm, LanguageForm, TwoFactorResetForm, UserCreateForm
from .models import ApiToken, Membership


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.set_language(user=request.user, language=language)
        translation.activate(language)
        response = redirect(next_url)
        response.set_cookie("django_language", language, samesite="Lax")
        return response
    return redirect(next_url)


@login_required
def profile(request):
    new_key = None
    form = ApiTokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            token = ApiToken.objects.filter(user=request.user, pk=request.POST["revoke"]).first()
            if token is None:
                raise Http404
            services.revoke_api_token(user=request.user, token=token)
            messages.success(request, _("Token revoked."))
            return redirect("accounts:profile")
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, new_key = services.create_api_token(
                user=request.user, name=form.cleaned_data["name"]
            )
            form = ApiTokenForm()
    memberships = [
        (m, region_label(m.organisation.region_code))
        for m in request.user.memberships.filter(is_active=True).select_related("organisation")
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
            "form": form,
            "new_key": new_key,
            "breadcrumbs": [(_("My account"), None)],
        },
    )


class MembershipListView(ScopedListView):
    model = Membership
    scope_action = AccountAction.VIEW
    template_name = "accounts/membership_list.html"

    def get_queryset(self, action: str = AccountAction.VIEW):
        qs = selectors.membership_list(user=self.request.user, action=action).filter(is_active=True)
        query = self.request.GET.get("q", "").strip()
        if query:
            qs = qs.filter(user__full_name__icontains=query) | qs.filter(
                organisation__name__icontains=query
            )
        return qs

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            if not may(request.user, AccountAction.EXPORT):
                raise Http404
            rows = (
                (
                    m.user.get_full_name(),
                    m.user.username,
                    m.organisation.name,
                    m.organisation.region_code,
                    m.get_role_display(),
                )
                for m in self.get_queryset(action=AccountAction.EXPORT).iterator(chunk_size=2000)
            )
            headers = [
                _("Full name"),
                _("Username"),
                _("Organisation"),
                _("Region code"),
                _("Role"),
            ]
            return export_response(fmt=fmt, filename="staf", headers=headers, rows=rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_export"] = may(self.request.user, AccountAction.EXPORT)
        context["can_administer"] = may(self.request.user, AccountAction.ADMINISTER)
        if context["can_administer"]:
            users = [m.user_id for m in context["object_list"]]
            context["with_factor"] = twofactor.users_with_second_factor(users)
        context["q"] = self.request.GET.get("q", "")
        context["breadcrumbs"] = [(_("Staff"), None)]
        return context


class UserCreateView(ScopedFormView):
    """Create a staff account with a role in organisation ``pk`` (administrators only)."""

    model = Organisation
    scope_action = AccountAction.ADMINISTER
    form_class = UserCreateForm
    template_name = "netra/form_page.html"
    success_message = gettext_lazy("Staff member created.")

    def perform(self, form):
        data = form.cleaned_data
        services.create_user(
            actor=self.request.user,
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],
            password=data["password"],
            language=data["language"],
            organisation=self.object,
            role=data["role"],
        )
        return redirect("orgs:organisation_detail", pk=self.object.pk)

    def extra_context(self):
        return {
            "title": _("New staff member of %(name)s") % {"name": self.object.name},
            "breadcrumbs": [
                (_("Organisations"), reverse("orgs:organisation_list")),
                (self.object.name, reverse("orgs:organisation_detail", args=[self.object.pk])),
                (_("New staff member"), None),
            ],
        }


class TwoFactorResetView(ScopedFormView):
    """An administrator removes the lost second factor of a staff member they administer,
    saying why; the staff member enrols again at their next sign-in."""

    model = Membership
    scope_action = AccountAction.ADMINISTER
    form_class = TwoFactorResetForm
    template_name = "accounts/otp_reset.html"

    def perform(self, form):
        member = self.object.user
        twofactor.reset_by_administrator(
            actor=self.request.user, user=member, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _("The second factor of %(name)s is removed: they set it up again at their next "
              "sign-in.") % {"name": member.get_full_name() or member.username},
        )
        return redirect("accounts:membership_list")

    def extra_context(self):
        member = self.object.user
        return {
            "member": member,
            "has_factor": bool(twofactor.users_with_second_factor([member.pk])),
            "allowed": twofactor.may_reset(actor=self.request.user, user=member),
            "breadcrumbs": [
                (_("Staff"), reverse("accounts:membership_list")),
                (_("Reset two-factor authentication"), None),
            ],
        }
