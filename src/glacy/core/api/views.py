"""API views of core: the audit trail of the caller's authority (administrators)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
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


@csrf_exempt  # it changes nothing; without this a DELETE with a session cookie would get the HTML CSRF page
def api_not_found(request: Any, rest: str = "") -> JsonResponse:
    """Any path under /api/v1/ that names no endpoint: a JSON 404 like the API's own, even in debug mode."""
    return JsonResponse({"detail": str(_("Not found."))}, status=404)
