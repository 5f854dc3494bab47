"""My account: name, e-mail, language, time zone, password, notification preferences.

Kept apart from core/views/account.py (second factor and API tokens, which need re-authentication).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.errors import ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.profile_forms import NotificationPreferencesForm, PasswordForm, ProfileForm
from glacy.core.typing import AuthenticatedRequest
from glacy.directory.account import user_change_password, user_update_profile
from glacy.notifications.models import Preferences
from glacy.notifications.services import preferences_update


def _page(request: AuthenticatedRequest, *, profile: ProfileForm | None = None, password: PasswordForm | None = None,
          notifications: NotificationPreferencesForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    preferences = Preferences.objects.filter(user=user).first() or Preferences(user=user)
    return render(request, "core/account/profile.html", {
        "profile_form": profile or ProfileForm(initial={
            "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "language": user.preferred_language or translation.get_language(), "time_zone": user.time_zone}),
        "password_form": password or PasswordForm(),
        "notification_form": notifications or NotificationPreferencesForm(
            initial={"email": preferences.email, "muted": preferences.muted}),
    }, status=status)


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def profile_update(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST, prefix=None)
    if form.is_valid():
        try:
            user_update_profile(user=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            form_errors_from(error.errors, form)
        else:
            translation.activate(form.cleaned_data["language"])
            messages.success(request, _("Your account is updated."))
            return redirect("account-profile")
    return _page(request, profile=form, status=400)


@login_required
@require_POST
def password_change(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            user = user_change_password(user=request.user, current=form.cleaned_data["old_password"],
                                        new=form.cleaned_data["new_password1"])
        except ValidationFailed as error:
            form_errors_from(error.errors, form)
        else:
            update_session_auth_hash(request, user)  # stay signed in here; other sessions end
            messages.success(request, _("Your password is changed."))
            return redirect("account-profile")
    return _page(request, password=form, status=400)


@login_required
@require_POST
def notification_preferences(request: AuthenticatedRequest) -> HttpResponse:
    form = NotificationPreferencesForm(request.POST)
    if form.is_valid():
        preferences_update(user=request.user, email=form.cleaned_data["email"], muted=form.cleaned_data["muted"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("account-profile")
    return _page(request, notifications=form, status=400)
