"""Demonstration exhibits with realistic custody histories and a signed checkpoint (idempotent)."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from pathlib import Path

from glacy.cooperation.models import Case
from glacy.cooperation.services.cases import case_team_add
from glacy.directory.models import User
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.checkpoints import checkpoint_sign
from glacy.evidence.services.events import custody_event_record
from glacy.evidence.services.ingest import evidence_ingest


def _pseudo_random(seed: str, size: int) -> bytes:
    """Deterministic filler so the demo exhibits have the same hashes on every node."""
    blocks = [hashlib.sha256(f"{seed}:{counter}".encode()).digest() for counter in range(-(-size // 32))]
    return b"".join(blocks)[:size]


def load_demo_evidence() -> None:
    custodian = User.objects.filter(username="gh.custodian").first()
    case = Case.objects.filter(title__startswith="Ransomware attack on Korle Bu").first()
    if custodian is None or case is None or EvidenceItem.objects.filter(case=case).exists():
        return
    case_team_add(actor=None, case=case, member=custodian)
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "vpn-server-sda.dd"
        image.write_bytes(_pseudo_random("vpn-server", 2 * 1024 * 1024))
        disk = evidence_ingest(actor=custodian, case=case, path=image, description="Raw image of the VPN server disk",
                               device="Dell PowerEdge R640, serial 7XK2L93", seal_number="GH-SEAL-0412",
                               acquired_place="Korle Bu data centre, Accra", acquisition_tool="dc3dd 7.2.646",
                               legal_basis="Search warrant HC/ACC/2026/117")
        chats = Path(folder) / "ransom-negotiation-chats.zip"
        with zipfile.ZipFile(chats, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("tox/2026-03-02.txt", "[03:40] attacker: your files are encrypted\n")
            archive.writestr("tox/2026-03-03.txt", "[09:12] attacker: 4 BTC to bc1q... within 72 hours\n")
        messages = evidence_ingest(actor=custodian, case=case, path=chats, description="Exported ransom chats",
                                   source=EvidenceItem.Source.SEIZURE, acquisition_tool="Tox export")
    custody_event_record(actor=custodian, item=disk, event_type="sealed", place="Accra", notes="Bag GH-SEAL-0412")
    custody_event_record(actor=custodian, item=disk, event_type="transferred", releasing_person="Sgt. K. Owusu",
                         receiving_person="Insp. A. Boateng", purpose="to the digital forensics laboratory")
    custody_event_record(actor=custodian, item=disk, event_type="examined", tool="Autopsy 4.21",
                         purpose="timeline of the intrusion")
    custody_event_record(actor=custodian, item=messages, event_type="verified", tool="sha256sum",
                         notes="Hash re-computed before examination")
    checkpoint_sign()
