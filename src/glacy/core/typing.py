"""Types shared by views: a request whose user is known to be signed in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from glacy.directory.models import User


class AuthenticatedRequest(HttpRequest):
    """The request seen by views behind login_required (the user is a real account)."""

    user: User  # type: ignore[assignment]
