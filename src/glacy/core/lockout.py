"""Sign-in lockout: per user name and address, and per address alone against password spraying (ASVS V2.2.1).

django-axes counts failures per lockout parameter combination but compares every combination with one limit.
A per-address limit as low as the per-account one (5) would lock out a whole office behind one address after
five colleagues each mistype once; a spray (one or two passwords tried on many accounts) stays under any
per-account limit. So two limits: `GLACY_LOGIN_FAILURE_LIMIT` failures of one user name from one address, or
`GLACY_LOGIN_ADDRESS_FAILURE_LIMIT` failures of any user names from one address, within the cool-off time.
A successful sign-in forgives only that account's failures from that address, not the address's others, so a
sprayer who owns one account cannot reset the address counter with it.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class AddressLimitedAxesHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit per address."""

    def _recent(self, request: Any) -> Any:
        return AccessAttempt.objects.filter(ip_address=request.axes_ip_address,
                                            attempt_time__gte=get_cool_off_threshold(request))

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """Failures of this user name from this address, or the lockout count once the address is over its limit."""
        recent = self._recent(request)
        per_account = _failures(recent.filter(username=get_client_username(request, credentials)))
        if _failures(recent) >= settings.GLACY_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(per_account, get_failure_limit(request, credentials))
        return per_account

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """After a successful sign-in: forget this account's failures from this address only."""
        deleted, _counts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, username=get_client_username(request, credentials)).delete()
        return deleted
