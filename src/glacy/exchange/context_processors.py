"""Whether the signed-in user operates the node's exchange (for the navigation link)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from glacy.exchange.permissions import can_administer_node


def exchange(request: HttpRequest) -> dict[str, Any]:
    return {"can_administer_exchange": can_administer_node(getattr(request, "user", None))}
