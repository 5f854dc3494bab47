"""API views of core: the audit trail of the caller's authority (administrators)."""

from __future__ import annotations

from rest_framework import viewsets

from glacy.core.api.serializers import AuditEventSerializer
from glacy.core.models import AuditEvent
from glacy.directory.selectors import audit_events_for_user


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEventSerializer
    filterset_fields = ("action", "object_type", "object_id", "channel")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return audit_events_for_user(user=self.request.user)
