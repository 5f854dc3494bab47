"""Offline verification of an export package: a verdict per check, naming what is wrong.

Never trusts the package: its signing key must be in a trust list held outside it (a trust file, the node's peer
list, the node's own key history), paths are confined to the bag, a ZIP is unpacked only within bounds, and
nothing outside a temporary folder is written. Accepts the bag folder or the package ZIP exactly as downloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

import bagit

from glacy.evidence.archives import MAX_EXPANDED_BYTES, MAX_MEMBERS
from glacy.evidence.custody import CustodyRecord
from glacy.evidence.custody_chain import verify_log_lines
from glacy.evidence.merkle import verify_consistency, verify_inclusion
from glacy.evidence.package import COVER_SHEETS, SIGNATURE_FILE
from glacy.evidence.signing import fingerprint, public_key_from_base64, verify
from glacy.evidence.trust import TrustList
from glacy.evidence.witness import cosignature_problem

MAX_TAG_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class PackageVerdict:
    """The checks, and (while the verdict is open as a context manager) the bag folder they were run on."""

    checks: list[Check] = field(default_factory=list)
    bag_dir: Path = Path()
    sender: dict[str, str] = field(default_factory=dict)
    signer: str = ""
    _temporary: Path | None = None

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def __enter__(self) -> PackageVerdict:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


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
    except (ValueError, KeyError, TypeError, IndexError, json.JSONDecodeError, OSError, bagit.BagError) as error:
        verdict.checks.append(Check(name, False, str(error)))
        return None
    verdict.checks.append(Check(name, bool(result), detail))
    return result


def _unzip(archive_path: Path, target: Path) -> Path:
    """Unpack the package ZIP safely; return the bag folder (the ZIP's single top folder, or its root)."""
    with zipfile.ZipFile(archive_path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ValueError(f"the ZIP has more than {MAX_MEMBERS} members")
        if sum(info.file_size for info in infos) > MAX_EXPANDED_BYTES:
            raise ValueError("the ZIP would expand beyond the size limit")
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename or (info.external_attr >> 16) & \
                    0o170000 == 0o120000:
                raise ValueError(f"the ZIP holds an unsafe member: {info.filename!r}")
        archive.extractall(target)
    entries = list(target.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else target


def verify_package(path: Path, *, trust: TrustList | None, tsa_roots: Path | None = None) -> PackageVerdict:
    """Check the package (a bag folder or its ZIP) against ``trust``; see the module docstring.

    Use as ``with verify_package(...) as verdict:`` to read ``verdict.bag_dir`` (a ZIP is unpacked in a
    temporary folder removed on exit); otherwise call ``close()``.
    """
    verdict = PackageVerdict()
    path = Path(path)
    if path.is_file():
        verdict._temporary = Path(tempfile.mkdtemp(prefix="glacy-package-"))
        try:
            bag_dir = _unzip(path, verdict._temporary)
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            verdict.checks.append(Check("package_readable", False, f"the package ZIP cannot be opened: {error}"))
            return verdict
        verdict.checks.append(Check("package_readable", True, "package ZIP unpacked (no unsafe member)"))
    else:
        bag_dir = path
    verdict.bag_dir = bag_dir
    _run_checks(verdict, bag_dir, trust, tsa_roots)
    return verdict


def _run_checks(verdict: PackageVerdict, bag_dir: Path, trust: TrustList | None, tsa_roots: Path | None) -> None:
    _check(verdict, "bag_valid", lambda: _bag_valid(bag_dir))
    try:
        info = dict(bagit.Bag(str(bag_dir)).info)
    except (bagit.BagError, OSError, ValueError):
        info = {}
    trusted = _check(verdict, "key_trusted", lambda: _key_trusted(info, trust, verdict))
    _check(verdict, "signature", lambda: _signature(bag_dir, trusted))
    lines: list[bytes] = []

    def custody_chain() -> tuple[bool, str]:
        lines.extend(line for line in _read(bag_dir, "provenance/custody.jsonl").split(b"\n") if line)
        # Every line is parsed strictly (canonical bytes of exactly the expected fields and types), so no
        # reader abroad can see a record other than the one that was hashed.
        report = verify_log_lines(lines)
        if not report.is_intact:
            return False, f"custody.jsonl: {report.problem} at record {report.first_broken_sequence}: {report.detail}"
        return True, f"{report.length} custody records, hash chain intact, every record canonical"

    if _check(verdict, "custody_chain", custody_chain):
        records = [CustodyRecord.from_log_line(line) for line in lines]
        _check(verdict, "custody_states_payload", lambda: _payload_stated(bag_dir, records, verdict))
        checkpoint = _check(verdict, "inclusion_proofs", lambda: _inclusion(bag_dir, records, trust))
        if checkpoint:
            _check(verdict, "witnesses", lambda: _witnesses(bag_dir, trust))
            _check(verdict, "timestamps", lambda: _timestamps(bag_dir, tsa_roots))
    _check(verdict, "case_graph", lambda: _case_graph(bag_dir))
    _check(verdict, "cover_sheets", lambda: _cover_sheets(bag_dir))
    verdict.sender |= {"node": str(info.get("Glacy-Node", info.get("Source-Organization", ""))),
                       "organisation": str(info.get("Source-Organization", "")), "key_fingerprint": verdict.signer}
    with contextlib.suppress(ValueError):
        verdict.sender["package_sha256"] = hashlib.sha256(_read(bag_dir, "tagmanifest-sha256.txt")).hexdigest()


def _bag_valid(bag_dir: Path) -> tuple[bool, str]:
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
        bag = bagit.Bag(str(bag_dir))
        bag.validate(completeness_only=False)
    except bagit.BagValidationError as error:
        details = "; ".join(str(item) for item in getattr(error, "details", [])[:5]) or str(error)
        return False, details
    return True, f"BagIt {bag.version} manifests, Payload-Oxum and every file checksum match (RFC 8493)"


def _key_trusted(info: dict[str, Any], trust: TrustList | None, verdict: PackageVerdict) -> tuple[Any, str]:
    key = public_key_from_base64(str(info["Glacy-Signing-Public-Key"]))
    key_fingerprint = fingerprint(key)
    verdict.signer = key_fingerprint
    if info.get("Glacy-Signing-Key-Fingerprint") != key_fingerprint:
        return None, "the public key in bag-info.txt does not match the fingerprint stated beside it"
    if trust is None or not len(trust):
        return None, (f"signed with key {key_fingerprint}; no trust list was given, so nothing in the package can "
                      "be trusted (pass --trust with the sender's key)")
    trusted = trust.get(key_fingerprint)
    if trusted is None:
        return None, (f"signed with key {key_fingerprint}, which is NOT in the trust list ({trust.source}): the "
                      "package may have been re-signed or forged by someone else")
    return trusted, f"signed with key {key_fingerprint} of {trusted.name} (trust list: {trust.source})"


def _signature(bag_dir: Path, trusted: Any) -> tuple[bool, str]:
    if trusted is None:
        return False, "not checked: the signing key is not a trusted key"
    signed = verify(trusted.public_key, _read(bag_dir, "tagmanifest-sha256.txt"),
                    _read(bag_dir, SIGNATURE_FILE).decode().strip())
    return signed, "Ed25519 signature over tagmanifest-sha256.txt " + (
        "is valid with the trusted key" if signed else "is NOT valid with the trusted key")


def _payload_stated(bag_dir: Path, records: list[CustodyRecord], verdict: PackageVerdict) -> tuple[bool, str]:
    """The payload is the exhibit the chain states: its SHA-256 (a file, or a file set's manifest) is the one the
    first record states, and a file set's manifest lists exactly its files with their hashes."""
    if not records:
        return False, "custody.jsonl holds no record"
    stated = records[0].hashes_after.get("sha256", "")
    entries = sorted((bag_dir / "data").iterdir())
    manifests = [entry for entry in entries if entry.is_file() and entry.name.endswith(".sha256")]
    identity = manifests[0] if len(entries) == 2 and len(manifests) == 1 else (
        entries[0] if len(entries) == 1 else None)
    if identity is None or not identity.is_file():
        return False, "the payload is not one exhibit file or one folder with its manifest"
    actual = _file_sha256(identity)
    if actual != stated:
        return False, f"data/{identity.name} has SHA-256 {actual}, the custody record states {stated}"
    if len(entries) == 2:
        folder = bag_dir / "data" / identity.name.removesuffix(".sha256")
        listed = {}
        for line in identity.read_text(encoding="utf-8").splitlines():
            digest, _sep, name = line.partition("  ")
            listed[name] = digest.lstrip("\\")
        present = {str(item.relative_to(folder)): item for item in folder.rglob("*") if item.is_file()}
        if set(listed) != set(present):
            return False, f"data/{identity.name} does not list exactly the files of data/{folder.name}/"
        wrong = [name for name, item in present.items() if _file_sha256(item) != listed[name]]
        if wrong:
            return False, f"data/{folder.name}/{wrong[0]} does not have the SHA-256 its manifest states"
    verdict.sender |= {"exhibit_sha256": stated, "last_event_hash": records[-1].event_hash,
                       "exhibit_id": records[0].evidence_id}
    return True, f"the payload's SHA-256 {stated} is the one the custody chain states"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _checkpoint_key(document: dict[str, Any], trust: TrustList | None) -> Any:
    statement = json.loads(document["statement"])
    key_fingerprint = str(statement.get("key_fingerprint") or document.get("key_fingerprint", ""))
    trusted = trust.get(key_fingerprint) if trust is not None else None
    if trusted is None:
        raise ValueError(f"checkpoint.json is signed with key {key_fingerprint}, which is not in the trust list")
    if not verify(trusted.public_key, document["statement"].encode("utf-8"), document["signature"]):
        raise ValueError("checkpoint.json: the checkpoint signature is not valid with the trusted key")
    return statement


def _inclusion(bag_dir: Path, records: list[CustodyRecord], trust: TrustList | None) -> tuple[bool, str]:
    document = json.loads(_read(bag_dir, "provenance/checkpoint.json"))
    statement = _checkpoint_key(document, trust)
    root = bytes.fromhex(statement["root_hash"])
    proofs = json.loads(_read(bag_dir, "provenance/inclusion-proofs.json"))
    if proofs["tree_size"] != statement["tree_size"]:
        return False, "inclusion-proofs.json is for another tree size than the checkpoint"
    by_hash = {record.event_hash: record for record in records}
    proven = set()
    for proof in proofs["proofs"]:
        if proof["event_hash"] not in by_hash:
            return False, f"inclusion proof for record {proof['sequence']} names an event not in custody.jsonl"
        # The leaf is the record itself (its canonical bytes), so the proof shows its content is in the log.
        if not verify_inclusion(leaf=by_hash[proof["event_hash"]].canonical_bytes(), index=proof["leaf_index"],
                                size=statement["tree_size"], proof=[bytes.fromhex(node) for node in
                                                                    proof["audit_path"]], root=root):
            return False, f"inclusion proof for record {proof['sequence']} does not lead to the signed root"
        proven.add(proof["event_hash"])
    unproven = [record.sequence for record in records if record.event_hash not in proven]
    if unproven:
        return False, f"custody record {unproven[0]} has no inclusion proof in the signed log"
    return True, f"{len(proven)} events proven in the signed log of {statement['tree_size']} events"


def _witnesses(bag_dir: Path, trust: TrustList | None) -> tuple[bool, str]:
    document = json.loads(_read(bag_dir, "provenance/checkpoint.json"))
    statement = json.loads(document["statement"])
    witnessed = document.get("witnessed")
    head = document if document.get("cosignatures") else witnessed
    if head is None:
        return True, "no witness has cosigned this log yet (the checkpoint is the node's own signature)"
    head_statement = _checkpoint_key(head, trust)
    if head is witnessed:
        proof = [bytes.fromhex(node) for node in witnessed.get("consistency_proof", [])]
        if not verify_consistency(old_size=head_statement["tree_size"], new_size=statement["tree_size"],
                                  old_root=bytes.fromhex(head_statement["root_hash"]),
                                  new_root=bytes.fromhex(statement["root_hash"]), proof=proof):
            return False, (f"the checkpoint does not extend the witnessed one of {head_statement['tree_size']} "
                           "events (RFC 9162 consistency proof fails)")
    names = []
    for cosignature in head.get("cosignatures", []):
        problem = cosignature_problem(
            statement=cosignature["statement"], signature=cosignature["signature"],
            witness_fingerprint=cosignature["key_fingerprint"], checkpoint_statement=head["statement"],
            tree_size=head_statement["tree_size"], root_hash=head_statement["root_hash"],
            trust=trust or TrustList("no trust list"))
        if problem:
            return False, problem
        names.append(cosignature["witness"])
    extended = "" if head is document else (f"; this checkpoint extends it (consistency proof from "
                                           f"{head_statement['tree_size']} events)")
    return True, f"log of {head_statement['tree_size']} events cosigned by {', '.join(names)}{extended}"


def _timestamps(bag_dir: Path, tsa_roots: Path | None) -> tuple[bool, str]:
    from glacy.evidence.timestamping import timestamp_verify

    document = json.loads(_read(bag_dir, "provenance/checkpoint.json"))
    stamps = document.get("timestamps", [])
    if not stamps:
        return True, "no RFC 3161 time-stamp on this checkpoint"
    if tsa_roots is None:
        return True, (f"{len(stamps)} RFC 3161 time-stamp(s) present, not checked (pass --tsa-certs with the "
                      "authority's root certificates)")
    for stamp in stamps:
        result = timestamp_verify(stamp["token"], document["statement"].encode("utf-8"), roots=tsa_roots)
        if not result.is_valid:
            return False, f"time-stamp of {stamp['authority']}: {result.detail}"
    return True, f"{len(stamps)} RFC 3161 time-stamp(s) valid"


def _case_graph(bag_dir: Path) -> tuple[bool, str]:
    graph = json.loads(_read(bag_dir, "provenance/case.jsonld"))
    # Every SHA-256 the graph states for any File (one for a file, one per member of a folder or E01 set).
    stated = {hash_node["uco-types:hashValue"]["@value"].lower() for node in graph["@graph"]
              if node.get("@type") == "uco-observable:File" for facet in node.get("uco-core:hasFacet", [])
              for hash_node in facet.get("uco-observable:hash", [])
              if hash_node.get("uco-types:hashMethod") == "SHA256"}
    payload = [item for item in (bag_dir / "data").rglob("*") if item.is_file()]
    for item in payload:
        if _file_sha256(item) not in stated:
            return False, f"case.jsonld does not state the SHA-256 of {item.relative_to(bag_dir)}"
    return bool(payload), f"CASE graph states the hashes of {len(payload)} data file(s)"


def _cover_sheets(bag_dir: Path) -> tuple[bool, str]:
    missing = [name for name in COVER_SHEETS.values() if not (bag_dir / name).is_file()]
    if missing:
        return False, f"missing cover sheet(s): {', '.join(missing)}"
    if any(not _read(bag_dir, name).startswith(b"%PDF-") for name in COVER_SHEETS.values()):
        return False, "a cover sheet is not a PDF"
    return True, "cover sheets in English and French (PDF, covered by the tag manifest and its signature)"
