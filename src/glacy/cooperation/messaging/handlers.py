"""Applying what the other side of a request sends: its steps, and the documents it supplies.

Every handler finds the request through the conversation (conversation id = request id) and checks that the
message comes from the request's other party and is addressed to its party on this node: a peer can change
nothing beyond the requests it is party to. A refusal (a `DomainError`) keeps nothing of the handler's changes
and is receipted to the sender with its reason.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from glacy.cooperation.messaging.emit import DOCUMENT_PURPOSE
from glacy.cooperation.messaging.payloads import PREFIX, SentRequest, StepMessage
from glacy.cooperation.models import Request, RequestDocument, RequestIdentifier
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.identifiers import PARSERS
from glacy.cooperation.rules.workflow import APPROVAL_STEPS, BY_ACTION, Status
from glacy.cooperation.services.documents import MAX_RECEIVED_BYTES, MEDIA_TYPES, safe_filename, sniff_received_format
from glacy.cooperation.services.requests import clean_content, clean_settings, timeline_add
from glacy.core.actors import RemoteActor
from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.exchange.registry import IncomingMessage, ReceivedFile, TransferDecision, TransferHandler


def _refuse(name: str, text: str) -> ValidationFailed:
    return ValidationFailed({name: [text]})


def remote_actor(*, name: str, roles: frozenset[str], sender_authority: Any, sender_node: str,
                 recipient_authority: Any) -> RemoteActor:
    return RemoteActor(name=name, authority=sender_authority, node=sender_node, recorded_for=recipient_authority,
                       roles=roles)


def request_of_conversation(*, conversation: Any, request_id: uuid.UUID, sender_authority: Any,
                            recipient_authority: Any, lock: bool = True) -> Request | None:
    """The request a message of this conversation is about, only if the message's two authorities are its two
    parties (whichever the direction). None when there is no such request here."""
    if request_id != conversation.conversation_id:
        raise _refuse("request", "the message is about another request than its conversation")
    queryset = Request.objects.select_for_update() if lock else Request.objects
    request = queryset.select_related("requesting_authority", "requested_authority").filter(pk=request_id).first()
    if request is None:
        return None
    parties = {request.requesting_authority_id, request.requested_authority_id}
    if parties != {sender_authority.pk, recipient_authority.pk}:
        raise _refuse("request", "the sender is not the other party of this request")
    return request


def _follows(sent: SentRequest, sender_authority: Any, recipient_authority: Any) -> Request | None:
    """This node's copy of the request a follow-up names: sent from the same Party to the same Party (ETS 185
    Art. 29(7) "the requesting Party"). A request this node never received stays unlinked (its reference is
    kept in the timeline)."""
    if sent.follows is None:
        return None
    return Request.objects.filter(
        pk=sent.follows[0], reference=sent.follows[1], requesting_authority__country_id=sender_authority.country_id,
        requested_authority__country_id=recipient_authority.country_id).exclude(
        status__in=[Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED]).first()


def _identifiers(request: Request, items: list[dict[str, Any]]) -> None:
    for position, item in enumerate(items):
        if item["kind"] not in PARSERS:
            raise _refuse("request_data.identifiers", f"unknown kind of identifier {item['kind']!r}")
        RequestIdentifier.objects.create(request=request, kind=item["kind"], value=item["value"],
                                         display=item["display"][:300], position=position)


def request_copy_create(*, step: StepMessage, message: IncomingMessage, actor: RemoteActor) -> Request:
    """This node's copy of a request sent to one of its authorities from another node: the same id and
    reference, what the request sends and nothing more (no case). It is created as the sending side had it just
    before sending; the "send" step itself is then applied by `request_transition`, as for any step."""
    assert step.request_data is not None
    sent = SentRequest.from_json(step.request_data)
    if (sent.requesting_authority, sent.requested_authority) != (message.sender_authority.pk,
                                                                 message.recipient_authority.pk):
        raise _refuse("request_data", "the request names other authorities than the message")
    if sent.request_type not in catalogue.BY_CODE:
        raise _refuse("request_data.type", f"unknown type of request {sent.request_type!r}")
    if sent.document_language not in {"en", "fr"}:
        raise _refuse("request_data.document_language", "documents are in English or French")
    if Request.objects.filter(reference=step.reference).exists():
        raise _refuse("reference", f"this node already has a request {step.reference}")
    request_type = catalogue.request_type(sent.request_type)
    settings_values = clean_settings(request_type=request_type, values={
        **sent.settings, "offence_articles": sent.offence_articles})
    follows = _follows(sent, message.sender_authority, message.recipient_authority)
    request = Request.objects.create(
        id=step.request, reference=step.reference, request_type=sent.request_type, case=None,
        requesting_authority=message.sender_authority, requested_authority=message.recipient_authority,
        status=Status.APPROVED if request_type.needs_approval else Status.DRAFT,
        content=clean_content(sent.content), document_language=sent.document_language, follows=follows,
        **settings_values)
    _identifiers(request, sent.identifiers)
    record_event(actor=actor, action="request.copy_received", obj=request, after={
        "reference": request.reference, "type": request.request_type, "from_node": message.sender_node,
        "message": message.id, "follows": sent.follows[1] if sent.follows else "",
        "follows_linked": follows is not None})
    return request


def _crossed_withdrawal(request: Request, step: StepMessage, actor: RemoteActor, message: IncomingMessage) -> bool:
    """A step of the requested side taken before it learnt of the withdrawal: kept on the timeline, not applied
    (the requesting side withdrew; the withdrawal reaches the other node and ends the request there too)."""
    if request.status != Status.WITHDRAWN or step.action == "withdraw":
        return False
    timeline_add(request=request, actor=actor, action="crossed_withdrawal", note=step.inputs.note,
                 details={"step": step.action, "taken_at": step.time.isoformat()}, received_message=message.id)
    record_event(actor=actor, action="request.step_after_withdrawal", obj=request,
                 after={"step": step.action, "message": message.id})
    return True


def apply_step(message: IncomingMessage) -> None:
    """Handler of `cooperation.request.<action>`: the other side took a step; take it on this node's row."""
    from glacy.cooperation.services.workflow import request_transition

    step = StepMessage.from_json(message.payload, message_type=message.type)
    transition = BY_ACTION.get(step.action)
    if transition is None:
        raise _refuse("action", f"unknown step {step.action!r}")
    actor = remote_actor(name=step.actor_name, roles=step.actor_roles, sender_authority=message.sender_authority,
                         sender_node=message.sender_node, recipient_authority=message.recipient_authority)
    request = request_of_conversation(conversation=message.conversation, request_id=step.request,
                                      sender_authority=message.sender_authority,
                                      recipient_authority=message.recipient_authority)
    if request is None:
        if step.action != "send":
            raise _refuse("request", _("This node has no copy of request %(reference)s.") % {
                "reference": step.reference})
        request = request_copy_create(step=step, message=message, actor=actor)
    if request.reference != step.reference:
        raise _refuse("reference", "the request has another reference here")
    if message.sender_node == settings.NODE_ID and request.events.filter(sent_message=message.id).exists():
        return  # both authorities on this node share the row: the sender's own step already changed it
    if _crossed_withdrawal(request, step, actor, message):
        return
    if step.action == "withdraw" and request.status not in transition.sources:
        _withdraw_after_decision(request, step, actor, message)
        return
    updated = request_transition(
        actor=actor, request=request, action=step.action, reason_code=step.inputs.reason_code,
        note=step.inputs.note, on_date=step.inputs.on_date,
        partial_or_conditional_considered=step.inputs.partial_or_conditional_considered,
        information_complete=step.inputs.information_complete, conditions=step.inputs.conditions, now=step.time,
        message=message)
    if updated.status != step.status:
        raise _refuse("status", f"after {step.action} the request is {updated.status} here but {step.status} on "
                                f"the sending node")


