"""The signed-in user's own settings: second factor and API tokens (both changes ask for the password again)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from glacy.core import reauthentication, services, two_factor
from glacy.core.confirm import confirmation_page
from glacy.core.errors import ValidationFailed
from glacy.core.forms import ApiTokenForm, ConfirmIdentityForm, TotpConfirmForm
from glacy.core.htmx import form_errors_from
from glacy.core.models import ApiToken
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest


def _security_page(request: AuthenticatedRequest, *, token_form: ApiTokenForm | None = None,
                   disable_form: ConfirmIdentityForm | None = None, status: int = 200) -> HttpResponse:
    has_totp = two_factor.user_has_totp(request.user)
    return render(request, "core/account/security.html", {
        "has_totp": has_totp,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "token_form": token_form or ApiTokenForm(has_second_factor=has_totp),
        "disable_form": disable_form or ConfirmIdentityForm(has_second_factor=has_totp, prefix="disable"),
        "new_token": request.session.pop("new_api_token", None),
    }, status=status)


def _identity_confirmed(request: AuthenticatedRequest, form: ConfirmIdentityForm) -> bool:
    """Whether the form is valid and its re-entered password or code right (a wrong one is a field error)."""
    is_valid = form.is_valid()
    secret = form.cleaned_data.get("confirmation")
    if not secret:
        return False
    if not reauthentication.identity_confirmed(request, secret):
        form.add_error("confirmation", _("This is not your password or a current code."))
        return False
    return is_valid


def _signed_out_after_wrong_confirmations(request: AuthenticatedRequest) -> HttpResponse:
    messages.error(request, _("Too many wrong confirmations: you have been signed out. Sign in again."))
    return redirect("login")


@login_required
def security(request: AuthenticatedRequest) -> HttpResponse:
    """Second factor status and the user's API tokens."""
    return _security_page(request)


@login_required
def totp_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Show the QR code of a new authenticator and confirm it with a first code."""
    device = two_factor.totp_pending_device(user=request.user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.totp_confirm(user=request.user, token=form.cleaned_data["token"])
        except ValidationFailed as error:
            form_errors_from(error.errors, form)
        else:
            # This session has just shown a code; the user's other sessions (without one) are signed out.
            otp_login(request, device)
            messages.success(request, _("Second factor enabled. You will be asked for a code at each sign-in."))
            return redirect("account-security")
    return render(request, "core/account/totp_setup.html", {
        "form": form, "qr_svg": two_factor.totp_qr_svg(device), "secret": device.bin_key.hex(),
    })


@login_required
@require_POST
def totp_disable(request: AuthenticatedRequest) -> HttpResponse:
    """Remove the second factor, after the password or a current code (re-authentication)."""
    form = ConfirmIdentityForm(request.POST, has_second_factor=True, prefix="disable")
    try:
        if not _identity_confirmed(request, form):
            return _security_page(request, disable_form=form, status=400)
    except reauthentication.SignedOut:
        return _signed_out_after_wrong_confirmations(request)
    two_factor.totp_disable(user=request.user)
    messages.success(request, _("Second factor removed."))
    return redirect("account-security")


@login_required
@require_POST
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    """Issue an API token, after the password or a current code (re-authentication)."""
    form = ApiTokenForm(request.POST, has_second_factor=two_factor.user_has_totp(request.user))
    try:
        if not _identity_confirmed(request, form):
            return _security_page(request, token_form=form, status=400)
    except reauthentication.SignedOut:
        return _signed_out_after_wrong_confirmations(request)
    try:
        _token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"],
                                                scopes=form.cleaned_data["scopes"])
    except ValidationFailed as error:
        form_errors_from(error.errors, form)
        return _security_page(request, token_form=form, status=400)
    request.session["new_api_token"] = key
    return redirect("account-security")


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: str) -> HttpResponse:
    token = get_visible_or_404(ApiToken.objects.filter(user=request.user), pk=token_id)
    question = _("Revoke the token %(name)s? Programs using it stop working at once; this cannot be undone.") % {
        "name": token.name}
    if (page := confirmation_page(request, question=question, confirm_label=_("Revoke"),
                                  cancel_url=reverse("account-security"))) is not None:
        return page
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("account-security")
