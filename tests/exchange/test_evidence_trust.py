"""An evidence package from another node is verified with THAT node's signing keys as this node's peer list holds
them (confirmed out of band), never with a key the package carries, this node's own keys, or another peer's keys.

The package here is a genuine, intact package signed by this node's own key. Claimed by the peer `ph-node`, it is
refused: the verifier must not trust the key inside the package nor this node's keys. Claimed by a peer whose
registered signing key is that key, it passes: the peer list, and only it, is the trust anchor."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from glacy.evidence.handover import package_verify, sender_trust
from glacy.evidence.package import package_digest
from glacy.evidence.services.export import evidence_export_package
from glacy.evidence.services.ingest import evidence_ingest
from glacy.evidence.signing import fingerprint
from glacy.evidence.tamper.package_cases import _rebag
from glacy.exchange.keys import node_signing_key
from glacy.exchange.models import Conversation, Peer
from glacy.exchange.registry import ReceivedFile
from glacy.exchange.services.peers import peer_add, peer_status_set
from tests.exchange.peerkit import FakePeer
from tests.exchange.peersteps import local_officer, request_to_peer


def _zip(bag: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "x", zipfile.ZIP_STORED) as archive:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                archive.write(path, Path(bag.name) / path.relative_to(bag))
    return target


def _offer(world: Any, tmp_path: Path, capture: Any) -> tuple[Any, Path, str, Path]:
    """A request of this node's 24/7 point to the peer's, and an intact package this node signed (as bag and ZIP)."""
    officer = local_officer(world)
    with capture(execute=True):
        request = request_to_peer(world, officer)
        source = tmp_path / "connection-logs.csv"
        source.write_bytes(b"2026-03-02T03:14:07Z 203.0.113.45:51820 connected\n" * 500)
        item = evidence_ingest(actor=officer, case=request.case, path=source, description="Connection logs")
        bag = evidence_export_package(actor=officer, item=item, destination=tmp_path / "package",
                                      purpose="test of the trust anchors")
    return request, bag, package_digest(bag), _zip(bag, tmp_path / "package.zip")


def _received(world: Any, request: Any, path: Path, digest: str, *, node: str) -> ReceivedFile:
    conversation = Conversation.objects.get(conversation_id=request.pk, local_authority=world.ours_other)
    return ReceivedFile(
        transfer_id=uuid.uuid4(), path=path, file_name=path.name, size=path.stat().st_size, chunk_hashes=[],
        metadata={"request": str(request.pk), "reference": request.reference, "item": str(uuid.uuid4()),
                  "exhibit_number": "PH-2026-0001/1", "description": "Connection logs", "package_sha256": digest,
                  "actor": {"name": "Maria Santos", "roles": ["custodian"]}},
        conversation=conversation, sender_node=node, sender_authority=world.theirs,
        recipient_authority=world.ours_other)


def test_a_package_is_verified_with_the_sender_nodes_key_from_the_peer_list_only(
        exchange_world: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    world = exchange_world
    request, _bag, digest, package = _offer(world, tmp_path, django_capture_on_commit_callbacks)
    own = fingerprint(node_signing_key().public_key())

    trust = sender_trust("ph-node")
    assert [key.fingerprint for key in trust.keys.values()] == [world.peer.fingerprint]
    assert own not in trust

    refused = package_verify(_received(world, request, package, digest, node="ph-node"))
    assert refused.accepted is False
    assert refused.reason.startswith("the package failed verification: ")
    assert f"signed with key {own}, which is NOT in" in refused.reason
    assert "the signing keys of ph-node (test) (ph-node) in this node's peer list" in refused.reason

    # A second peer whose registered signing key is the one that signed the package: the same bytes pass.
    signer = FakePeer(node="xx-node", signing=node_signing_key())
    with transaction.atomic():
        peer = peer_add(actor=None, document=signer.identity_document(), fingerprint=signer.fingerprint)
    accepted = package_verify(_received(world, request, package, digest, node="xx-node"))
    assert accepted.accepted is True, accepted.reason
    assert accepted.context["sender"]["key_fingerprint"] == own
    assert "signature" in " ".join(accepted.details["checks"])

    # The same peer suspended: its keys are no longer a trust anchor.
    with transaction.atomic():
        peer_status_set(actor=None, peer=peer, status=Peer.Status.SUSPENDED)
    suspended = package_verify(_received(world, request, package, digest, node="xx-node"))
    assert suspended.accepted is False
    assert f"signed with key {own}, which is not in the trust list" in suspended.reason
    assert (len(sender_trust("xx-node")), sender_trust("xx-node").source) == (
        0, "the peer list (no active peer xx-node)")


def test_a_package_resigned_with_a_key_it_carries_is_refused(
        exchange_world: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    world = exchange_world
    request, bag, _digest, _package = _offer(world, tmp_path, django_capture_on_commit_callbacks)
    # A forger changes the exhibit, recomputes every manifest and signs with a key of theirs, which they write into
    # bag-info.txt: a package that is self-consistent and "verifies" against the key it carries.
    next(path for path in sorted((bag / "data").rglob("*")) if path.is_file()).write_bytes(b"planted\n")
    forger = Ed25519PrivateKey.generate()
    _rebag(bag, forger)
    forged = _zip(bag, tmp_path / "forged.zip")

    refused = package_verify(_received(world, request, forged, package_digest(bag), node="ph-node"))
    assert refused.accepted is False
    assert f"signed with key {fingerprint(forger.public_key())}, which is NOT in" in refused.reason
