from __future__ import annotations

from rest_framework import serializers

from glacy.cooperation.models import Case


class CaseSerializer(serializers.ModelSerializer):
    offence_articles = serializers.ListField(child=serializers.CharField(max_length=20), required=False)

    class Meta:
        model = Case
        fields = ("id", "reference", "title", "offence_articles", "national_provisions", "summary_of_facts",
                  "is_urgent", "contains_personal_data", "status", "created_at", "updated_at")
        read_only_fields = ("id", "reference", "created_at", "updated_at")
