"""Evidence items, their append-only custody log, the signed checkpoints over it and their witnesses."""

from glacy.evidence.models.custody import (
    CheckpointCosignature,
    CheckpointTimestamp,
    CustodyCheckpoint,
    CustodyEvent,
    CustodyLogHead,
    WitnessedHead,
)
from glacy.evidence.models.items import EvidenceItem, EvidenceMember
from glacy.evidence.models.jobs import IngestJob

__all__ = ["CheckpointCosignature", "CheckpointTimestamp", "CustodyCheckpoint", "CustodyEvent", "CustodyLogHead",
           "EvidenceItem", "EvidenceMember", "IngestJob", "WitnessedHead"]
