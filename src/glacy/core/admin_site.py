"""The operator back-office behind the platform's own sign-in (password, then the second factor).

Django's stock admin has its own login form that asks only for a password, and the session it opens is
valid for the whole site and the API. Here the admin has no login form of its own: `/admin/login/` sends
the visitor to the platform's sign-in page, and the back-office opens only to staff whose session was
verified with an authenticator code (`GLACY_ADMIN_REQUIRES_SECOND_FACTOR`, on by default).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from glacy.core.two_factor import session_lacks_second_factor


def _session_is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


class PlatformSignInAdminSite(admin.AdminSite):
    """Django's admin site without its password-only login form."""

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request) or session_lacks_second_factor(request):
            return False
        return _session_is_verified(request) or not settings.GLACY_ADMIN_REQUIRES_SECOND_FACTOR

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            next_url = index
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("login"))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        if request.user.is_staff and request.user.is_active and not _session_is_verified(request):
            messages.warning(request, _("The back-office is open only to sessions signed in with a second factor. "
                                        "Enable one below, then open the back-office again."))
            return redirect("account-security")
        raise PermissionDenied
