"""Evidence items, their append-only custody log and the signed checkpoints over it."""

from glacy.evidence.models.custody import CustodyCheckpoint, CustodyEvent, CustodyLogHead
from glacy.evidence.models.items import EvidenceItem, EvidenceMember
from glacy.evidence.models.jobs import IngestJob

__all__ = ["CustodyCheckpoint", "CustodyEvent", "CustodyLogHead", "EvidenceItem", "EvidenceMember", "IngestJob"]
