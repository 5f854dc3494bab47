"""Sending a step to the other side, inside the transaction of the step (called by the services only).

One code path: the message goes to the outbox whether the other authority is on another node (delivered over
HTTPS) or on this one (delivered to this node's own inbox by the same worker).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from glacy.cooperation.messaging.payloads import StepInputs, StepMessage, request_data_of, step_type
from glacy.cooperation.models import Request, RequestDocument, RequestEvent
from glacy.cooperation.rules.workflow import BEFORE_SENDING, REQUESTING

#: A step waits up to thirty days for a slow or unreachable node (the longest the exchange allows).
STEP_LIFETIME = datetime.timedelta(days=30)
DOCUMENT_PURPOSE = "cooperation.document"


def step_travels(*, request: Request, action: str, previous: str) -> bool:
    """Every step from "send" on concerns the other side; drafting and approval do not. A request registered
    from a paper received outside the platform, whose requesting authority is on another node, did not come
    through the exchange: that node has no copy to change (its steps stay here)."""
    if request.is_incoming_registration and request.requesting_authority.is_remote:
        return False
    return action == "send" or previous not in BEFORE_SENDING


def parties(request: Request, side: str) -> tuple[Any, Any]:
    """(the acting side's authority, the other side's authority)."""
    if side == REQUESTING:
        return request.requesting_authority, request.requested_authority
    return request.requested_authority, request.requesting_authority


def _roles(actor: Any) -> frozenset[str]:
    return frozenset(actor.role_codes()) if hasattr(actor, "role_codes") else frozenset()


def _name(actor: Any) -> str:
    return str(actor.get_full_name() or actor.get_username())


def step_emit(*, request: Request, event: RequestEvent, side: str, previous: str, moment: datetime.datetime,
              actor: Any, inputs: StepInputs) -> None:
    """Queue the step's signed message to the other side and note it on the timeline event."""
    from glacy.exchange.services.outbox import message_send

    if not step_travels(request=request, action=event.action, previous=previous):
        return
    sender, recipient = parties(request, side)
    step = StepMessage(request=request.pk, reference=request.reference, action=event.action, time=moment,
                       actor_name=_name(actor), actor_roles=_roles(actor), inputs=inputs, status=request.status,
                       request_data=request_data_of(request) if event.action == "send" else None)
    message = message_send(conversation_id=request.pk, sender_authority=sender, recipient_authority=recipient,
                           message_type=step_type(event.action), payload=step.as_json(), actor=actor,
                           lifetime=STEP_LIFETIME)
    event.sent_message = message.pk
    event.save(update_fields=["sent_message", "updated_at"])


def document_emit(*, request: Request, document: RequestDocument, event: RequestEvent, side: str,
                  actor: Any) -> None:
    """Offer a document of the request (material supplied) to the other side as a transfer of the request's
    conversation; the other side stores it with its copy once its SHA-256 matches."""
    from glacy.exchange.transfers.services import transfer_offer, transfer_prepare

    sender, recipient = parties(request, side)
    prepared = transfer_prepare(Path(document.file.path), file_name=document.filename)
    transfer = transfer_offer(prepared=prepared, conversation_id=request.pk, sender_authority=sender,
                              recipient_authority=recipient, purpose=DOCUMENT_PURPOSE, actor=actor, metadata={
                                  "request": str(request.pk), "document": str(document.pk), "kind": document.kind,
                                  "filename": document.filename, "media_type": document.media_type,
                                  "sha256": document.sha256, "size": document.size, "language": document.language,
                                  "actor": {"name": _name(actor), "roles": sorted(_roles(actor))}})
    event.sent_message = transfer.offer_id
    event.save(update_fields=["sent_message", "updated_at"])
