"""Legislation API: import laws, read their provisions with suggestions, decide, assess (scoped like the pages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from glacy.core.permissions import Role
from glacy.legislation import selectors
from glacy.legislation.api.serializers import (
    AssessmentCreateSerializer,
    AssessmentRowSerializer,
    AssessmentSerializer,
    DecisionSerializer,
    LawImportJobSerializer,
    LawImportSerializer,
    LawSerializer,
    MappingSerializer,
    ProvisionSerializer,
    RowUpdateSerializer,
    SuggestionSerializer,
)
from glacy.legislation.models import Assessment, AssessmentRow, Law, LawImportJob, Suggestion
from glacy.legislation.services.assessments import assessment_create, assessment_finalise, assessment_row_update
from glacy.legislation.services.jobs import law_import_now_or_queue
from glacy.legislation.services.mappings import suggestion_accept, suggestion_reject


class LawViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LawSerializer
    parser_classes = (MultiPartParser, FormParser, JSONParser)
    throttle_scopes = {"create": "imports"}  # stricter API rate limit (core/api/throttling.py)
    filterset_fields = ("country", "kind", "language")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Law.objects.none()
        return selectors.laws_with_counts_for_user(user=self.request.user)

    @extend_schema(request={"multipart/form-data": LawImportSerializer},
                   responses={201: LawSerializer, 202: LawImportJobSerializer})
    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Import a law. A short text file (up to 250 provisions) is imported at once (201, the law); a PDF, a
        file over 2 MB or a longer text is queued for the worker, as on the page (202, the job: follow it at
        /law-import-jobs/{id}/)."""
        payload = LawImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        options = {key: payload.validated_data[key] for key in ("title", "kind", "language", "adopted_on")}
        options["country_code"] = payload.validated_data["country"]
        outcome = law_import_now_or_queue(actor=request.user, upload=payload.validated_data["file"], options=options)
        if isinstance(outcome, LawImportJob):
            return Response(LawImportJobSerializer(outcome).data, status=status.HTTP_202_ACCEPTED)
        return Response(LawSerializer(self.get_queryset().get(pk=outcome.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ProvisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def provisions(self, request: ApiRequest, pk: str | None = None) -> Response:
        law = self.get_object()
        provisions = law.provisions.prefetch_related("suggestions__article", "mappings__article")
        return Response(ProvisionSerializer(provisions, many=True).data)


class LawImportJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background imports of the user's authority: status, step and progress; `law` once done."""

    serializer_class = LawImportJobSerializer
    filterset_fields = ("status",)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return LawImportJob.objects.none()
        if not getattr(self.request.user, "has_role", lambda role: False)(Role.REVIEWER):  # reviewers only, as the page
            return LawImportJob.objects.none()
        return selectors.law_import_jobs_for_user(user=self.request.user)


class SuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SuggestionSerializer
    filterset_fields = ("decision",)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Suggestion.objects.none()
        return selectors.suggestions_for_user(user=self.request.user)

    @extend_schema(request=DecisionSerializer, responses={200: MappingSerializer})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def accept(self, request: ApiRequest, pk: str | None = None) -> Response:
        suggestion = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        mapping = suggestion_accept(actor=request.user, suggestion=suggestion,
                                    coverage=payload.validated_data.get("coverage"),
                                    note=payload.validated_data["note"])
        return Response(MappingSerializer(mapping).data)

    @extend_schema(request=DecisionSerializer, responses={200: SuggestionSerializer})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def reject(self, request: ApiRequest, pk: str | None = None) -> Response:
        suggestion = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(SuggestionSerializer(suggestion_reject(
            actor=request.user, suggestion=suggestion, note=payload.validated_data["note"])).data)


class AssessmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentSerializer
    filterset_fields = ("country", "instrument", "status")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return selectors.assessments_for_user(user=self.request.user).prefetch_related("laws", "rows__article")

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        payload = AssessmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        laws = selectors.laws_for_user(user=request.user).filter(pk__in=payload.validated_data["laws"])
        if laws.count() != len(set(payload.validated_data["laws"])):
            return Response({"laws": [_("Unknown law.")]}, status=status.HTTP_400_BAD_REQUEST)
        assessment = assessment_create(actor=request.user, country_code=payload.validated_data["country"],
                                       instrument_code=payload.validated_data["instrument"], laws=laws,
                                       title=payload.validated_data["title"])
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def finalise(self, request: ApiRequest, pk: str | None = None) -> Response:
        return Response(AssessmentSerializer(assessment_finalise(actor=request.user,
                                                                 assessment=self.get_object())).data)


class AssessmentRowViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentRowSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return AssessmentRow.objects.none()
        return selectors.assessment_rows_for_user(user=self.request.user)

    @extend_schema(request=RowUpdateSerializer, responses={200: AssessmentRowSerializer})
    def partial_update(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        payload = RowUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        return Response(AssessmentRowSerializer(assessment_row_update(
            actor=request.user, row=row, changes=payload.validated_data)).data)
