"""The unread count of the bell in the header: one indexed count per page, for signed-in users only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from glacy.notifications.services import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Lazy: pages that do not draw the header (documents, e-mails) do not pay for the count.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
