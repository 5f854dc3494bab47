"""Offline verification of an export package: a verdict per check, naming what is wrong. Never trusts the
package: paths are confined to the bag, and nothing is written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bagit

from glacy.evidence.custody import CustodyRecord
from glacy.evidence.custody_chain import verify_log_lines
from glacy.evidence.merkle import verify_inclusion
from glacy.evidence.package import SIGNATURE_FILE
from glacy.evidence.signing import fingerprint, public_key_from_base64, verify

MAX_TAG_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class PackageVerdict:
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)


def _read(bag_dir: Path, relative: str) -> bytes:
    path = (bag_dir / relative).resolve()
    if bag_dir.resolve() not in path.parents or path.is_symlink() or not path.is_file():
        raise ValueError(f"{relative} is missing or outside the package")
    if path.stat().st_size > MAX_TAG_FILE_BYTES:
        raise ValueError(f"{relative} is too large")
    return path.read_bytes()


def _check(verdict: PackageVerdict, name: str, function: Any) -> Any:
    try:
        result, detail = function()
    except (ValueError, KeyError, TypeError, json.JSONDecodeError, OSError, bagit.BagError) as error:
        verdict.checks.append(Check(name, False, str(error)))
        return None
    verdict.checks.append(Check(name, bool(result), detail))
    return result


def verify_package(path: Path, *, trusted_fingerprints: set[str] | None = None) -> PackageVerdict:
    """Check bag validity, signature, custody chain, inclusion proofs and the CASE graph."""
    verdict = PackageVerdict()
    bag_dir = Path(path)

    def bag_valid() -> tuple[bool, str]:
        symlinks = [str(item.relative_to(bag_dir)) for item in bag_dir.rglob("*") if item.is_symlink()]
        if symlinks:
            return False, f"symbolic links in the package: {', '.join(symlinks[:5])}"
        listed = {line.split(maxsplit=1)[1].strip() for line in _read(bag_dir, "manifest-sha256.txt").decode(
            "utf-8", errors="replace").splitlines() if len(line.split(maxsplit=1)) == 2}
        present = {str(item.relative_to(bag_dir)) for item in (bag_dir / "data").rglob("*") if item.is_file()}
        if present - listed:
            return False, f"files not in the manifest: {', '.join(sorted(present - listed)[:5])}"
        if listed - present:
            return False, f"files missing from the package: {', '.join(sorted(listed - present)[:5])}"
        try:
            bagit.Bag(str(bag_dir)).validate(completeness_only=False)
        except bagit.BagValidationError as error:
            details = "; ".join(str(item) for item in getattr(error, "details", [])[:5]) or str(error)
            return False, details
        return True, "BagIt manifests, Payload-Oxum and every file checksum match (RFC 8493)"

    _check(verdict, "bag_valid", bag_valid)
    info: dict[str, Any] = {}
    try:
        info = dict(bagit.Bag(str(bag_dir)).info)
    except (bagit.BagError, OSError, ValueError):
        info = {}

    def signature() -> tuple[bool, str]:
        key = public_key_from_base64(str(info["Glacy-Signing-Public-Key"]))
        if fingerprint(key) != info.get("Glacy-Signing-Key-Fingerprint"):
            return False, "the public key does not match the fingerprint in bag-info.txt"
        signed = verify(key, _read(bag_dir, "tagmanifest-sha256.txt"), _read(bag_dir, SIGNATURE_FILE).decode().strip())
        return signed, "Ed25519 signature over tagmanifest-sha256.txt " + ("is valid" if signed else "is NOT valid")

    _check(verdict, "signature", signature)
    if trusted_fingerprints is not None:
        _check(verdict, "key_trusted", lambda: (info.get("Glacy-Signing-Key-Fingerprint") in trusted_fingerprints,
                                                "signing key fingerprint in the trust list"))
    lines = []

    def custody_chain() -> tuple[bool, str]:
        nonlocal lines
        lines = [line for line in _read(bag_dir, "provenance/custody.jsonl").split(b"\n") if line]
        # Every line is parsed strictly (canonical bytes of exactly the expected fields and types), so no
        # reader abroad can see a record other than the one that was hashed.
        report = verify_log_lines(lines)
        if not report.is_intact:
            return False, f"custody.jsonl: {report.problem} at record {report.first_broken_sequence}: {report.detail}"
        return True, f"{report.length} custody records, hash chain intact, every record canonical"

    _check(verdict, "custody_chain", custody_chain)

    def inclusion_proofs() -> tuple[bool, str]:
        checkpoint = json.loads(_read(bag_dir, "provenance/checkpoint.json"))
        statement = json.loads(checkpoint["statement"])
        key = public_key_from_base64(checkpoint["public_key"])
        if not verify(key, checkpoint["statement"].encode("utf-8"), checkpoint["signature"]):
            return False, "checkpoint.json: the checkpoint signature is not valid"
        root = bytes.fromhex(statement["root_hash"])
        proofs = json.loads(_read(bag_dir, "provenance/inclusion-proofs.json"))
        records = {record.event_hash: record for record in map(CustodyRecord.from_log_line, lines)}
        for proof in proofs["proofs"]:
            if proof["event_hash"] not in records:
                return False, f"inclusion proof for record {proof['sequence']} names an event not in custody.jsonl"
            # The leaf is the record itself (its canonical bytes), so the proof shows its content is in the log.
            if not verify_inclusion(leaf=records[proof["event_hash"]].canonical_bytes(), index=proof["leaf_index"],
                                    size=statement["tree_size"], proof=[bytes.fromhex(node) for node in
                                                                        proof["audit_path"]], root=root):
                return False, f"inclusion proof for record {proof['sequence']} does not lead to the signed root"
        return True, f"{len(proofs['proofs'])} events proven in the signed log of {statement['tree_size']} events"

    _check(verdict, "inclusion_proofs", inclusion_proofs)

    def case_graph() -> tuple[bool, str]:
        graph = json.loads(_read(bag_dir, "provenance/case.jsonld"))
        # Every SHA-256 the graph states for any File (one for a file, one per member of a folder or E01 set).
        stated = {hash_node["uco-types:hashValue"]["@value"].lower() for node in graph["@graph"]
                  if node.get("@type") == "uco-observable:File" for facet in node.get("uco-core:hasFacet", [])
                  for hash_node in facet.get("uco-observable:hash", [])
                  if hash_node.get("uco-types:hashMethod") == "SHA256"}
        payload = [item for item in (bag_dir / "data").rglob("*") if item.is_file()]
        import hashlib

        for item in payload:
            digest = hashlib.sha256()
            with item.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                    digest.update(chunk)
            if digest.hexdigest() not in stated:
                return False, f"case.jsonld does not state the SHA-256 of {item.relative_to(bag_dir)}"
        return bool(payload), f"CASE graph states the hashes of {len(payload)} data file(s)"

    _check(verdict, "case_graph", case_graph)
    return verdict
