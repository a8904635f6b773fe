from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .roles import Role


class UserCreateForm(forms.Form):
    """A new staff member with their first role in the organisation."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . _ - only."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters; not a common password, not only digits and not like "
            "the name, username or e-mail."
        ),
    )

    def clean_username(self):
        import re

        value = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[A-Za-z0-9._-]+", value):
            raise forms.ValidationError(_("Use only letters, digits and . _ -"))
        return value


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


class OtpCodeForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "inputmode": "text"}
        ),
    )


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=150)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("ip_address"):
            raise forms.ValidationError(_("Name an account or an address to unlock."))
        return data


class TwoFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the staff member's identity was checked and why their second factor is lost. "
            "Kept in the audit trail."
        ),
    )