def _withdraw_after_decision(request: Request, step: StepMessage, actor: RemoteActor,
                             message: IncomingMessage) -> None:
    """The requesting side withdrew before it learnt of this side's decision: the withdrawal ends the request
    here too (the decision stays on the timeline), so both nodes end in the same state. Reading: a requesting
    Party may withdraw its request at any time until it knows the answer; the platform lets the withdrawal
    prevail over a decision it crossed."""
    from glacy.cooperation.services.deadlines import refresh_next_deadline

    if request.status == Status.WITHDRAWN:
        return
    if actor.authority_id != request.requesting_authority_id:
        raise _refuse("action", "only the requesting side withdraws")
    previous = request.status
    request.status, request.closed_at = Status.WITHDRAWN, step.time
    request.pending_question, request.resumes_status = "", ""
    refresh_next_deadline(request)
    request.save()
    timeline_add(request=request, actor=actor, action="withdraw", from_status=previous, to_status=Status.WITHDRAWN,
                 note=step.inputs.note, details={"crossed_decision": previous}, received_message=message.id)
    record_event(actor=actor, action="request.withdraw", obj=request, before={"status": previous},
                 after={"status": Status.WITHDRAWN, "crossed_decision": True, "message": message.id})


# --- documents ------------------------------------------------------------------------------------------------

_DOCUMENT_FIELDS = frozenset({"request", "document", "kind", "filename", "media_type", "sha256", "size",
                              "language", "actor"})


