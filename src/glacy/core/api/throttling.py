"""API rate limits (ASVS V11.1.4): per address for anonymous calls, per user for all calls, and stricter limits
per user on expensive calls (imports, exports, reports) that a view names in `throttle_scopes`.

Rates are read from `settings.GLACY_API_THROTTLE_RATES` at each request (DRF's classes copy them once at import),
so an operator sets them with environment variables and a test can lower them. A refused call answers 429 with
`{"detail": "…"}` and a `Retry-After` header (DRF's exception handler).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

#: The scopes a view may give an action, and what they mean.
EXPENSIVE_SCOPES = {
    "imports": "an upload processed by the node (law import, evidence ingest)",
    "exports": "a package built from stored evidence",
    "reports": "a document generated on request (PDF, DOCX)",
}


class _RateFromSettings:
    scope: str | None

    def get_rate(self) -> str | None:
        return settings.GLACY_API_THROTTLE_RATES.get(self.scope or "")


class AnonymousRateThrottle(_RateFromSettings, AnonRateThrottle):
    """Calls without credentials, per address."""


class PerUserRateThrottle(_RateFromSettings, UserRateThrottle):
    """All calls of one user (token or session)."""


class ExpensiveCallThrottle(_RateFromSettings, ScopedRateThrottle):
    """Expensive calls of one user, per scope: the view maps an action to a scope in `throttle_scopes`."""

    def allow_request(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "throttle_scopes", {}).get(getattr(view, "action", None))
        if not scope:
            return True
        if scope not in EXPENSIVE_SCOPES:
            raise ValueError(f"Unknown throttle scope {scope!r}; use one of {sorted(EXPENSIVE_SCOPES)}.")
        self.scope = scope
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super(ScopedRateThrottle, self).allow_request(request, view)
