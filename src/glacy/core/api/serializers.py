from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from glacy.core.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ("id", "occurred_at", "actor_name", "authority", "action", "object_type", "object_id",
                  "object_repr", "before", "after", "channel", "request_id")
        read_only_fields = fields


class RefusesUnknownFields:
    """Input serializers refuse a field they do not take, instead of dropping it silently, and, in JSON, a yes/no
    that is not a JSON boolean.

    A client that sends `status` to PATCH a case, or misspells `summary_of_fact`, learns that nothing was done
    with it (400, the field named) rather than believing it was saved. Put it first among the bases.
    """

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            fields = self.fields  # type: ignore[attr-defined]
            writable = {name for name, field in fields.items() if not field.read_only}
            refused = sorted(set(data.keys()) - writable)
            if refused:
                raise serializers.ValidationError({
                    name: [str(_("This field is read-only.") if name in fields else _("Unknown field."))]
                    for name in refused})
            # JSON: a yes/no is true or false, not "yes", 1 or "true" (form data is text, read by the field)
            if isinstance(data, dict) and not isinstance(data, QueryDict):
                not_boolean = sorted(name for name, value in data.items()
                                     if isinstance(fields[name], serializers.BooleanField)
                                     and not isinstance(value, bool))
                if not_boolean:
                    raise serializers.ValidationError({name: [str(_("Use true or false."))] for name in not_boolean})
        return super().to_internal_value(data)  # type: ignore[misc]
