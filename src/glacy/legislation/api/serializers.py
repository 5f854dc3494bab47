from __future__ import annotations

from typing import Any

from rest_framework import serializers

from glacy.core.api.serializers import RefusesUnknownFields
from glacy.legislation.extract import MAX_BYTES
from glacy.legislation.models import Assessment, AssessmentRow, Law, Provision, ProvisionMapping, Suggestion
from glacy.legislation.models.assessments import RowCoverage
from glacy.legislation.models.laws import Coverage


def _article_reference(article: Any) -> str:
    return f"{article.instrument_id}:{article.number}"


class LawSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", read_only=True)
    language = serializers.ChoiceField(choices=["en", "fr"], read_only=True)
    provision_count = serializers.IntegerField(read_only=True)  # annotated by the view: no query per law

    class Meta:
        model = Law
        fields = ("id", "country", "title", "kind", "language", "adopted_on", "source_name", "source_format",
                  "source_sha256", "provision_count", "created_at")
        read_only_fields = fields


class LawImportSerializer(RefusesUnknownFields, serializers.Serializer):
    file = serializers.FileField(max_length=255, help_text=f"PDF, DOCX, HTML or text, at most {MAX_BYTES} bytes")
    country = serializers.CharField(max_length=2)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Law.Kind.choices, default=Law.Kind.ACT)
    language = serializers.ChoiceField(choices=["en", "fr"], default="", allow_blank=True,
                                       help_text="Empty: recognised from the text")
    adopted_on = serializers.DateField(required=False, allow_null=True, default=None)


class SuggestionSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = ("id", "article", "rank", "score", "coverage", "reasons", "decision", "decided_at")
        read_only_fields = fields

    def get_article(self, suggestion: Suggestion) -> str:
        return _article_reference(suggestion.article)


class MappingSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField()

    class Meta:
        model = ProvisionMapping
        fields = ("id", "article", "coverage", "missing_elements", "note", "created_at")
        read_only_fields = fields

    def get_article(self, mapping: ProvisionMapping) -> str:
        return _article_reference(mapping.article)


class ProvisionSerializer(serializers.ModelSerializer):
    suggestions = SuggestionSerializer(many=True, read_only=True)
    mappings = MappingSerializer(many=True, read_only=True)

    class Meta:
        model = Provision
        fields = ("id", "position", "ref", "heading", "text", "context", "suggestions", "mappings")
        read_only_fields = fields


class DecisionSerializer(RefusesUnknownFields, serializers.Serializer):
    coverage = serializers.ChoiceField(choices=Coverage.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AssessmentRowSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentRow
        fields = ("id", "article", "computed_coverage", "coverage", "provisions", "missing_elements", "note",
                  "recommendation")
        read_only_fields = fields

    def get_article(self, row: AssessmentRow) -> str:
        return _article_reference(row.article)


class AssessmentSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", read_only=True)
    instrument = serializers.CharField(source="instrument_id", read_only=True)
    laws: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    rows = AssessmentRowSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ("id", "country", "instrument", "version", "title", "status", "laws", "rows", "created_at",
                  "finalised_at")
        read_only_fields = fields


class AssessmentCreateSerializer(RefusesUnknownFields, serializers.Serializer):
    country = serializers.CharField(max_length=2)
    instrument = serializers.CharField(max_length=16)
    laws = serializers.ListField(child=serializers.UUIDField(), min_length=1)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RowUpdateSerializer(RefusesUnknownFields, serializers.Serializer):
    coverage = serializers.ChoiceField(choices=RowCoverage.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    recommendation = serializers.CharField(required=False, allow_blank=True, max_length=5000)
