"""Who administers the node's exchange (keys, peers, the outbox): its operators."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from glacy.core.errors import PermissionDenied
from glacy.directory.models import AuthorityKind


def can_administer_node(user: Any) -> bool:
    """Node-wide settings belong to the node's operators: superusers, and administrators of the programme
    office where the node has one (the same rule as treaty reference data)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    authority = getattr(user, "authority", None)
    return bool(authority and authority.kind == AuthorityKind.PROGRAMME_OFFICE and user.has_role("administrator"))


def require_node_administrator(actor: Any) -> None:
    """The command line (actor None) acts as the operator who holds the key files; a page needs an operator."""
    if actor is not None and not can_administer_node(actor):
        raise PermissionDenied(_("Only the node's operators may change its keys and peers."))
