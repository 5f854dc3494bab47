"""Deployment checks of GLACY's own security settings (`glacy check --deploy`), beside Django's.

The production profile refuses outright what must never run (a missing, weak or development secret key,
DEBUG on; config/settings.py). These flag settings an operator may loosen on purpose but should not in
production: each says which variable to change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

#: Longest idle time and absolute session lifetime considered safe (ASVS V3.3.2: 30 min idle for L2, 12 h).
MAX_SAFE_IDLE_MINUTES = 30
MAX_SAFE_SESSION_HOURS = 12


@register(Tags.security, deploy=True)
def security_settings_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if not settings.AXES_ENABLED:
        warnings.append(Warning("Sign-in throttling is off: passwords can be guessed without limit.",
                                hint="Unset GLACY_LOGIN_THROTTLING or set it to true.", id="glacy.W001"))
    if settings.GLACY_SESSION_IDLE_MINUTES > MAX_SAFE_IDLE_MINUTES:
        warnings.append(Warning(f"Sessions stay open {settings.GLACY_SESSION_IDLE_MINUTES} minutes without "
                                "activity.", hint=f"Set GLACY_SESSION_IDLE_MINUTES to {MAX_SAFE_IDLE_MINUTES} or "
                                "less.", id="glacy.W002"))
    if settings.GLACY_SESSION_MAX_HOURS > MAX_SAFE_SESSION_HOURS:
        warnings.append(Warning(f"Sessions last up to {settings.GLACY_SESSION_MAX_HOURS} hours.",
                                hint=f"Set GLACY_SESSION_MAX_HOURS to {MAX_SAFE_SESSION_HOURS} or less.",
                                id="glacy.W003"))
    if not settings.GLACY_ADMIN_REQUIRES_SECOND_FACTOR:
        warnings.append(Warning("The back-office opens to staff signed in without a second factor.",
                                hint="Unset GLACY_ADMIN_REQUIRES_SECOND_FACTOR or set it to true.", id="glacy.W004"))
    if settings.AXES_FAILURE_LIMIT > 10 or settings.GLACY_LOGIN_ADDRESS_FAILURE_LIMIT > 100:
        warnings.append(Warning("Sign-in lockout limits are high: "
                                f"{settings.AXES_FAILURE_LIMIT} per account and address, "
                                f"{settings.GLACY_LOGIN_ADDRESS_FAILURE_LIMIT} per address.",
                                hint="Keep GLACY_LOGIN_FAILURE_LIMIT at 10 or less and "
                                "GLACY_LOGIN_ADDRESS_FAILURE_LIMIT at 100 or less.", id="glacy.W005"))
    return warnings
