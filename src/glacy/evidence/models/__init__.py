"""Evidence items, their append-only custody log and the signed checkpoints over it."""

from glacy.evidence.models.custody import CustodyCheckpoint, CustodyEvent, CustodyLogHead
from glacy.evidence.models.items import EvidenceItem, EvidenceMember

__all__ = ["CustodyCheckpoint", "CustodyEvent", "CustodyLogHead", "EvidenceItem", "EvidenceMember"]