def _document_metadata(received: ReceivedFile) -> dict[str, Any]:
    metadata = received.metadata
    if set(metadata) != _DOCUMENT_FIELDS:
        raise _refuse("metadata", f"a document holds exactly {sorted(_DOCUMENT_FIELDS)}")
    if metadata["kind"] != RequestDocument.Kind.SUPPLIED or metadata["media_type"] not in MEDIA_TYPES.values():
        raise _refuse("metadata.kind", "only material supplied in PDF, DOCX or e-mail travels")
    actor = metadata["actor"]
    if not isinstance(actor, dict) or not isinstance(actor.get("name"), str) or not isinstance(
            actor.get("roles"), list):
        raise _refuse("metadata.actor", "must be {name, roles}")
    try:
        metadata["request_id"], metadata["document_id"] = uuid.UUID(metadata["request"]), uuid.UUID(
            metadata["document"])
    except (ValueError, TypeError, AttributeError) as error:
        raise _refuse("metadata.document", "not a request and a document id") from error
    return metadata


def document_verify(received: ReceivedFile) -> TransferDecision:
    """A document received for a request: its size and SHA-256 as stated, a PDF, DOCX or e-mail, for a request
    of this conversation."""
    try:
        metadata = _document_metadata(received)
        request = request_of_conversation(conversation=received.conversation, request_id=metadata["request_id"],
                                          sender_authority=received.sender_authority,
                                          recipient_authority=received.recipient_authority, lock=False)
    except ValidationFailed as error:
        return TransferDecision(accepted=False, reason=str(error.message))
    if request is None:
        return TransferDecision(accepted=False, reason="this node has no copy of the request")
    if received.size != metadata["size"] or received.size > MAX_RECEIVED_BYTES:
        return TransferDecision(accepted=False, reason="the document is not of the size stated (or over 20 MB)")
    digest = hashlib.sha256()
    with open(received.path, "rb") as handle:
        head = handle.read(65536)
        digest.update(head)
        while block := handle.read(1024 * 1024):
            digest.update(block)
    if digest.hexdigest() != metadata["sha256"]:
        return TransferDecision(accepted=False, reason="the document does not match its SHA-256")
    try:
        file_format = sniff_received_format(head)
    except ValidationFailed as error:
        return TransferDecision(accepted=False, reason=str(error.message))
    if MEDIA_TYPES[file_format] != metadata["media_type"]:
        return TransferDecision(accepted=False, reason="the document is not of the media type stated")
    return TransferDecision(accepted=True)


def document_apply(received: ReceivedFile, decision: TransferDecision) -> dict[str, Any]:
    """Keep the document with this node's copy of the request (once: the same document id)."""
    metadata = _document_metadata(received)
    request = request_of_conversation(conversation=received.conversation, request_id=metadata["request_id"],
                                      sender_authority=received.sender_authority,
                                      recipient_authority=received.recipient_authority)
    assert request is not None
    if RequestDocument.objects.filter(pk=metadata["document_id"], request=request).exists():
        return {"document": str(metadata["document_id"])}  # both authorities on this node: already there
    actor = remote_actor(name=metadata["actor"]["name"][:200], roles=frozenset(metadata["actor"]["roles"]),
                         sender_authority=received.sender_authority, sender_node=received.sender_node,
                         recipient_authority=received.recipient_authority)
    filename = safe_filename(str(metadata["filename"])) or "material"
    document = RequestDocument(id=metadata["document_id"], request=request, kind=RequestDocument.Kind.SUPPLIED,
                               filename=filename, media_type=metadata["media_type"], sha256=metadata["sha256"],
                               size=received.size, language=str(metadata["language"])[:2])
    with open(received.path, "rb") as handle:
        document.file.save(filename, File(handle), save=False)
    document.save(force_insert=True)
    timeline_add(request=request, actor=actor, action="supply_material", note=document.filename,
                 details={"sha256": document.sha256}, received_message=received.offer_message)
    record_event(actor=actor, action="request.supply_material", obj=request,
                 after={"file": document.filename, "sha256": document.sha256, "from_node": received.sender_node})
    return {"document": str(document.pk)}


DOCUMENT_HANDLER = TransferHandler(verify=document_verify, apply=document_apply)


def register() -> None:
    """Register the cooperation message types and transfer purpose (`CooperationConfig.ready()`)."""
    from glacy.exchange import registry

    for action, transition in BY_ACTION.items():
        if action not in APPROVAL_STEPS:  # drafting and approval stay with the requesting side
            registry.register(PREFIX + action, apply_step, label=transition.label)
    registry.register_transfer(DOCUMENT_PURPOSE, DOCUMENT_HANDLER)

