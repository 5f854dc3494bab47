from __future__ import annotations

from typing import Any

from rest_framework import serializers

from glacy.programme.metrics import indicator_actual
from glacy.programme.models import Activity, Indicator, Project, Result
from glacy.programme.models.vocabulary import ActivityFormat, ActivityType, Gender, InstitutionType


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ("id", "code", "title", "title_fr")
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    donors: Any = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    countries: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ("id", "code", "iati_identifier", "title", "title_fr", "description", "objective", "funding_type",
                  "donors", "budget", "currency", "start_date", "end_date", "status", "countries", "regions",
                  "results")
        read_only_fields = fields


class ParticipationSerializer(serializers.Serializer):
    institution_type = serializers.ChoiceField(choices=InstitutionType.choices)
    gender = serializers.ChoiceField(choices=Gender.choices)
    count = serializers.IntegerField(min_value=1)


class ActivitySerializer(serializers.ModelSerializer):
    project: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    topics: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    results: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    countries: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    participation = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ("id", "project", "reference", "title", "activity_type", "topics", "results", "countries",
                  "start_date", "end_date", "year", "activity_format", "partners", "outputs", "participation")
        read_only_fields = fields


class ActivityWriteSerializer(serializers.Serializer):
    """An activity to record (or, with an existing project and reference, to update)."""

    project = serializers.CharField(max_length=40, help_text="The project's short name, e.g. GLACY-e")
    reference = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    topics = serializers.ListField(child=serializers.CharField(max_length=40), default=list)
    results = serializers.ListField(child=serializers.CharField(max_length=10), default=list)
    countries = serializers.ListField(child=serializers.CharField(max_length=2), default=list)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    activity_format = serializers.ChoiceField(choices=ActivityFormat.choices, default=ActivityFormat.IN_PERSON)
    partners = serializers.CharField(max_length=300, default="", allow_blank=True)
    outputs = serializers.CharField(default="", allow_blank=True)
    participation = ParticipationSerializer(many=True, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError({"end_date": "The activity ends before it starts."})
        return attrs


class IndicatorSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="result.project.code", read_only=True)
    result = serializers.CharField(source="result.code", read_only=True)
    actual = serializers.SerializerMethodField(help_text="Actual value for ?year= (default: this year); computed "
                                                         "for live sources, else entered by staff")

    class Meta:
        model = Indicator
        fields = ("id", "project", "result", "title", "title_fr", "source", "is_percentage", "baseline_value",
                  "baseline_year", "target_value", "target_year", "means_of_verification", "actual")
        read_only_fields = fields

    def get_actual(self, indicator: Indicator) -> str | None:
        value = indicator_actual(indicator, self.context["year"]).value
        return None if value is None else str(value)


class ReportQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
