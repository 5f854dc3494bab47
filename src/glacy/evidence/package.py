"""Export packages for transmission abroad: a BagIt bag (RFC 8493, BagIt 1.0) a foreign court can verify offline.

Layout: data/<original file> (unmodified; for a folder or a segmented E01, data/<name>/… holds every file and
data/<name>.sha256 their manifest, which is the exhibit's identity) · provenance/case.jsonld (CASE/UCO) ·
provenance/custody.jsonl (the exhibit's custody chain, canonical JSON) · provenance/inclusion-proofs.json (each
event in the node's Merkle log) · provenance/checkpoint.json (the signed tree head, its witnesses' cosignatures and
time-stamps, and a consistency proof from the latest witnessed tree head) · cover-sheet-en.pdf and
cover-sheet-fr.pdf (what the package is and how to check it, for a reader without tools) ·
tagmanifest-sha256.txt.sig (Ed25519 signature of the tag manifest, key fingerprint and public key in bag-info.txt).

Every stored blob is hashed while it is copied in: a copy that does not hash to its name stops the export.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import bagit

from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, EvidenceItem
from glacy.evidence.services.custody import log_tree
from glacy.evidence.signing import sign

SIGNATURE_FILE = "tagmanifest-sha256.txt.sig"
BAGIT_DECLARATION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
COVER_SHEETS = {"en": "cover-sheet-en.pdf", "fr": "cover-sheet-fr.pdf"}


class BlobMismatch(Exception):
    """A stored blob did not hash to its name while it was copied into a package."""

    def __init__(self, label: str, expected: str, actual: str) -> None:
        super().__init__(f"{label}: the stored copy hashes to {actual}, not {expected}")


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _copy_blob(open_blob: Callable[[str], BinaryIO], sha256: str, target: Path, label: str) -> None:
    """Copy one blob, hashing the bytes as they are written: the package holds exactly what was acquired."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open_blob(sha256) as source, target.open("xb") as copy:
        for chunk in iter(lambda: source.read(4 * 1024 * 1024), b""):
            digest.update(chunk)
            copy.write(chunk)
    if digest.hexdigest() != sha256:
        raise BlobMismatch(label, sha256, digest.hexdigest())


def checkpoint_document(checkpoint: CustodyCheckpoint, witnessed: CustodyCheckpoint | None) -> dict[str, Any]:
    """provenance/checkpoint.json: the signed tree head the proofs lead to, who witnessed it (or the latest
    witnessed one before it, with the RFC 9162 consistency proof that this one extends it), its time-stamps."""

    def signed(entry: CustodyCheckpoint) -> dict[str, Any]:
        return {"statement": entry.statement, "signature": entry.signature, "public_key": entry.public_key,
                "key_fingerprint": entry.key_fingerprint,
                "cosignatures": [{"witness": cosignature.witness_name,
                                  "key_fingerprint": cosignature.witness_fingerprint,
                                  "statement": cosignature.statement, "signature": cosignature.signature}
                                 for cosignature in entry.cosignatures.order_by("witness_fingerprint")],
                "timestamps": [{"authority": stamp.authority, "token": stamp.token, "stamped_at": stamp.stamped_at}
                               for stamp in entry.timestamps.order_by("received_at")]}

    document = signed(checkpoint)
    if witnessed is not None and witnessed.pk != checkpoint.pk:
        tree = log_tree(checkpoint.tree_size)
        document["witnessed"] = signed(witnessed) | {"consistency_proof": [
            node.hex() for node in tree.consistency_proof(witnessed.tree_size, checkpoint.tree_size)]}
    return document


