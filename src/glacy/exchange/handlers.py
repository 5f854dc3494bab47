"""The exchange's own message types and transfer purpose.

``exchange.ping`` is a connectivity check between two authorities. ``exchange.file`` is a file handed over as
it is (kept under the data folder once its SHA-256 matches); the benchmark and the transfer tests use it.

Applying a ping changes nothing but the inbox's own record of it (received, applied, receipted), which is
what an operator checks after adding a peer; the benchmark sends pings through the full path.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from glacy.exchange.models import OutboundMessage
from glacy.exchange.registry import IncomingMessage, ReceivedFile, TransferDecision, TransferHandler

PING = "exchange.ping"


def apply_ping(message: IncomingMessage) -> None:
    """A ping has no effect beyond being received in order and receipted."""


def ping_send(*, sender_authority: Any, recipient_authority: Any, note: str = "",
              conversation_id: uuid.UUID | None = None) -> OutboundMessage:
    """Queue a ping (inside the caller's transaction)."""
    from glacy.exchange.services.outbox import message_send

    return message_send(conversation_id=conversation_id or uuid.uuid4(), sender_authority=sender_authority,
                        recipient_authority=recipient_authority, message_type=PING, payload={"note": note})


def _file_verify(received: ReceivedFile) -> TransferDecision:
    """A plain file needs nothing beyond the SHA-256 the exchange already checked."""
    return TransferDecision(accepted=True)


def _file_apply(received: ReceivedFile, decision: TransferDecision) -> dict[str, Any]:
    """Keep the file under the data folder (exchange/received/<transfer>/<name>), read-only."""
    folder = Path(settings.DATA_DIR) / "exchange" / "received" / str(received.transfer_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / received.file_name
    if not target.exists():
        os.link(received.path, target)
        target.chmod(0o444)
    return {"stored_as": f"exchange/received/{received.transfer_id}/{received.file_name}"}


FILE_PURPOSE = "exchange.file"
FILE_HANDLER = TransferHandler(verify=_file_verify, apply=_file_apply)
