"""Export packages for transmission abroad: a BagIt bag (RFC 8493) a foreign court can verify offline.

Layout: data/<original file> (unmodified; for a folder or a segmented E01, data/<name>/… holds every file and
data/<name>.sha256 their manifest, which is the exhibit's identity) · provenance/case.jsonld (CASE/UCO) ·
provenance/custody.jsonl (the exhibit's custody chain, canonical JSON) · provenance/inclusion-proofs.json (each
event in the node's Merkle log) · provenance/checkpoint.json (signed tree head) · tagmanifest-sha256.txt.sig
(Ed25519 signature of the tag manifest, key fingerprint and public key in bag-info.txt).
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import bagit

from glacy.evidence.models import CustodyCheckpoint, EvidenceItem
from glacy.evidence.services.custody import log_tree
from glacy.evidence.signing import SignedStatement, sign

SIGNATURE_FILE = "tagmanifest-sha256.txt.sig"


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _copy_blob(open_blob: Callable[[str], BinaryIO], sha256: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_blob(sha256) as source, target.open("xb") as copy:
        shutil.copyfileobj(source, copy, 4 * 1024 * 1024)


def build_package(*, item: EvidenceItem, open_blob: Callable[[str], BinaryIO], destination: Path,
                  checkpoint: CustodyCheckpoint, key: Any, organisation: str) -> Path:
    """Write the bag into `destination` (which must not exist) and return its path.

    `open_blob` opens a stored blob by SHA-256 (the exhibit's, and each member's for a file set), wherever the
    store keeps it (local folder or object storage).
    """
    from glacy.evidence.case_graph import case_graph

    if destination.exists():
        raise FileExistsError(destination)
    staging = destination.with_name(destination.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    name = Path(item.original_name).name
    if item.is_file_set:
        # data/<name>.sha256 is the manifest (the exhibit's identity); data/<name>/ holds every file unmodified.
        _copy_blob(open_blob, item.sha256, staging / f"{name}.sha256")
        for member in item.members.order_by("path"):
            _copy_blob(open_blob, member.sha256, staging / name / member.path)
    else:
        _copy_blob(open_blob, item.sha256, staging / name)
    signed = SignedStatement(statement=json.loads(checkpoint.statement), signature=checkpoint.signature,
                             public_key=checkpoint.public_key, key_fingerprint=checkpoint.key_fingerprint)
    bag = bagit.make_bag(str(staging), {
        "Source-Organization": organisation, "External-Identifier": item.exhibit_number,
        "External-Description": item.description[:500], "Glacy-Signing-Key-Fingerprint": signed.key_fingerprint,
        "Glacy-Signing-Public-Key": signed.public_key,
    }, checksums=["sha256", "sha512"])
    provenance = staging / "provenance"
    provenance.mkdir()
    events = list(item.custody_events.order_by("log_index"))
    (provenance / "custody.jsonl").write_bytes(b"".join(event.as_record().log_line() + b"\n" for event in events))
    tree = log_tree(checkpoint.tree_size)
    _write_json(provenance / "inclusion-proofs.json", {"tree_size": checkpoint.tree_size, "proofs": [
        {"sequence": event.sequence, "event_hash": event.event_hash, "leaf_index": event.log_index,
         "audit_path": [node.hex() for node in tree.inclusion_proof(event.log_index, checkpoint.tree_size)]}
        for event in events if event.log_index < checkpoint.tree_size]})
    _write_json(provenance / "checkpoint.json", {"statement": checkpoint.statement, "signature": signed.signature,
                                                 "public_key": signed.public_key})
    _write_json(provenance / "case.jsonld", case_graph(item, events))
    bag.save(manifests=True)
    tag_manifest = (staging / "tagmanifest-sha256.txt").read_bytes()
    (staging / SIGNATURE_FILE).write_text(sign(key, tag_manifest) + "\n", encoding="ascii")
    staging.rename(destination)
    return destination


def public_key_base64(key: Any) -> str:
    from glacy.evidence.signing import raw_public_key

    return base64.b64encode(raw_public_key(key.public_key())).decode("ascii")
