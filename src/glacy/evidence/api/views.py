"""Evidence API: exhibits (scoped like the pages), their custody log, and recording custody events."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from glacy.evidence.api.serializers import CustodyEventCreateSerializer, CustodyEventSerializer, EvidenceItemSerializer
from glacy.evidence.models import EvidenceItem
from glacy.evidence.selectors import evidence_for_user
from glacy.evidence.services.events import custody_event_record


class EvidenceItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvidenceItemSerializer
    filterset_fields = ("case", "source")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return EvidenceItem.objects.none()
        return evidence_for_user(user=self.request.user)

    @extend_schema(responses=CustodyEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def custody(self, request: ApiRequest, pk: str | None = None) -> Response:
        item = self.get_object()
        return Response(CustodyEventSerializer(item.custody_events.order_by("sequence"), many=True).data)

    @extend_schema(request=CustodyEventCreateSerializer, responses={201: CustodyEventSerializer})
    @custody.mapping.post
    def record_custody(self, request: ApiRequest, pk: str | None = None, **kwargs: Any) -> Response:
        item = self.get_object()
        payload = CustodyEventCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        event = custody_event_record(actor=request.user, item=item, **payload.validated_data)
        return Response(CustodyEventSerializer(event).data, status=status.HTTP_201_CREATED)
