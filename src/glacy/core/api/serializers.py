from __future__ import annotations

from rest_framework import serializers

from glacy.core.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ("id", "occurred_at", "actor_name", "authority", "action", "object_type", "object_id",
                  "object_repr", "before", "after", "channel", "request_id")
        read_only_fields = fields
