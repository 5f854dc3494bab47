"""Sign-in (password + optional TOTP) and sign-out."""

from __future__ import annotations

import time

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django_otp import login as otp_login

from glacy.core.forms import SignInForm
from glacy.core.middleware import LAST_SEEN, SIGNED_IN_AT


class SignInView(auth_views.LoginView):
    """Login page; django-axes throttles repeated failures for a username and address."""

    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        if getattr(form, "otp_device", None) is not None:
            otp_login(self.request, form.otp_device)
        # The absolute session lifetime counts from here, even when the browser kept an older session.
        self.request.session[SIGNED_IN_AT] = self.request.session[LAST_SEEN] = time.time()
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
