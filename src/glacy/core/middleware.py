"""Request-level plumbing: the request id and origin for the audit trail, the second factor, the user's language."""

from __future__ import annotations

import re
import time
import uuid
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.core.context import origin

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

#: Session keys: when the user signed in, and their last request (seconds since the epoch).
SIGNED_IN_AT = "glacy_signed_in_at"
LAST_SEEN = "glacy_last_seen"
#: The last activity is recorded to the minute.
_LAST_SEEN_PRECISION = 60


class RequestIdMiddleware:
    """Give each request an id (or keep a safe incoming X-Request-ID) and mark its channel web or API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "web"
        with origin(channel, request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SecondFactorMiddleware:
    """End any session of a user who has a second factor but did not give it when the session began.

    Every sign-in path must ask for the code (ASVS V2.8). The platform's sign-in page does; this is the
    guarantee for every other way a session can come to exist (the back-office login, a session created
    before the user enabled the second factor, a future login view): such a session is signed out on its
    next request, so it can neither open a page, nor call the API with the session cookie, nor switch
    the second factor off. Placed after django-otp's OTPMiddleware, which marks verified sessions, and after
    the messages middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from glacy.core.two_factor import session_lacks_second_factor

        if session_lacks_second_factor(request):
            logout(request)
            request.user.is_verified = lambda: False  # type: ignore[attr-defined,union-attr]
            messages.warning(request, _("Your session did not include your authenticator code. Sign in again."))
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Sign out a session idle for `GLACY_SESSION_IDLE_MINUTES` or open for `GLACY_SESSION_MAX_HOURS` (ASVS V3.3).

    The sign-in time and the last activity are kept in the session; the last activity is written at most once
    a minute, so most requests do not write the session (on SQLite every write takes the database lock).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            if now - signed_in_at > settings.GLACY_SESSION_MAX_HOURS * 3600:
                self._end(request, _("Your session has ended after %(hours)s hours. Sign in again.")
                          % {"hours": settings.GLACY_SESSION_MAX_HOURS})
            elif now - last_seen > settings.GLACY_SESSION_IDLE_MINUTES * 60:
                self._end(request, _("You were signed out after %(minutes)s minutes without activity. Sign in "
                                     "again.") % {"minutes": settings.GLACY_SESSION_IDLE_MINUTES})
            elif LAST_SEEN not in session or now - last_seen >= _LAST_SEEN_PRECISION:
                session[LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, message: str) -> None:
        logout(request)
        messages.info(request, message)


class UserTimeZoneMiddleware:
    """Show dates in the signed-in user's time zone (stored in UTC, ARCHITECTURE.md §3.7)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone_name = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        try:
            zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)


class UserLanguageMiddleware:
    """Serve a signed-in user in the language they chose (remembered on their account).

    Placed after AuthenticationMiddleware; it overrides what LocaleMiddleware picked from the browser,
    so the choice follows the user from one computer to another.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if not (language and language in dict(settings.LANGUAGES)):
            return self.get_response(request)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # override() restores the previous language afterwards, so it never leaks into the next request.
        with translation.override(language):
            response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response
