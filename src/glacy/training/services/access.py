"""Who may change training records: trainers and programme staff of the office that runs the course."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from glacy.core.errors import PermissionDenied
from glacy.core.permissions import Role, require_role


def require_training_staff(actor: Any, authority_id: Any) -> None:
    require_role(actor, Role.TRAINER, Role.PROGRAMME_OFFICER)
    if actor.authority_id is None or actor.authority_id != authority_id:
        raise PermissionDenied(_("Only the trainers and programme staff of the office that runs this course may "
                                 "change its records."))
