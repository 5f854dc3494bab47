"""Values every page needs: node name, languages, the user's authority."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "node_name": settings.NODE_NAME,
        "available_languages": settings.LANGUAGES,
        "user_authority": getattr(user, "authority", None) if user is not None and user.is_authenticated else None,
    }
