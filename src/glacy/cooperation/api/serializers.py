from __future__ import annotations

from typing import Any

from rest_framework import serializers

from glacy.cooperation.models import Case, Request, RequestCondition
from glacy.cooperation.rules.conditions import ConditionState
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


class RequestConditionSerializer(serializers.ModelSerializer):
    """A condition on the use of what is supplied (ETS 185 Arts 26(2), 28(2); CETS 224 Arts 8(8), 9(6))."""

    class Meta:
        model = RequestCondition
        fields = ("kind", "text", "article", "imposed_by", "state", "answered_at", "answer_note")
        read_only_fields = fields


class RequestSerializer(serializers.ModelSerializer):
    identifiers = RequestIdentifierSerializer(many=True, read_only=True)
    case = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()
    conditions = serializers.SerializerMethodField()
    follows = serializers.SerializerMethodField()

    class Meta:
        model = Request
        fields = ("id", "reference", "request_type", "case", "requesting_authority", "requested_authority", "status",
                  "registration", "content", "offence_articles", "document_language", "follows", "is_urgent",
                  "urgent_means", "formal_confirmation_on", "route", "applicable_treaty", "identifiers", "conditions",
                  "pending_question", "sent_at", "acknowledged_at", "received_at", "information_complete_at",
                  "served_at", "effected_at", "closed_at", "next_deadline_at", "next_deadline_code")
        read_only_fields = fields

    def _is_requesting(self, obj: Request) -> bool:
        return bool(self.context["request"].user.authority_id == obj.requesting_authority_id)

    def get_case(self, obj: Request) -> str | None:
        """The case is shown to the requesting authority only."""
        return str(obj.case_id) if obj.case_id and self._is_requesting(obj) else None

    def get_follows(self, obj: Request) -> str | None:
        """The earlier request, for the requesting side (it may belong to another authority of its Party)."""
        return str(obj.follows_id) if obj.follows_id and self._is_requesting(obj) else None

    def get_content(self, obj: Request) -> dict[str, Any]:
        """The content; spontaneous information under conditions not yet accepted stays with its provider."""
        if not self._is_requesting(obj) and any(
                item.state in {ConditionState.PROPOSED, ConditionState.CANNOT_COMPLY} for item in obj.conditions.all()):
            return {name: value for name, value in obj.content.items() if name != "information_provided"}
        return dict(obj.content)

    def get_conditions(self, obj: Request) -> list[dict[str, Any]]:
        return list(RequestConditionSerializer(obj.conditions.all(), many=True).data)


class RequestCreateSerializer(RefusesUnknownFields, serializers.Serializer):
    case = serializers.UUIDField()
    request_type = serializers.CharField(max_length=20)
    requested_authority = serializers.UUIDField()
    document_language = serializers.ChoiceField(choices=["en", "fr"], default="en")
    follows_reference = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="",
        help_text="Reference of the earlier request this one follows up (a request of your country sent to the same "
                  "Party, e.g. a preservation of your 24/7 point: ETS 185 Art. 29(7)).")
    content = serializers.DictField(required=False)
    is_urgent = serializers.BooleanField(required=False, default=False, help_text="ETS 185 Art. 25(3).")
    urgent_means = serializers.ChoiceField(choices=["", "platform", "email", "fax", "other"], required=False,
                                           default="")
    route = serializers.ChoiceField(choices=["", "central_authority", "judicial_direct", "interpol",
                                             "direct_non_coercive"], required=False, default="",
                                    help_text="ETS 185 Art. 27(2)(b) and 27(9).")
    applicable_treaty = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ConditionInputSerializer(RefusesUnknownFields, serializers.Serializer):
    kind = serializers.ChoiceField(choices=["confidential", "limited_use", "other"])
    text = serializers.CharField(max_length=5000)


class TransitionSerializer(RefusesUnknownFields, serializers.Serializer):
    action = serializers.CharField(max_length=40)
    reason_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    on_date = serializers.DateField(required=False, allow_null=True, default=None,
                                    help_text="The date the step happened (receipt, effect, service…); today if "
                                              "omitted. Clocks run from it.")
    partial_or_conditional_considered = serializers.BooleanField(
        required=False, default=False, help_text="Required to refuse or postpone (ETS 185 Art. 27(6)).")
    information_complete = serializers.BooleanField(
        required=False, default=False, help_text="With `acknowledge` of a CETS 224 Art. 8 request: all the "
                                                 "information was received (Art. 8(6)).")
    conditions = ConditionInputSerializer(many=True, required=False, default=list,
                                          help_text="With `propose_conditions`.")


class DocumentRequestSerializer(RefusesUnknownFields, serializers.Serializer):
    format = serializers.ChoiceField(choices=["pdf", "docx"])
    language = serializers.ChoiceField(choices=["en", "fr"], required=False)
