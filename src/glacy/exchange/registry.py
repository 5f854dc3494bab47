"""Which code applies an incoming message: an explicit registry filled by each domain app in its
``AppConfig.ready()`` (ARCHITECTURE.md §7: exchange never imports a domain app, and no signals).

A handler runs inside the transaction that records the message as applied, so the change it makes and the
"applied" mark commit together (exactly once). It may raise `glacy.core.errors.DomainError` to refuse the
message with a reason the sender is told (the conversation goes on; nothing of the handler's is kept).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IncomingMessage:
    """A verified message, in order, about to be applied."""

    id: uuid.UUID
    conversation: Any  # exchange.Conversation: this node's side (local authority, the other party)
    sequence: int
    type: str
    sender_node: str
    sender_authority: Any  # directory.Authority (a remote copy, or a local authority for a local delivery)
    recipient_authority: Any  # directory.Authority of this node
    created: datetime.datetime
    payload: dict[str, Any]
    signed_hash: str


Handler = Callable[[IncomingMessage], None]
_handlers: dict[str, Handler] = {}
_labels: dict[str, Any] = {}


def register(message_type: str, handler: Handler, *, label: Any = "") -> None:
    """Make `handler` apply messages of `message_type` (once per type; a second registration is a bug).
    `label` is what pages show for the type (a lazily translated string)."""
    existing = _handlers.get(message_type)
    if existing is not None and existing is not handler:
        raise ValueError(f"message type {message_type!r} already has a handler")
    _handlers[message_type] = handler
    if label:
        _labels[message_type] = label


def handler_for(message_type: str) -> Handler | None:
    return _handlers.get(message_type)


def label_for(message_type: str) -> Any:
    """The page label of a message type (the type itself only for a type this node does not know)."""
    return _labels.get(message_type, message_type)


def registered_types() -> list[str]:
    return sorted(_handlers)
