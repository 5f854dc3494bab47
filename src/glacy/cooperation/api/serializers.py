from __future__ import annotations

from rest_framework import serializers

from glacy.cooperation.models import Case, Request
from glacy.core.api.serializers import RefusesUnknownFields


class CaseSerializer(RefusesUnknownFields, serializers.ModelSerializer):
    offence_articles = serializers.ListField(child=serializers.CharField(max_length=20), required=False)

    class Meta:
        model = Case
        fields = ("id", "reference", "title", "offence_articles", "national_provisions", "summary_of_facts",
                  "is_urgent", "contains_personal_data", "status", "created_at", "updated_at")
        read_only_fields = ("id", "reference", "created_at", "updated_at")


class RequestIdentifierSerializer(RefusesUnknownFields, serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(max_length=30)
    value = serializers.JSONField(read_only=True)
    display = serializers.CharField(read_only=True)
    raw = serializers.DictField(child=serializers.CharField(allow_blank=True), write_only=True,
                                help_text="Parts of the identifier: value, address, port, timestamp, service.")


class RequestSerializer(serializers.ModelSerializer):
    identifiers = RequestIdentifierSerializer(many=True, read_only=True)
    case = serializers.SerializerMethodField()

    class Meta:
        model = Request
        fields = ("id", "reference", "request_type", "case", "requesting_authority", "requested_authority", "status",
                  "content", "document_language", "follows", "identifiers", "sent_at", "acknowledged_at",
                  "effected_at", "closed_at", "next_deadline_at", "next_deadline_code")
        read_only_fields = fields

    def get_case(self, obj: Request) -> str | None:
        """The case is shown to the requesting authority only."""
        user = self.context["request"].user
        return str(obj.case_id) if obj.case_id and user.authority_id == obj.requesting_authority_id else None


class RequestCreateSerializer(RefusesUnknownFields, serializers.Serializer):
    case = serializers.UUIDField()
    request_type = serializers.CharField(max_length=20)
    requested_authority = serializers.UUIDField()
    document_language = serializers.ChoiceField(choices=["en", "fr"], default="en")
    follows = serializers.UUIDField(required=False, allow_null=True)
    content = serializers.DictField(required=False)


class TransitionSerializer(RefusesUnknownFields, serializers.Serializer):
    action = serializers.CharField(max_length=40)
    reason_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentRequestSerializer(RefusesUnknownFields, serializers.Serializer):
    format = serializers.ChoiceField(choices=["pdf", "docx"])
    language = serializers.ChoiceField(choices=["en", "fr"], required=False)
