"""The check every programme write makes: the actor is programme staff of the office that owns the record."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from glacy.core.errors import PermissionDenied
from glacy.core.permissions import Role, require_role


def require_programme_staff(actor: Any, authority_id: Any = None) -> None:
    """Raise unless `actor` holds the programme officer role (in the office `authority_id`, when given)."""
    require_role(actor, Role.PROGRAMME_OFFICER)
    if actor.authority_id is None or (authority_id is not None and actor.authority_id != authority_id):
        raise PermissionDenied(_("Only the programme staff of the office that runs this project may change it."))
