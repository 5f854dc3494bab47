from __future__ import annotations

from rest_framework import serializers

from glacy.evidence.models import CustodyEvent, EvidenceItem
from glacy.evidence.services.events import MANUAL_EVENTS


class EvidenceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceItem
        fields = ("id", "case", "exhibit_number", "description", "source", "legal_basis", "original_name", "format",
                  "size", "sha256", "sha1", "md5", "blake3", "stated_hashes", "stated_hashes_match", "acquired_by",
                  "acquired_at", "acquired_place", "seal_number", "device", "created_at")
        read_only_fields = fields


class CustodyEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustodyEvent
        fields = ("sequence", "log_index", "event_type", "performer", "time", "place", "purpose", "tool",
                  "releasing_person", "receiving_person", "hashes_before", "hashes_after", "notes", "previous_hash",
                  "event_hash")
        read_only_fields = fields


class CustodyEventCreateSerializer(serializers.Serializer):
    event_type = serializers.ChoiceField(choices=[kind.value for kind in MANUAL_EVENTS])
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    tool = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    releasing_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    receiving_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
