"""Asking a signed-in user to prove again who they are before a sensitive change (ASVS V3.7 / V2.5).

Switching the second factor off and issuing an API token are the changes an intruder in an open session
would make first, so they need the account's password or a current authenticator code. A session that gets
the confirmation wrong MAX_FAILURES times in a row is signed out: a stolen session cannot be used to guess
the password at leisure.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django_otp import match_token

from glacy.core.two_factor import user_has_confirmed_device

MAX_FAILURES = 5
_FAILURES_KEY = "glacy_reauthentication_failures"


class SignedOut(Exception):
    """Too many wrong confirmations: the session has been ended."""


def identity_confirmed(request: Any, secret: str) -> bool:
    """Whether `secret` is the user's password or a current code of their confirmed device.

    Counts failures in the session; the MAX_FAILURES-th wrong answer signs the session out (SignedOut).
    """
    user = request.user
    secret = secret.strip() if secret.strip().isdigit() else secret
    is_code = secret.isdigit() and 6 <= len(secret) <= 8 and user_has_confirmed_device(user)
    if (is_code and match_token(user, secret) is not None) or (secret and user.check_password(secret)):
        request.session.pop(_FAILURES_KEY, None)
        return True
    failures = int(request.session.get(_FAILURES_KEY, 0)) + 1
    if failures >= MAX_FAILURES:
        logout(request)
        raise SignedOut
    request.session[_FAILURES_KEY] = failures
    return False
