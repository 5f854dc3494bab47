"""Handing an exhibit over to the other side of a request, through the exchange.

Sending node: a custodian of the requested side answers the request with an exhibit: its signed package
(BagIt + CASE/UCO, the chain up to a checkpoint; the `exported` custody event states the package digest) is
zipped and offered as a transfer of the request's conversation (purpose ``evidence.package``). When the
recipient's signed answer arrives, the exhibit's chain records the hand-over: ``transferred`` (released), naming
the receiving authority and node, the package digest, and the recipient's signed answer (message id and hash,
kept in this node's inbox).

Receiving node: once every chunk is in and sealed, the package is verified exactly as ``glacy evidence verify``
does, with the SENDING node's signing keys from this node's peer list as the only trust anchors (a package
signed by any other key, or failing any check, is refused with the reason, and the sender is told); the
exhibit is then stored and registered in the request's case, its first custody event ``received`` stating the
sender's node, key, last event, checkpoint and package digest, and the sender's signed offer and seal.
Verification and storing the bytes run outside any transaction; registering and answering the sender are one
transaction.
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.messaging.handlers import remote_actor, request_of_conversation
from glacy.cooperation.models import Request
from glacy.cooperation.rules.conditions import ConditionState
from glacy.cooperation.selectors import is_requested_side
from glacy.cooperation.services.documents import SUPPLY_STATUSES
from glacy.cooperation.services.requests import timeline_add
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.directory.models import User
from glacy.evidence.custody import EventType
from glacy.evidence.models import EvidenceItem
from glacy.evidence.package import package_digest
from glacy.evidence.services.custody import custody_append
from glacy.evidence.services.export import evidence_export_package
from glacy.evidence.services.ingest import evidence_receive, evidence_stage
from glacy.evidence.trust import TrustedKey, TrustList
from glacy.evidence.verify_package import verify_package
from glacy.exchange.registry import ReceivedFile, TransferDecision, TransferHandler, TransferResult

PURPOSE = "evidence.package"
_METADATA = frozenset({"request", "reference", "item", "exhibit_number", "description", "package_sha256", "actor"})


def _performer(actor: Any) -> str:
    return str(actor.get_full_name() or actor.get_username())


def _zip_bag(bag: Path, target: Path) -> None:
    """The bag folder as one ZIP (stored: the payload is usually compressed already, and a transfer of GBs
    should not wait for deflate). Written file by file, never held in memory."""
    with zipfile.ZipFile(target, "x", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                archive.write(path, Path(bag.name) / path.relative_to(bag))


def evidence_package_send(*, actor: Any, item: EvidenceItem, request: Request) -> Any:
    """Answer `request` with exhibit `item`: export its signed package and offer it to the requesting side.

    Custodians of the requested authority, while the request is in execution or executed (the time material
    is supplied), and not while conditions it proposed wait for an answer. Returns the outgoing transfer.
    """
    from glacy.exchange.transfers.services import outgoing_folder, transfer_offer, transfer_prepare

    require_role(actor, Role.CUSTODIAN)
    if item.case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only custodians of the exhibit's authority may hand it over."))
    if not is_requested_side(user=actor, request=request):
        raise PermissionDenied(_("Evidence answers a request: only the requested authority sends it."))
    if request.status not in SUPPLY_STATUSES:
        raise ValidationFailed({"request": [str(_("Evidence is sent while the request is in execution or once it "
                                                  "is executed."))]})
    if request.conditions.filter(state=ConditionState.PROPOSED).exists():
        raise ValidationFailed({"request": [str(_("Wait for the answer to the conditions you proposed."))]})
    folder = outgoing_folder() / f"package-{uuid.uuid4()}"
    folder.mkdir(parents=True)
    try:
        bag = evidence_export_package(actor=actor, item=item, destination=folder / "package",
                                      purpose=str(_("answer to request %(reference)s") % {
                                          "reference": request.reference}))
        digest = package_digest(bag)
        archive = folder / f"{item.exhibit_number.replace('/', '_')}-package.zip"
        _zip_bag(bag, archive)
        archive.chmod(0o444)
        prepared = transfer_prepare(archive)
        with transaction.atomic():
            transfer = transfer_offer(
                prepared=prepared, conversation_id=request.pk, sender_authority=request.requested_authority,
                recipient_authority=request.requesting_authority, purpose=PURPOSE, actor=actor, metadata={
                    "request": str(request.pk), "reference": request.reference, "item": str(item.pk),
                    "exhibit_number": item.exhibit_number, "description": item.description[:500],
                    "package_sha256": digest,
                    "actor": {"name": _performer(actor), "roles": sorted(actor.role_codes())}})
            event = timeline_add(request=request, actor=actor, action="send_evidence", note=item.exhibit_number,
                                 details={"package_sha256": digest, "transfer": str(transfer.pk)})
            event.sent_message = transfer.offer_id
            event.save(update_fields=["sent_message", "updated_at"])
            record_event(actor=actor, action="evidence.send", obj=item, authority=item.case.authority,
                         after={"request": request.reference, "package_sha256": digest, "transfer": transfer.pk,
                                "to": str(request.requesting_authority)})
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the spool keeps its own link to the archive
    return transfer


# --- receiving ------------------------------------------------------------------------------------------------

def _metadata(received: ReceivedFile) -> dict[str, Any]:
    metadata = dict(received.metadata)
    if set(metadata) != _METADATA or not isinstance(metadata["actor"], dict) \
            or not isinstance(metadata["actor"].get("name"), str) or not isinstance(metadata["actor"].get("roles"),
                                                                                    list):
        raise ValidationFailed({"metadata": [f"an evidence package holds exactly {sorted(_METADATA)}"]})
    try:
        metadata["request_id"] = uuid.UUID(str(metadata["request"]))
    except ValueError as error:
        raise ValidationFailed({"metadata.request": ["not a request id"]}) from error
    return metadata


def sender_trust(node: str) -> TrustList:
    """The trust anchors for a package from `node`: that node's signing keys as this node's peer list holds them
    (confirmed out of band), or this node's own keys for a hand-over between two of its authorities. Never a
    key the package carries."""
    from glacy.evidence.services.node_history import own_trust

    if node == settings.NODE_ID:
        return own_trust()
    from glacy.exchange.keys import is_confirmed, peer_signing_keys
    from glacy.exchange.models import Peer

    peer = Peer.objects.filter(node=node, status=Peer.Status.ACTIVE).first()
    if peer is None:
        return TrustList(f"the peer list (no active peer {node})")
    return TrustList.of(f"the signing keys of {peer.name} ({node}) in this node's peer list", (
        TrustedKey(peer.name, record.public_key())  # type: ignore[arg-type]
        for record in peer_signing_keys(node)
        if not record.needs_confirmation or is_confirmed(node=node, fingerprint=record.fingerprint)))


def _payload_of(bag: Path) -> Path:
    entries = sorted((bag / "data").iterdir())
    folders = [path for path in entries if path.is_dir()]
    if len(folders) == 1 and [path.name for path in entries if path.is_file()] == [f"{folders[0].name}.sha256"]:
        return folders[0]
    if len(entries) == 1 and entries[0].is_file():
        return entries[0]
    raise ValidationFailed({"package": [str(_("The package must hold exactly one exhibit file or folder."))]})


def _refused(reason: str) -> TransferDecision:
    return TransferDecision(accepted=False, reason=reason)


def package_verify(received: ReceivedFile) -> TransferDecision:
    """Verify the package as `glacy evidence verify` does, against the sender node's keys, and store the
    exhibit's bytes (outside any transaction)."""
    try:
        metadata = _metadata(received)
        request = request_of_conversation(conversation=received.conversation, request_id=metadata["request_id"],
                                          sender_authority=received.sender_authority,
                                          recipient_authority=received.recipient_authority, lock=False)
    except ValidationFailed as error:
        return _refused(str(error.message))
    if request is None or request.requesting_authority_id != received.recipient_authority.pk \
            or request.case_id is None:
        return _refused("evidence answers a request of a case of the receiving authority, and there is none here")
    with verify_package(received.path, trust=sender_trust(received.sender_node)) as verdict:
        if not verdict.passed:
            failed = "; ".join(f"{check.name}: {check.detail}" for check in verdict.checks if not check.passed)
            return _refused(f"the package failed verification: {failed}")
        sender = dict(verdict.sender)
        if sender.get("package_sha256") != metadata["package_sha256"]:
            return _refused("the package is not the one offered (its digest differs from the offer)")
        try:
            staged = evidence_stage(_payload_of(verdict.bag_dir))
        except ValidationFailed as error:
            return _refused(str(error.message))
        checks = [check.name for check in verdict.checks]
    return TransferDecision(accepted=True, details={"checks": checks}, context={"staged": staged, "sender": sender})


