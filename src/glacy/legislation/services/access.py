"""Who may change a review: a legislation reviewer of the authority that imported the law or made the assessment."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from glacy.core.errors import PermissionDenied
from glacy.core.permissions import Role, require_role


def require_reviewer_of(actor: Any, authority_id: Any) -> None:
    require_role(actor, Role.REVIEWER)
    if actor.authority_id != authority_id:
        raise PermissionDenied(_("Only the reviewing authority may change its review."))
