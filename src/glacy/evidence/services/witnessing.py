"""Witnessing as services: the node writes requests and keeps cosignatures; as a witness it cosigns another
node's checkpoints after checking they extend what it cosigned before (witness.py holds the documents)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.evidence.custody import format_utc
from glacy.evidence.models import CheckpointCosignature, CustodyCheckpoint, WitnessedHead
from glacy.evidence.package import public_key_base64
from glacy.evidence.services.checkpoints import checkpoint_sign
from glacy.evidence.services.custody import log_tree
from glacy.evidence.trust import TrustList
from glacy.evidence.witness import (
    WitnessRefused,
    checkpoint_digest,
    cosignature_document,
    cosignature_read,
    witness_check,
    witness_request,
)


def _refused(error: WitnessRefused, field: str) -> ValidationFailed:
    return ValidationFailed({field: [str(error)]})


def witness_request_write(output: Path, *, extra_sizes: list[int] | None = None) -> CustodyCheckpoint:
    """Sign a checkpoint of the current log and write the request for witnesses, with consistency proofs from
    the heads the witnesses last cosigned, the previous checkpoint and any size asked for."""
    checkpoint = checkpoint_sign()
    tree = log_tree(checkpoint.tree_size)
    sizes = set(extra_sizes or [])
    sizes.update(CustodyCheckpoint.objects.filter(cosignatures__isnull=False, tree_size__lt=checkpoint.tree_size)
                 .values_list("tree_size", flat=True).distinct())
    previous = CustodyCheckpoint.objects.filter(tree_size__lt=checkpoint.tree_size).order_by("-tree_size").first()
    if previous is not None:
        sizes.add(previous.tree_size)
    if any(not 0 < size <= checkpoint.tree_size for size in sizes):
        raise ValidationFailed({"from_size": [str(_("An earlier tree size is between 1 and %(size)s.") % {
            "size": checkpoint.tree_size})]})
    proofs = {size: (tree.root(size).hex(), tree.consistency_proof(size, checkpoint.tree_size)) for size in sizes
              if size < checkpoint.tree_size}
    output.write_text(witness_request(node=settings.NODE_ID, node_name=settings.NODE_NAME,
                                      public_key=checkpoint.public_key, statement=checkpoint.statement,
                                      signature=checkpoint.signature, proofs=proofs), encoding="utf-8")
    return checkpoint


def witness_cosign(request: Path, output: Path, *, trust: TrustList) -> WitnessedHead:
    """As a witness: check another node's request (its key must be in ``trust``; its log must extend the head
    last cosigned for it), record the head and write the cosignature."""
    from glacy.exchange.keys import node_signing_key

    document = request.read_text(encoding="utf-8")
    with transaction.atomic():
        try:
            unverified = witness_check(document, trust=trust, last_head=None)
            last = WitnessedHead.objects.select_for_update().filter(
                node_fingerprint=unverified.key_fingerprint).order_by("-tree_size").first()
            checked = witness_check(document, trust=trust,
                                    last_head=(last.tree_size, last.root_hash) if last is not None else None)
        except WitnessRefused as error:
            raise _refused(error, "request") from error
        head = WitnessedHead.objects.create(node_name=checked.node_name or checked.node,
                                            node_fingerprint=checked.key_fingerprint, tree_size=checked.tree_size,
                                            root_hash=checked.root_hash)
        key = node_signing_key()
        output.write_text(cosignature_document(checked, witness=settings.NODE_NAME, cosigned_at=format_utc(
            timezone.now()), key=key, public_key=public_key_base64(key)), encoding="utf-8")
        record_event(actor=None, action="evidence.witness_cosign", obj=head,
                     after={"node": checked.node, "tree_size": checked.tree_size, "root_hash": checked.root_hash})
    return head


def cosignature_import(path: Path, *, trust: TrustList) -> CheckpointCosignature:
    """Keep a witness's cosignature of one of this node's checkpoints (the witness key must be in ``trust``)."""
    try:
        cosignature = cosignature_read(path.read_text(encoding="utf-8"), trust=trust)
    except WitnessRefused as error:
        raise _refused(error, "cosignature") from error
    checkpoint = CustodyCheckpoint.objects.filter(tree_size=cosignature.tree_size,
                                                  root_hash=cosignature.root_hash).first()
    if checkpoint is None or checkpoint_digest(checkpoint.statement) != cosignature.checkpoint_sha256:
        raise ValidationFailed({"cosignature": [str(_("The cosignature is for a checkpoint this node did not sign "
                                                      "(%(size)s events).") % {"size": cosignature.tree_size})]})
    try:
        with transaction.atomic():
            stored = CheckpointCosignature.objects.create(
                checkpoint=checkpoint, witness_name=cosignature.witness,
                witness_fingerprint=cosignature.key_fingerprint, statement=cosignature.statement,
                signature=cosignature.signature)
            record_event(actor=None, action="evidence.checkpoint_cosigned", obj=checkpoint,
                         after={"witness": cosignature.witness, "key": cosignature.key_fingerprint})
    except IntegrityError as error:
        raise ValidationFailed({"cosignature": [str(_("This witness's cosignature of that checkpoint is already "
                                                      "kept."))]}) from error
    return stored