def _custodians(request: Request) -> list[Any]:
    """Who keeps the exhibit here: the case team's custodians (and whoever drafted the request, if custodian)."""
    assert request.case is not None
    drafted = Q(pk=request.created_by_id) if request.created_by_id is not None else Q(pk__in=[])
    return list(User.objects.filter(Q(cases=request.case) | drafted, authority_id=request.requesting_authority_id,
                                    is_active=True, role_assignments__role=Role.CUSTODIAN).distinct())


def package_apply(received: ReceivedFile, decision: TransferDecision) -> dict[str, Any]:
    """Register the exhibit in the request's case (in the transaction that answers the sender)."""
    metadata = _metadata(received)
    request = request_of_conversation(conversation=received.conversation, request_id=metadata["request_id"],
                                      sender_authority=received.sender_authority,
                                      recipient_authority=received.recipient_authority)
    assert request is not None
    assert request.case is not None
    actor = remote_actor(name=str(metadata["actor"]["name"])[:200], roles=frozenset(metadata["actor"]["roles"]),
                         sender_authority=received.sender_authority, sender_node=received.sender_node,
                         recipient_authority=received.recipient_authority)
    sender = decision.context["sender"]
    provenance = {f"sender_{name}": str(value) for name, value in sender.items()} | {
        "handover": "received", "from_node": received.sender_node, "from_authority": str(received.sender_authority),
        "released_by": actor.name, "transfer": str(received.transfer_id), "request": request.reference,
        "sender_exhibit_number": str(metadata["exhibit_number"]),
        "offer_message": str(received.offer_message or ""), "seal_message": str(received.seal_message or ""),
        "seal_sha256": received.seal_hash}
    item = evidence_receive(
        actor=actor, case=request.case, staged=decision.context["staged"],
        description=str(_("%(exhibit)s of %(authority)s: %(description)s") % {
            "exhibit": metadata["exhibit_number"], "authority": received.sender_authority,
            "description": metadata["description"]})[:2000],
        answers_request=request, stated_hashes={"sha256": sender.get("exhibit_sha256", "")}, provenance=provenance,
        received_by=f"{received.recipient_authority} ({settings.NODE_ID})", custodians=_custodians(request))
    timeline_add(request=request, actor=actor, action="receive_evidence", note=item.exhibit_number,
                 details={"sender_exhibit": metadata["exhibit_number"], "package_sha256": metadata["package_sha256"],
                          "transfer": str(received.transfer_id)}, received_message=received.offer_message)
    return {"exhibit_number": item.exhibit_number, "item": str(item.pk), "sha256": item.sha256}


