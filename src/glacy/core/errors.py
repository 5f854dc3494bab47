"""Domain errors raised by services and mapped to pages, API responses and CLI messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the operation; the message is safe to show to the user."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message

    @property
    def text(self) -> str:
        """The refusal as one sentence for a page message, a job's error field or a command's output."""
        return str(self.message)


class ValidationFailed(DomainError):
    """Input was refused; `errors` maps each field name to its messages ("__all__" for the whole form)."""

    def __init__(self, errors: Mapping[str, Sequence[str | Promise]]) -> None:
        self.errors = {field: [str(message) for message in messages] for field, messages in errors.items()}
        summary = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items())
        super().__init__(summary)

    @property
    def text(self) -> str:
        return " ".join(" ".join(messages) for messages in self.errors.values())


class PermissionDenied(DomainError):
    """The actor lacks the role the operation needs (for objects the actor may see)."""


class InvalidTransition(DomainError):
    """A workflow step is not allowed from the object's current state."""
