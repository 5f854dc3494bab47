from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from glacy.core.api.serializers import RefusesUnknownFields
from glacy.evidence.models import CustodyEvent, EvidenceItem, IngestJob
from glacy.evidence.services.events import MANUAL_EVENTS


class EvidenceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceItem
        fields = ("id", "case", "exhibit_number", "description", "source", "legal_basis", "answers_request",
                  "original_name", "format", "size", "sha256", "sha1", "md5", "blake3", "stated_hashes",
                  "stated_hashes_match", "format_verification", "acquired_by", "acquired_at", "acquired_place",
                  "acquisition_tool", "seal_number", "device", "fixity_checked_at", "fixity_intact", "has_alert",
                  "created_at")
        read_only_fields = fields

    has_alert = serializers.BooleanField(read_only=True, help_text=(
        "True when a hash stated at acquisition, or a format's own hash, does not match, or the stored copy failed "
        "its last fixity check."))


class CustodyEventSerializer(serializers.ModelSerializer):
    """One custody event; its details are read from the hashed record (see CustodyEvent)."""

    sequence = serializers.IntegerField(read_only=True, help_text="Position in the exhibit's chain, from 1.")
    event_type = serializers.CharField(read_only=True)
    performer = serializers.CharField(read_only=True)
    time = serializers.CharField(read_only=True, help_text="When the act happened: UTC, ISO 8601 with Z.")
    recorded_at = serializers.CharField(read_only=True, help_text=(
        "When the node recorded it (UTC): the order of the chain. Later than time for a back-dated event."))
    details = serializers.DictField(child=serializers.CharField(), read_only=True, help_text=(
        "What the event states beyond the common fields (package digest of an export, the sender's log of an "
        "import, a fixity result, the exhibit's described columns at acquisition)."))
    place = serializers.CharField(read_only=True)
    purpose = serializers.CharField(read_only=True)
    tool = serializers.CharField(read_only=True)
    releasing_person = serializers.CharField(read_only=True)
    receiving_person = serializers.CharField(read_only=True)
    hashes_before = serializers.DictField(child=serializers.CharField(), read_only=True)
    hashes_after = serializers.DictField(child=serializers.CharField(), read_only=True)
    notes = serializers.CharField(read_only=True)
    previous_hash = serializers.CharField(read_only=True)

    class Meta:
        model = CustodyEvent
        fields = ("sequence", "log_index", "event_type", "performer", "time", "recorded_at", "place", "purpose", "tool",
                  "releasing_person", "receiving_person", "hashes_before", "hashes_after", "notes", "details",
                  "previous_hash", "event_hash")
        read_only_fields = fields


class CustodyEventCreateSerializer(RefusesUnknownFields, serializers.Serializer):
    event_type = serializers.ChoiceField(choices=[kind.value for kind in MANUAL_EVENTS])
    time = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text=(
        "When it happened, with its zone (default: now). An earlier time is kept beside the time of recording."))
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    tool = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    releasing_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    receiving_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class IngestRequestSerializer(RefusesUnknownFields, serializers.Serializer):
    """An exhibit file to ingest on a case; the work is queued and its progress read at /evidence-jobs/{id}/.

    Send either one `file`, or a folder: its files as repeated `files` parts with a repeated `paths` field giving
    each file's path relative to the folder (`/` between names), as many and in the same order, and `folder_name`.
    """

    case = serializers.UUIDField()
    file = serializers.FileField(required=False, help_text="One exhibit file. Send either file, or files with paths.")
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False,
        help_text="The files of a folder exhibit, one part each; their paths go in paths, in the same order.")
    paths = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), required=False,
        help_text="The path of each file of files relative to the folder, e.g. 'mail/inbox/1.eml' (no absolute "
                  "path, no '..', no backslash); as many as files, in the same order.")
    folder_name = serializers.CharField(
        max_length=255, required=False, default="folder",
        help_text="The folder exhibit's name (its original name), with files.")
    description = serializers.CharField(max_length=5000)
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field named like Field.source
        choices=EvidenceItem.Source.choices, default=EvidenceItem.Source.SEIZURE)
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                        help_text="The warrant or order (reference and date).")
    answers_request = serializers.UUIDField(required=False, allow_null=True, default=None,
                                            help_text="A request of the case that the exhibit answers.")
    acquired_at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text=(
        "When the exhibit was seized or acquired, with its zone; may be in the past (default: the ingest)."))
    acquired_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                        help_text="The seizing or acquiring officer (default: the custodian).")
    acquired_place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    device = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    seal_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    acquisition_tool = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    expected_sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", required=False, allow_blank=True, default="")
    expected_sha1 = serializers.RegexField(r"^[0-9a-fA-F]{40}$", required=False, allow_blank=True, default="")
    expected_md5 = serializers.RegexField(r"^[0-9a-fA-F]{32}$", required=False, allow_blank=True, default="")
    with_blake3 = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_file, files, paths = "file" in attrs, attrs.get("files") or [], attrs.get("paths") or []
        if has_file and files:
            raise serializers.ValidationError({"files": [_("Send either one file or a folder's files, not both.")]})
        if not has_file and not files:
            raise serializers.ValidationError({"file": [_("Send a file, or a folder's files with their paths.")]})
        if has_file and paths:
            raise serializers.ValidationError({"paths": [_("Paths go with the files of a folder, not with file.")]})
        if files and len(paths) != len(files):
            raise serializers.ValidationError({"paths": [
                _("Send one path per file, in the same order (files: %(files)s, paths: %(paths)s).") % {
                    "files": len(files), "paths": len(paths)}]})
        return attrs


class IngestJobSerializer(serializers.ModelSerializer):
    item: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = IngestJob
        fields = ("id", "case", "original_name", "status", "bytes_done", "bytes_total", "percent", "error", "item",
                  "created_at")
        read_only_fields = fields


class ExportRequestSerializer(RefusesUnknownFields, serializers.Serializer):
    purpose = serializers.CharField(max_length=300, help_text="Why the exhibit leaves the vault, e.g. the request "
                                                              "it answers")
