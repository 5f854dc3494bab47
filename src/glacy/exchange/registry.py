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


# --- transfers ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReceivedFile:
    """A transferred file, whole and matching the sender's signed chunk list, handed to the domain."""

    transfer_id: uuid.UUID
    path: Any  # pathlib.Path of the assembled file (removed by the exchange once the domain has answered)
    file_name: str
    size: int
    chunk_hashes: list[str]  # the sender's signed list (the seal), each chunk checked against it
    metadata: dict[str, Any]
    conversation: Any
    sender_node: str
    sender_authority: Any
    recipient_authority: Any


@dataclass(frozen=True)
class TransferDecision:
    """The domain's answer: accepted (with details sent back) or refused with the reason."""

    accepted: bool
    reason: str = ""
    details: dict[str, Any] | None = None


@dataclass(frozen=True)
class TransferResult:
    """On the sending node: the recipient's signed answer about a transfer."""

    transfer: Any  # exchange.OutgoingTransfer
    accepted: bool
    reason: str
    details: dict[str, Any]
    message: IncomingMessage  # the signed answer itself


@dataclass(frozen=True)
class TransferHandler:
    """How a domain takes files of one purpose.

    `verify` runs outside any transaction (it may read gigabytes); `apply` runs in the transaction that records
    the answer and sends it to the sender (so what the domain keeps and what the sender is told commit
    together); `on_result` runs on the sending node in the transaction that records the recipient's answer.
    """

    verify: Callable[[ReceivedFile], TransferDecision]
    apply: Callable[[ReceivedFile, TransferDecision], dict[str, Any] | None]
    on_result: Callable[[TransferResult], None] | None = None


_transfer_handlers: dict[str, TransferHandler] = {}


def register_transfer(purpose: str, handler: TransferHandler) -> None:
    existing = _transfer_handlers.get(purpose)
    if existing is not None and existing is not handler:
        raise ValueError(f"transfer purpose {purpose!r} already has a handler")
    _transfer_handlers[purpose] = handler


def transfer_handler_for(purpose: str) -> TransferHandler | None:
    return _transfer_handlers.get(purpose)
