"""Helpers shared by the `glacy` commands that act for a user (the `--as USER` option)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from glacy.core.errors import DomainError


def acting_user(username: str) -> Any:
    """The active account a command acts for; its authority and roles are checked by the services."""
    from glacy.directory.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--as: no active user {username!r}.")
    return user


def command_error(error: DomainError) -> CommandError:
    """A service's refusal as one line: "field: message; field: message" or the message itself."""
    errors = getattr(error, "errors", None)
    return CommandError("; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
                        if errors else str(error.message))