def package_result(result: TransferResult) -> None:
    """On the sending node: the recipient's signed answer. Accepted: the exhibit's chain records its release to
    the other authority, with that answer. Refused: the request's timeline says why."""
    transfer = result.transfer
    metadata = dict(transfer.metadata)
    item = EvidenceItem.objects.select_related("case").get(pk=metadata["item"])
    request = Request.objects.get(pk=metadata["request"])
    message = result.message
    answerer = remote_actor(name=str(message.sender_authority), roles=frozenset(),
                            sender_authority=message.sender_authority, sender_node=message.sender_node,
                            recipient_authority=message.recipient_authority)
    received_as = str(result.details.get("exhibit_number", ""))
    if result.accepted:
        custody_append(item=item, event_type=EventType.TRANSFERRED, performer=str(metadata["actor"]["name"]),
                       purpose=str(_("answer to request %(reference)s") % {"reference": request.reference}),
                       releasing_person=str(metadata["actor"]["name"]),
                       receiving_person=f"{message.sender_authority} ({message.sender_node})",
                       hashes_before={"sha256": item.sha256}, details={
                           "handover": "released", "to_node": message.sender_node,
                           "to_authority": str(message.sender_authority), "transfer": str(transfer.pk),
                           "package_sha256": str(metadata["package_sha256"]), "received_as": received_as,
                           "answer_message": str(message.id), "answer_sha256": message.signed_hash})
    timeline_add(request=request, actor=answerer, action="evidence_accepted" if result.accepted else
                 "evidence_refused", note=received_as if result.accepted else result.reason,
                 details={"exhibit": item.exhibit_number, "transfer": str(transfer.pk)},
                 received_message=message.id)
    record_event(actor=answerer, action="evidence.handover_accepted" if result.accepted else
                 "evidence.handover_refused", obj=item, authority=item.case.authority,
                 after={"request": request.reference, "reason": result.reason, "received_as": received_as,
                        "answer_message": message.id, "answer_sha256": message.signed_hash})


PACKAGE_HANDLER = TransferHandler(verify=package_verify, apply=package_apply, on_result=package_result)
