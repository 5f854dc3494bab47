"""Forms of the core pages: sign-in with an optional second factor, language, tokens, TOTP set-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from glacy.core.models import ApiToken


class SignInForm(AuthenticationForm):
    """Username and password, plus the 6-digit code when the account has a second factor."""

    otp_token = forms.CharField(
        label=_("Authenticator code"), required=False, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you enabled a second factor."),
    )

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        self.otp_device = None
        if user_has_device(user, confirmed=True):
            token = (self.cleaned_data.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                raise forms.ValidationError(
                    _("Enter the current code from your authenticator app."), code="otp_required"
                )
            self.otp_device = device


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ConfirmIdentityForm(forms.Form):
    """The password (or a current authenticator code) asked again before a sensitive change."""

    confirmation = forms.CharField(
        label=_("Your password"), strip=False, max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, has_second_factor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if has_second_factor:
            self.fields["confirmation"].label = _("Your password or a current code from your authenticator app")


class ApiTokenForm(ConfirmIdentityForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple,
        initial=[ApiToken.Scope.READ],
    )
    field_order = ("name", "scopes", "confirmation")


class TotpConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
