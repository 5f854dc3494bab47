"""Cooperation API: cases of the caller's authority."""

from __future__ import annotations

from typing import Any

from rest_framework import status, viewsets
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from glacy.cooperation import selectors
from glacy.cooperation.api.serializers import CaseSerializer
from glacy.cooperation.models import Case
from glacy.cooperation.services.cases import case_open, case_update


class CaseViewSet(viewsets.ModelViewSet):
    serializer_class = CaseSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ("status", "is_urgent")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.cases_for_user(user=self.request.user)

    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_open(actor=request.user, data=serializer.validated_data)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(case_update(actor=request.user, case=case,
                                                        changes=serializer.validated_data)).data)