def build_package(*, item: EvidenceItem, open_blob: Callable[[str], BinaryIO], destination: Path,
                  checkpoint: CustodyCheckpoint, witnessed: CustodyCheckpoint | None, key: Any,
                  bag_info: dict[str, str], cover_sheets: Callable[[list[CustodyEvent]], dict[str, bytes]]) -> Path:
    """Write the bag into `destination` (which must not exist) and return its path.

    `open_blob` opens a stored blob by SHA-256 (the exhibit's, and each member's for a file set), wherever the
    store keeps it (local folder or object storage); `cover_sheets` renders the PDF cover sheets by language.
    Raises BlobMismatch (nothing left behind) when a stored blob does not hash to its name.
    """
    from glacy.evidence.case_graph import case_graph

    if destination.exists():
        raise FileExistsError(destination)
    staging = destination.with_name(destination.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _fill(item=item, open_blob=open_blob, staging=staging, checkpoint=checkpoint, witnessed=witnessed,
              key=key, bag_info=bag_info, cover_sheets=cover_sheets, case_graph=case_graph)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.rename(destination)
    return destination


def _fill(*, item: EvidenceItem, open_blob: Callable[[str], BinaryIO], staging: Path, checkpoint: CustodyCheckpoint,
          witnessed: CustodyCheckpoint | None, key: Any, bag_info: dict[str, str],
          cover_sheets: Callable[[list[CustodyEvent]], dict[str, bytes]], case_graph: Any) -> None:
    name = Path(item.original_name).name
    if item.is_file_set:
        # data/<name>.sha256 is the manifest (the exhibit's identity); data/<name>/ holds every file unmodified.
        _copy_blob(open_blob, item.sha256, staging / f"{name}.sha256", f"{name}.sha256")
        for member in item.members.order_by("path"):
            _copy_blob(open_blob, member.sha256, staging / name / member.path, member.path)
    else:
        _copy_blob(open_blob, item.sha256, staging / name, name)
    bagit.make_bag(str(staging), checksums=["sha256", "sha512"])
    (staging / "bagit.txt").write_text(BAGIT_DECLARATION, encoding="utf-8")  # RFC 8493 is BagIt 1.0
    bag = bagit.Bag(str(staging))
    bag.info.update(bag_info)
    bag.info.update({"Glacy-Signing-Key-Fingerprint": checkpoint.key_fingerprint,
                     "Glacy-Signing-Public-Key": public_key_base64(key)})
    provenance = staging / "provenance"
    provenance.mkdir()
    events = list(item.custody_events.order_by("log_index").filter(log_index__lt=checkpoint.tree_size))
    (provenance / "custody.jsonl").write_bytes(b"".join(event.as_record().log_line() + b"\n" for event in events))
    tree = log_tree(checkpoint.tree_size)
    _write_json(provenance / "inclusion-proofs.json", {"tree_size": checkpoint.tree_size, "proofs": [
        {"sequence": event.sequence, "event_hash": event.event_hash, "leaf_index": event.log_index,
         "audit_path": [node.hex() for node in tree.inclusion_proof(event.log_index, checkpoint.tree_size)]}
        for event in events]})
    _write_json(provenance / "checkpoint.json", checkpoint_document(checkpoint, witnessed))
    _write_json(provenance / "case.jsonld", case_graph(item, events))
    for language, content in cover_sheets(events).items():
        (staging / COVER_SHEETS[language]).write_bytes(content)
    bag.save(manifests=True)
    tag_manifest = (staging / "tagmanifest-sha256.txt").read_bytes()
    (staging / SIGNATURE_FILE).write_text(sign(key, tag_manifest) + "\n", encoding="ascii")


def package_digest(bag_dir: Path) -> str:
    """The package's digest: SHA-256 of its tag manifest, which covers every tag file and, through the payload
    manifest it lists, every data file. The sender's `exported` event and the receiver's `received` event both
    state it, so the two custody logs can be joined."""
    return hashlib.sha256((bag_dir / "tagmanifest-sha256.txt").read_bytes()).hexdigest()


def public_key_base64(key: Any) -> str:
    from glacy.evidence.signing import raw_public_key

    return base64.b64encode(raw_public_key(key.public_key())).decode("ascii")
