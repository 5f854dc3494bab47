"""What the attacks are made on, how the database is written past its triggers, and the registry of cases."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import connection
from django.utils import timezone

from glacy.evidence.custody import format_utc
from glacy.evidence.models import CustodyCheckpoint, EvidenceItem
from glacy.evidence.signing import raw_public_key
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
