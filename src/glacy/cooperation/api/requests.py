"""Requests API: list and read (both sides), draft, change content, add identifiers, act, get documents."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from glacy.cooperation import selectors
from glacy.cooperation.api.serializers import (
    DocumentRequestSerializer,
    RequestCreateSerializer,
    RequestIdentifierSerializer,
    RequestSerializer,
    TransitionSerializer,
)
from glacy.cooperation.models import Request
from glacy.cooperation.services import documents as document_services
from glacy.cooperation.services import requests as request_services
from glacy.cooperation.services.workflow import request_transition
from glacy.directory.models import Authority


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RequestSerializer
    filterset_fields = ("status", "request_type")
    throttle_scopes = {"documents": "reports"}  # stricter API rate limit (core/api/throttling.py)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Request.objects.none()
        return selectors.requests_for_user(user=self.request.user).prefetch_related("identifiers", "conditions")

    def _out(self, item: Request, code: int = status.HTTP_200_OK) -> Response:
        item.refresh_from_db()
        return Response(RequestSerializer(item, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=RequestCreateSerializer, responses=RequestSerializer)
    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        payload = RequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = selectors.cases_for_user(user=request.user).filter(pk=data["case"]).first()
        requested = Authority.objects.filter(pk=data["requested_authority"], is_active=True).first()
        errors = {name: ["Not found."] for name, value in
                  (("case", case), ("requested_authority", requested)) if value is None}
        if errors or case is None or requested is None:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        settings = {name: data[name] for name in ("is_urgent", "urgent_means", "route", "applicable_treaty")}
        created = request_services.request_create(
            actor=request.user, case=case, request_type=data["request_type"], requested_authority=requested,
            content=data.get("content") or {}, document_language=data["document_language"],
            follows_reference=data.get("follows_reference", ""), settings=settings)
        return self._out(created, status.HTTP_201_CREATED)

    @extend_schema(request={"application/json": {"type": "object"}}, responses=RequestSerializer)
    @action(detail=True, methods=["patch"], pagination_class=None, filter_backends=[])
    def content(self, request: ApiRequest, pk: str | None = None) -> Response:
        item = self.get_object()
        if not isinstance(request.data, dict):
            return Response({"content": ["Send an object of content fields."]}, status=status.HTTP_400_BAD_REQUEST)
        return self._out(request_services.request_update_content(actor=request.user, request=item,
                                                                 content=request.data))

    @extend_schema(request=RequestIdentifierSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def identifiers(self, request: ApiRequest, pk: str | None = None) -> Response:
        item = self.get_object()
        payload = RequestIdentifierSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        request_services.request_identifier_add(actor=request.user, request=item, kind=payload.validated_data["kind"],
                                                raw=payload.validated_data["raw"])
        return self._out(item, status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def transition(self, request: ApiRequest, pk: str | None = None) -> Response:
        item = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        return self._out(request_transition(
            actor=request.user, request=item, action=data["action"], reason_code=data["reason_code"],
            note=data["note"], on_date=data["on_date"],
            partial_or_conditional_considered=data["partial_or_conditional_considered"],
            information_complete=data["information_complete"], conditions=data["conditions"]))

    @extend_schema(request=DocumentRequestSerializer, responses={201: {"type": "object"}})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def documents(self, request: ApiRequest, pk: str | None = None) -> Response:
        item = self.get_object()
        payload = DocumentRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = document_services.request_document_generate(
            actor=request.user, request=item, file_format=payload.validated_data["format"],
            language=payload.validated_data.get("language"))
        download = f"/cooperation/requests/{item.pk}/documents/{document.pk}/"
        return Response({"id": str(document.pk), "filename": document.filename, "sha256": document.sha256,
                         "size": document.size, "download": download}, status=status.HTTP_201_CREATED)

    def get_object(self) -> Request:
        try:
            return super().get_object()
        except (ValueError, Request.DoesNotExist) as error:
            raise Http404 from error
