"""The tamper suite: attacks an adversary with a copy of a package, or write access to the database, the evidence
store or the key files, could make — each applied, verified, and expected to be caught with a message that names
what was changed. Used by the tests (tests/evidence/test_tamper_suite.py) and by tools/tamper_check.py, which
runs it against a COPY of a real node's database, store and keys (never the original: the attacks are real).

Each case is undone after it ran: database changes inside a rolled-back transaction, files restored from a copy.
The verifiers take their keys from a trust file written outside the database: this node's first key and the
witness's key, as an operator would keep them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import custody_record_create, format_utc
from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, EvidenceItem
from glacy.evidence.package import SIGNATURE_FILE
from glacy.evidence.signing import raw_public_key, sign
from glacy.evidence.trust import TrustList, trust_line
from glacy.evidence.witness import cosignature_document, witness_check

INSERT_EVENT = ("INSERT INTO evidence_custodyevent (id, log_index, item_id, record, event_hash) "
                "VALUES (%s, %s, %s, %s, %s)")
CUSTODY_TABLES = ("evidence_custodyevent", "evidence_custodycheckpoint", "evidence_checkpointcosignature",
                  "evidence_checkpointtimestamp", "evidence_witnessedhead")


@dataclass
class Scene:
    """What the attacks are made on: two exhibits with histories, a witnessed checkpoint, an exported package."""

    workdir: Path
    item: EvidenceItem
    folder_item: EvidenceItem
    package: Path
    trust_path: Path
    witness_key: Ed25519PrivateKey

    @property
    def trust(self) -> TrustList:
        return TrustList.from_file(self.trust_path)


@dataclass(frozen=True)
class Outcome:
    name: str
    target: str  # "package", "log" or "store"
    detected: bool
    named: bool
    message: str
    expected: str


def raw_sql(sql: str, parameters: list[Any] | None = None) -> None:
    """Write to the database as its owner could: past the ORM and the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in cursor.fetchall():
                if name.startswith(CUSTODY_TABLES):
                    cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(sql, parameters or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def _id(pk: Any) -> str:
    return str(pk) if connection.vendor == "postgresql" else pk.hex


# --- building the scene ---------------------------------------------------------------------------------------

def scene_build(workdir: Path, *, custodian: Any, case: Any) -> Scene:
    """Ingest two exhibits, record custody, have a witness cosign a checkpoint, export a package (commit each)."""
    from glacy.evidence.services.checkpoints import _journal_append, checkpoint_sign, journal_entries
    from glacy.evidence.services.events import custody_event_record
    from glacy.evidence.services.export import evidence_export_package
    from glacy.evidence.services.ingest import evidence_ingest
    from glacy.evidence.services.witnessing import cosignature_import, witness_request_write
    from glacy.exchange.keys import node_key_history

    workdir.mkdir(parents=True, exist_ok=True)
    exhibit = workdir / "router-config.bin"
    exhibit.write_bytes(b"configuration dump of the compromised router\n" * 64)
    item = evidence_ingest(actor=custodian, case=case, path=exhibit, description="Router configuration (tamper suite)",
                           device="MikroTik hEX, S/N 8A1B2C")
    folder = workdir / "mailbox"
    (folder / "inbox").mkdir(parents=True)
    (folder / "inbox" / "1.eml").write_bytes(b"From: a@example.org\r\n\r\npay now")
    (folder / "contacts.vcf").write_bytes(b"BEGIN:VCARD\r\nEND:VCARD\r\n")
    folder_item = evidence_ingest(actor=custodian, case=case, path=folder, description="Mailbox (tamper suite)")
    custody_event_record(actor=custodian, item=item, event_type="sealed", place="Exhibit room")
    custody_event_record(actor=custodian, item=item, event_type="transferred", releasing_person="Sgt. A",
                         receiving_person="Insp. B")
    custody_event_record(actor=custodian, item=item, event_type="examined", tool="Autopsy 4.21")
    witness_key = Ed25519PrivateKey.generate()
    genesis = node_key_history()[0].public_key()
    trust_path = workdir / "trust.txt"
    trust_path.write_text(f"{trust_line(genesis, settings.NODE_NAME)}\n"  # type: ignore[arg-type]
                          f"{trust_line(witness_key.public_key(), 'Tamper-suite witness')}\n", encoding="utf-8")
    request = workdir / "witness-request.json"
    witness_request_write(request)
    checked = witness_check(request.read_text(), trust=TrustList.from_file(trust_path), last_head=None)
    cosigned = workdir / "cosignature.json"
    cosigned.write_text(cosignature_document(checked, witness="Tamper-suite witness", cosigned_at=format_utc(
        timezone.now()), key=witness_key, public_key=base64.b64encode(raw_public_key(
            witness_key.public_key())).decode()), encoding="utf-8")
    cosignature_import(cosigned, trust=TrustList.from_file(trust_path))
    custody_event_record(actor=custodian, item=item, event_type="verified", tool="sha256sum")
    package = evidence_export_package(actor=custodian, item=item, destination=workdir / "package",
                                      purpose="tamper suite")
    checkpoint_sign()  # as cron would: the `exported` event is covered by a signed checkpoint too
    # In a test the transaction never commits, so on-commit journal writes have not happened: write them.
    journal = {entry["signature"] for entry in journal_entries() or []}
    for stored in CustodyCheckpoint.objects.order_by("tree_size"):
        if stored.signature not in journal:
            _journal_append(stored)
    return Scene(workdir, item, folder_item, package, trust_path, witness_key)


# --- the cases ------------------------------------------------------------------------------------------------

Attack = Callable[[Scene, Path], str]  # makes the change; returns what the verdict must name
CASES: list[tuple[str, str, Attack]] = []


def case(name: str, target: str) -> Callable[[Attack], Attack]:
    def register(attack: Attack) -> Attack:
        CASES.append((name, target, attack))
        return attack
    return register


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


def _event(scene: Scene, position: int) -> CustodyEvent:
    return list(CustodyEvent.objects.filter(item=scene.item).order_by("log_index"))[position]


@case("database: a custody record's content changed", "log")
def _db_changed(scene: Scene, _bag: Path) -> str:
    event = _event(scene, 1)
    raw_sql("UPDATE evidence_custodyevent SET record = %s WHERE id = %s",
            [event.record.replace('"place":"', '"place":"Elsewhere, ', 1), _id(event.pk)])
    return f"evidence item {scene.item.pk}: changed – record 2: content does not match its event hash"


@case("database: an event hash column changed", "log")
def _db_hash_column(scene: Scene, _bag: Path) -> str:
    event = _event(scene, 1)
    raw_sql("UPDATE evidence_custodyevent SET event_hash = %s WHERE id = %s", ["e" * 64, _id(event.pk)])
    return f"evidence item {scene.item.pk}: changed – record 2: content does not match its event hash"


@case("database: a custody event deleted", "log")
def _db_deleted(scene: Scene, _bag: Path) -> str:
    event = _event(scene, 1)
    raw_sql("DELETE FROM evidence_custodyevent WHERE id = %s", [_id(event.pk)])
    return f"log position {event.log_index} is missing"


@case("database: the latest events deleted", "log")
def _db_truncated(scene: Scene, _bag: Path) -> str:
    last = CustodyEvent.objects.order_by("-log_index").first()
    assert last is not None
    raw_sql("DELETE FROM evidence_custodyevent WHERE log_index >= %s", [last.log_index])
    return f"the log has only {last.log_index} (events were deleted)"


@case("database: two events of a chain swapped", "log")
def _db_swapped(scene: Scene, _bag: Path) -> str:
    first, second = _event(scene, 1), _event(scene, 2)
    raw_sql("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [10**9, _id(first.pk)])
    raw_sql("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [first.log_index, _id(second.pk)])
    raw_sql("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [second.log_index, _id(first.pk)])
    return f"evidence item {scene.item.pk}: reordered"


@case("database: an event moved to another exhibit", "log")
def _db_moved(scene: Scene, _bag: Path) -> str:
    event = _event(scene, 2)
    raw_sql("UPDATE evidence_custodyevent SET item_id = %s WHERE id = %s",
            [_id(scene.folder_item.pk), _id(event.pk)])
    return f"the record belongs to evidence item {scene.item.pk}"


@case("database: a forged event inserted in a chain", "log")
def _db_inserted(scene: Scene, _bag: Path) -> str:
    previous = _event(scene, 1)
    position = _event(scene, 2).log_index
    raw_sql("UPDATE evidence_custodyevent SET log_index = log_index + 1000000 WHERE log_index >= %s", [position])
    raw_sql("UPDATE evidence_custodyevent SET log_index = log_index - 999999 WHERE log_index >= %s", [1000000])
    forged = custody_record_create(previous=previous.as_record(), event_type="examined",
                                   evidence_id=str(scene.item.pk), performer="Forger", time=timezone.now())
    raw_sql(INSERT_EVENT,
            [_id(uuid.uuid4()), position, _id(scene.item.pk), forged.canonical_bytes().decode(),
             forged.event_hash])
    return f"evidence item {scene.item.pk}: inserted"


@case("database: a non-canonical event appended (its hash recomputed)", "log")
def _db_noncanonical(scene: Scene, _bag: Path) -> str:
    last_of_item = scene.item.custody_events.order_by("-log_index").first()
    assert last_of_item is not None
    head = CustodyEvent.objects.order_by("-log_index").first()
    assert head is not None
    record = custody_record_create(previous=last_of_item.as_record(), event_type="examined",
                                   evidence_id=str(scene.item.pk), performer="Forger", time=timezone.now())
    text = record.canonical_bytes().decode().replace('","', '", "', 1)
    raw_sql(INSERT_EVENT,
            [_id(uuid.uuid4()), head.log_index + 1, _id(scene.item.pk), text,
             hashlib.sha256(b"\x00" + text.encode()).hexdigest()])
    return "the record is not canonical JSON"


@case("database: the latest checkpoint deleted (with the events after the one before)", "log")
def _db_checkpoint_deleted(scene: Scene, _bag: Path) -> str:
    latest = CustodyCheckpoint.objects.order_by("-tree_size").first()
    before = CustodyCheckpoint.objects.order_by("-tree_size")[1]
    assert latest is not None
    raw_sql("DELETE FROM evidence_checkpointcosignature WHERE checkpoint_id = %s", [_id(latest.pk)])
    raw_sql("DELETE FROM evidence_custodycheckpoint WHERE id = %s", [_id(latest.pk)])
    raw_sql("DELETE FROM evidence_custodyevent WHERE log_index >= %s", [before.tree_size])
    return (f"checkpoint of {latest.tree_size} events signed at {latest.signed_at} is in the checkpoint journal but "
            "not in the database")


@case("database: a checkpoint's root changed", "log")
def _db_checkpoint_root(scene: Scene, _bag: Path) -> str:
    checkpoint = CustodyCheckpoint.objects.order_by("tree_size").first()
    assert checkpoint is not None
    raw_sql("UPDATE evidence_custodycheckpoint SET root_hash = %s WHERE id = %s", ["ab" * 32, _id(checkpoint.pk)])
    return f"checkpoint of {checkpoint.tree_size} events: the root no longer matches the log"


@case("database: a checkpoint re-signed with another key stored beside it", "log")
def _db_checkpoint_resigned(scene: Scene, _bag: Path) -> str:
    checkpoint = CustodyCheckpoint.objects.order_by("-tree_size").first()
    assert checkpoint is not None
    forger = Ed25519PrivateKey.generate()
    statement = json.loads(checkpoint.statement)
    fingerprint = hashlib.sha256(raw_public_key(forger.public_key())).hexdigest()
    statement["key_fingerprint"] = fingerprint
    text = canonical_json(statement).decode()
    raw_sql("UPDATE evidence_custodycheckpoint SET statement = %s, signature = %s, public_key = %s, "
            "key_fingerprint = %s WHERE id = %s",
            [text, sign(forger, text.encode()), base64.b64encode(raw_public_key(forger.public_key())).decode(),
             fingerprint, _id(checkpoint.pk)])
    return f"signed with key {fingerprint[:16]}…, which is not a key of the node's key history"


@case("database: the whole log rewritten under a new key history, every checkpoint re-signed", "log")
def _db_rewritten(scene: Scene, _bag: Path) -> str:
    from glacy.exchange import keyhistory
    from glacy.exchange.keyfiles import write_new_key_file

    forger = Ed25519PrivateKey.generate()
    history = keyhistory.KeyHistory(node=settings.NODE_ID)
    now = timezone.now()
    statement = keyhistory.statement_create(history, forger, moment=now, valid_from=now)
    key_events = list(CustodyEvent.objects.filter(item__isnull=True).order_by("log_index"))
    # Replace the key history in the log with the forger's, recompute every hash from there, re-sign everything.
    first = key_events[0]
    record = custody_record_create(previous=None, event_type="key_created", evidence_id=first.data["evidence_id"],
                                   performer="Forger", time=timezone.now(), details={"statement": statement})
    raw_sql("DELETE FROM evidence_custodyevent WHERE item_id IS NULL AND log_index > %s", [first.log_index])
    raw_sql("UPDATE evidence_custodyevent SET record = %s, event_hash = %s WHERE id = %s",
            [record.canonical_bytes().decode(), record.event_hash, _id(first.pk)])
    _renumber_and_resign(forger)
    key_path = Path(settings.NODE_KEY_PATH)
    key_path.unlink()
    write_new_key_file(key_path, forger)
    forged_fingerprint = hashlib.sha256(raw_public_key(forger.public_key())).hexdigest()
    return f"the node's key history starts with key {forged_fingerprint}, which is not in the trust list"


def _renumber_and_resign(key: Ed25519PrivateKey) -> None:
    """Close the gaps left by deleted rows and sign a fresh checkpoint set over the rewritten log."""
    from glacy.evidence.merkle import MerkleTree

    rows = list(CustodyEvent.objects.order_by("log_index").values_list("id", "log_index"))
    for position, (pk, log_index) in enumerate(rows):
        if position != log_index:
            raw_sql("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [position, _id(pk)])
    raw_sql("UPDATE evidence_custodyloghead SET size = %s", [len(rows)])
    hashes = bytes.fromhex("".join(CustodyEvent.objects.order_by("log_index").values_list("event_hash", flat=True)))
    tree = MerkleTree.from_leaf_hash_bytes(hashes)
    fingerprint = hashlib.sha256(raw_public_key(key.public_key())).hexdigest()
    for checkpoint in CustodyCheckpoint.objects.all():
        size = min(checkpoint.tree_size, tree.size)
        statement = {**json.loads(checkpoint.statement), "tree_size": size, "root_hash": tree.root(size).hex(),
                     "key_fingerprint": fingerprint}
        text = canonical_json(statement).decode()
        raw_sql("UPDATE evidence_custodycheckpoint SET tree_size = %s, root_hash = %s, statement = %s, signature = "
                "%s, public_key = %s, key_fingerprint = %s WHERE id = %s",
                [size, statement["root_hash"], text, sign(key, text.encode()),
                 base64.b64encode(raw_public_key(key.public_key())).decode(), fingerprint, _id(checkpoint.pk)])


@case("key file: the node key file swapped for another key", "log")
def _key_swapped(scene: Scene, _bag: Path) -> str:
    from glacy.exchange.keyfiles import write_new_key_file

    key_path = Path(settings.NODE_KEY_PATH)
    key_path.unlink()
    write_new_key_file(key_path, Ed25519PrivateKey.generate())
    return "the key file was swapped"


@case("database: a statement of the key history edited", "log")
def _key_statement(scene: Scene, _bag: Path) -> str:
    event = CustodyEvent.objects.filter(item__isnull=True).order_by("log_index").first()
    assert event is not None
    raw_sql("UPDATE evidence_custodyevent SET record = %s WHERE id = %s",
            [event.record.replace('"performer":"', '"performer":"Forger ', 1), _id(event.pk)])
    return "the node's key history: changed – record 1: content does not match its event hash"


@case("database: the exhibit's MD5 column zeroed", "log")
def _md5_zeroed(scene: Scene, _bag: Path) -> str:
    EvidenceItem.objects.filter(pk=scene.item.pk).update(md5="0" * 32)
    return f"md5 column is {'0' * 32}, the custody record states {scene.item.md5}"


@case("database: the exhibit's SHA-256 column changed", "log")
def _sha256_changed(scene: Scene, _bag: Path) -> str:
    EvidenceItem.objects.filter(pk=scene.item.pk).update(sha256="f" * 64)
    return f"sha256 column is {'f' * 64}, the custody record states {scene.item.sha256}"


@case("database: the exhibit's device column changed", "log")
def _described(scene: Scene, _bag: Path) -> str:
    EvidenceItem.objects.filter(pk=scene.item.pk).update(device="Another device")
    return "device column is 'Another device', the custody record states 'MikroTik hEX, S/N 8A1B2C'"


@case("database: a member's hash column changed", "log")
def _member_hash(scene: Scene, _bag: Path) -> str:
    member = scene.folder_item.members.order_by("path").first()
    assert member is not None
    type(member).objects.filter(pk=member.pk).update(sha256="0" * 64)
    return f"evidence item {scene.folder_item.pk} ({scene.folder_item.exhibit_number}): a member's path, size or hash"


@case("database: a witness cosignature's signature changed", "log")
def _db_cosignature(scene: Scene, _bag: Path) -> str:
    raw_sql("UPDATE evidence_checkpointcosignature SET signature = %s",
            [base64.b64encode(bytes(64)).decode()])
    return "the cosignature of Tamper-suite witness is not valid"


@case("store: a byte of a stored exhibit flipped", "store")
def _blob_flipped(scene: Scene, _bag: Path) -> str:
    from glacy.evidence.services.ingest import blob_store

    path = blob_store().path_for(scene.item.sha256)  # type: ignore[attr-defined]
    os.chmod(path, 0o644)
    _flip(path, 5)
    return f"{scene.item.original_name}: the stored copy hashes to"


@case("store: a file of a stored folder replaced", "store")
def _blob_replaced(scene: Scene, _bag: Path) -> str:
    from glacy.evidence.services.ingest import blob_store

    member = scene.folder_item.members.order_by("path").first()
    assert member is not None
    path = blob_store().path_for(member.sha256)  # type: ignore[attr-defined]
    os.chmod(path, 0o644)
    path.write_bytes(b"replaced")
    return f"{member.path}: the stored copy hashes to {hashlib.sha256(b'replaced').hexdigest()}"


# --- running ----------------------------------------------------------------------------------------------------

@contextmanager
def _files_restored(paths: list[Path]) -> Any:
    saved = {path: path.read_bytes() if path.exists() else None for path in paths}
    modes = {path: path.stat().st_mode for path in paths if path.exists()}
    try:
        yield
    finally:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
                continue
            if path.exists():
                os.chmod(path, 0o644)
            path.write_bytes(data)
            os.chmod(path, modes[path] & 0o777)


def _verdict(scene: Scene, target: str, bag: Path) -> str:
    """The verifier's message for the target ("" when everything verified)."""
    if target == "package":
        from glacy.evidence.verify_package import verify_package

        with verify_package(bag, trust=scene.trust) as verdict:
            return "; ".join(f"{check.name}: {check.detail}" for check in verdict.checks if not check.passed)
    if target == "store":
        from glacy.evidence.services.fixity import fixity_problems

        problems = []
        for item in (scene.item, scene.folder_item):
            problems += fixity_problems(EvidenceItem.objects.get(pk=item.pk))
        return "; ".join(problems)
    from glacy.evidence.services.log_verify import custody_log_verify

    report = custody_log_verify(trust=scene.trust)
    return "" if report.is_intact else report.problem


def run_case(scene: Scene, name: str, target: str, attack: Attack) -> Outcome:
    from glacy.evidence.services.ingest import blob_store

    store = blob_store()
    blobs = [store.path_for(sha) for sha in {scene.item.sha256, *scene.folder_item.members.values_list(  # type: ignore[attr-defined]
        "sha256", flat=True)}]
    bag = scene.workdir / "attacked"
    shutil.rmtree(bag, ignore_errors=True)
    shutil.copytree(scene.package, bag)
    key_path = Path(settings.NODE_KEY_PATH)
    with _files_restored([*blobs, key_path]), transaction.atomic():
        try:
            expected = attack(scene, bag)
            message = _verdict(scene, target, bag)
        finally:
            transaction.set_rollback(True)
    shutil.rmtree(bag, ignore_errors=True)
    return Outcome(name, target, bool(message), expected in message, message, expected)


def run_suite(scene: Scene) -> list[Outcome]:
    """Every case on a fresh copy of the scene: the untouched scene must verify first (no false alarm)."""
    for target in ("package", "log", "store"):
        message = _verdict(scene, target, scene.package)
        if message:
            raise AssertionError(f"the untouched {target} does not verify: {message}")
    return [run_case(scene, name, target, attack) for name, target, attack in CASES]
