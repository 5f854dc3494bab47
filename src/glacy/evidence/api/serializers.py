from __future__ import annotations

from rest_framework import serializers

from glacy.evidence.models import CustodyEvent, EvidenceItem, IngestJob
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


class IngestRequestSerializer(serializers.Serializer):
    """An exhibit file to ingest on a case; the work is queued and its progress read at /evidence-jobs/{id}/."""

    case = serializers.UUIDField()
    file = serializers.FileField()
    description = serializers.CharField(max_length=5000)
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field named like Field.source
        choices=EvidenceItem.Source.choices, default=EvidenceItem.Source.SEIZURE)
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    device = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    seal_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    acquisition_tool = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    expected_sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", required=False, allow_blank=True, default="")
    expected_sha1 = serializers.RegexField(r"^[0-9a-fA-F]{40}$", required=False, allow_blank=True, default="")
    expected_md5 = serializers.RegexField(r"^[0-9a-fA-F]{32}$", required=False, allow_blank=True, default="")
    with_blake3 = serializers.BooleanField(required=False, allow_null=True, default=None)


class IngestJobSerializer(serializers.ModelSerializer):
    item: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = IngestJob
        fields = ("id", "case", "original_name", "status", "bytes_done", "bytes_total", "percent", "error", "item",
                  "created_at")
        read_only_fields = fields


class ExportRequestSerializer(serializers.Serializer):
    purpose = serializers.CharField(max_length=300, help_text="Why the exhibit leaves the vault, e.g. the request "
                                                              "it answers")
