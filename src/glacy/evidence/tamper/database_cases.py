"""Attacks on the database, the key file and the evidence store of the node."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.utils import timezone

from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import custody_record_create
from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, EvidenceItem
from glacy.evidence.signing import raw_public_key, sign
from glacy.evidence.tamper.package_cases import _flip
from glacy.evidence.tamper.scene import INSERT_EVENT, Scene, _id, case, raw_sql


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


