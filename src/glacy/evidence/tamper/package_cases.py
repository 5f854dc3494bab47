"""Attacks on an exported package: edits, deletions, re-signing with another key, full forgery."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import custody_record_create, format_utc
from glacy.evidence.package import SIGNATURE_FILE
from glacy.evidence.signing import raw_public_key, sign
from glacy.evidence.tamper.scene import Scene, case


def _flip(path: Path, at: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    position = len(data) // 2 if at is None else at
    data[position] = (data[position] + 1) % 256 if data[position] not in b"\n" else ord("x")
    path.write_bytes(bytes(data))


def _rebag(bag: Path, key: Ed25519PrivateKey | None = None) -> None:
    """What a forger does after editing a package: recompute every manifest, and re-sign with a key of theirs."""
    import bagit

    opened = bagit.Bag(str(bag))
    if key is not None:
        opened.info["Glacy-Signing-Public-Key"] = base64.b64encode(raw_public_key(key.public_key())).decode()
        opened.info["Glacy-Signing-Key-Fingerprint"] = hashlib.sha256(raw_public_key(key.public_key())).hexdigest()
    opened.save(manifests=True)
    if key is not None:
        (bag / SIGNATURE_FILE).write_text(sign(key, (bag / "tagmanifest-sha256.txt").read_bytes()) + "\n")


def _data_file(bag: Path) -> Path:
    return next(path for path in sorted((bag / "data").iterdir()) if path.is_file())




@case("package: a byte of the exhibit changed", "package")
def _payload(scene: Scene, bag: Path) -> str:
    _flip(_data_file(bag))
    return f"data/{_data_file(bag).name}"


@case("package: bag-info.txt edited", "package")
def _bag_info(scene: Scene, bag: Path) -> str:
    path = bag / "bag-info.txt"
    path.write_text(path.read_text().replace("tamper suite", "another purpose"))
    return "bag-info.txt"


@case("package: payload manifest edited", "package")
def _manifest(scene: Scene, bag: Path) -> str:
    _flip(bag / "manifest-sha256.txt", 3)
    return "manifest-sha256.txt"


@case("package: a custody record's performer changed", "package")
def _custody_field(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "custody.jsonl"
    path.write_text(path.read_text().replace('"performer":"', '"performer":"X', 1))
    return "provenance/custody.jsonl"


@case("package: a custody record deleted (manifests recomputed)", "package")
def _custody_deleted(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "custody.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:1] + lines[2:]))
    _rebag(bag)
    return "custody.jsonl: deleted at record 2"


@case("package: two custody records swapped (manifests recomputed)", "package")
def _custody_reordered(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "custody.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]
    path.write_text("".join(lines))
    _rebag(bag)
    return "custody.jsonl: reordered at record 2"


@case("package: a custody record made non-canonical (manifests recomputed)", "package")
def _custody_noncanonical(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "custody.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace('","', '", "', 1)
    path.write_text("".join(lines))
    _rebag(bag)
    return "line 2 is not a canonical custody record"


@case("package: the checkpoint's root changed (manifests recomputed)", "package")
def _checkpoint_root(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "checkpoint.json"
    document = json.loads(path.read_text())
    statement = json.loads(document["statement"])
    statement["root_hash"] = "ab" * 32
    document["statement"] = canonical_json(statement).decode()
    path.write_text(json.dumps(document))
    _rebag(bag)
    return "checkpoint.json: the checkpoint signature is not valid"


@case("package: an inclusion proof changed (manifests recomputed)", "package")
def _inclusion(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "inclusion-proofs.json"
    document = json.loads(path.read_text())
    document["proofs"][0]["audit_path"][0] = "cd" * 32
    path.write_text(json.dumps(document))
    _rebag(bag)
    return "inclusion proof for record 1 does not lead to the signed root"


@case("package: a hash in the CASE graph changed (manifests recomputed)", "package")
def _case_graph(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "case.jsonld"
    path.write_text(path.read_text().replace(scene.item.sha256.upper(), "0" * 64))
    _rebag(bag)
    return "case.jsonld does not state the SHA-256"


@case("package: tag manifest edited", "package")
def _tag_manifest(scene: Scene, bag: Path) -> str:
    _flip(bag / "tagmanifest-sha256.txt", 2)
    return "tagmanifest-sha256.txt"


@case("package: signature replaced", "package")
def _signature(scene: Scene, bag: Path) -> str:
    (bag / SIGNATURE_FILE).write_text(base64.b64encode(bytes(64)).decode() + "\n")
    return "signature over tagmanifest-sha256.txt is NOT valid"


@case("package: exhibit replaced and re-signed with another key", "package")
def _resigned(scene: Scene, bag: Path) -> str:
    _data_file(bag).write_bytes(b"forged content")
    forger = Ed25519PrivateKey.generate()
    _rebag(bag, forger)
    return f"signed with key {hashlib.sha256(raw_public_key(forger.public_key())).hexdigest()}, which is NOT in"


@case("package: full forgery (chain, Merkle tree, checkpoint and signature by the forger's key)", "package")
def _forged(scene: Scene, bag: Path) -> str:
    from glacy.evidence.merkle import MerkleTree

    forger = Ed25519PrivateKey.generate()
    data = b"planted evidence"
    _data_file(bag).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    record = custody_record_create(previous=None, event_type="acquired", evidence_id=str(scene.item.pk),
                                   performer="Forger", time=timezone.now(), hashes_after={"sha256": digest})
    (bag / "provenance" / "custody.jsonl").write_bytes(record.log_line() + b"\n")
    tree = MerkleTree.from_leaf_hashes([bytes.fromhex(record.event_hash)])
    statement = {"node": "forged", "tree_size": 1, "root_hash": tree.root().hex(), "signed_at": format_utc(
        timezone.now()), "key_fingerprint": hashlib.sha256(raw_public_key(forger.public_key())).hexdigest()}
    (bag / "provenance" / "checkpoint.json").write_text(json.dumps({
        "statement": canonical_json(statement).decode(), "signature": sign(forger, canonical_json(statement)),
        "cosignatures": [], "timestamps": []}))
    (bag / "provenance" / "inclusion-proofs.json").write_text(json.dumps({"tree_size": 1, "proofs": [
        {"sequence": 1, "event_hash": record.event_hash, "leaf_index": 0, "audit_path": []}]}))
    graph = (bag / "provenance" / "case.jsonld").read_text().replace(scene.item.sha256.upper(), digest.upper())
    (bag / "provenance" / "case.jsonld").write_text(graph)
    _rebag(bag, forger)
    return "which is NOT in the trust list"


@case("package: a file planted in data/", "package")
def _planted(scene: Scene, bag: Path) -> str:
    (bag / "data" / "planted.txt").write_text("not in the manifest")
    return "planted.txt"


@case("package: cover sheet replaced", "package")
def _cover(scene: Scene, bag: Path) -> str:
    (bag / "cover-sheet-en.pdf").write_bytes(b"%PDF-1.7 a different cover sheet")
    return "cover-sheet-en.pdf"


@case("package: the witness's cosignature forged by another key (manifests recomputed)", "package")
def _cosignature(scene: Scene, bag: Path) -> str:
    path = bag / "provenance" / "checkpoint.json"
    document = json.loads(path.read_text())
    head = document.get("witnessed") or document
    forger = Ed25519PrivateKey.generate()
    cosignature = head["cosignatures"][0]
    cosignature["signature"] = sign(forger, cosignature["statement"].encode())
    path.write_text(json.dumps(document))
    _rebag(bag)
    return "the cosignature of Tamper-suite witness is not valid"


