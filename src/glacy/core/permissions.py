"""Roles a user holds within an authority, and the checks services make before writing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.errors import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Role(models.TextChoices):
    """What a person may do inside their authority (ARCHITECTURE.md §4)."""

    DRAFTER = "drafter", _("drafter")
    APPROVER = "approver", _("approver")
    CUSTODIAN = "custodian", _("evidence custodian")
    REVIEWER = "reviewer", _("legislation reviewer")
    TRAINER = "trainer", _("trainer")
    STATISTICIAN = "statistician", _("statistician")
    PROGRAMME_OFFICER = "programme_officer", _("programme officer")
    ADMINISTRATOR = "administrator", _("administrator")


class RoleHolder(Protocol):
    is_authenticated: bool
    is_superuser: bool

    def has_role(self, role: str) -> bool: ...


def user_has_role(user: RoleHolder | AnonymousUser, role: str) -> bool:
    """True when the user is signed in and holds the role in their authority."""
    if not user.is_authenticated:
        return False
    return bool(user.has_role(role))  # type: ignore[union-attr]


def require_role(user: RoleHolder | AnonymousUser, *roles: str) -> None:
    """Raise PermissionDenied unless the user holds at least one of the roles."""
    if not any(user_has_role(user, role) for role in roles):
        labels = ", ".join(str(Role(role).label) for role in roles)
        raise PermissionDenied(_("This action needs one of these roles: %(roles)s.") % {"roles": labels})
