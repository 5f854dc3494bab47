"""Programme API: projects, activities (read; staff record them), indicators with actual values, and the
yearly figures (the same as `glacy programme report --format json`), scoped like the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from glacy.core.errors import ValidationFailed
from glacy.programme import selectors
from glacy.programme.api.serializers import (
    ActivitySerializer,
    ActivityWriteSerializer,
    IndicatorSerializer,
    ProjectSerializer,
    ReportQuerySerializer,
)
from glacy.programme.figures import yearly_figures
from glacy.programme.models import Activity, Indicator, Project
from glacy.programme.scope import programme_scope
from glacy.programme.services.access import require_programme_staff
from glacy.programme.services.activities import ActivityData, activities_save


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    filterset_fields = ("funding_type", "code")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return selectors.projects_for_user(user=self.request.user).prefetch_related(
            "donors", "countries", "results").order_by("code")


class ActivityViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ActivitySerializer
    filterset_fields = ("year", "activity_type", "activity_format")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return selectors.activities_for_user(user=self.request.user).prefetch_related(
            "topics", "results", "countries", "participation").order_by("-start_date", "reference")

    @extend_schema(request=ActivityWriteSerializer, responses={201: ActivitySerializer})
    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        require_programme_staff(request.user)
        payload = ActivityWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user: Any = request.user
        project = selectors.projects_for_user(user=user).filter(authority=user.authority, code=data["project"]).first()
        if project is None:
            raise ValidationFailed({"project": ["No project with this short name that you may change."]})
        (activity,) = activities_save(actor=request.user, source="api", items=[ActivityData(
            project=project, fields={key: data[key] for key in ("reference", "title", "activity_type", "start_date",
                                                                "end_date", "activity_format", "partners", "outputs")},
            topics=sorted(set(data["topics"])), results=sorted({code.upper() for code in data["results"]}),
            countries=sorted({code.upper() for code in data["countries"]}),
            participation={(row["institution_type"], row["gender"]): row["count"] for row in data["participation"]})])
        return Response(ActivitySerializer(self.get_queryset().get(pk=activity.pk)).data,
                        status=status.HTTP_201_CREATED)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return selectors.indicators_for_user(user=self.request.user).prefetch_related(
            Prefetch("values")).order_by("result__project__code", "result__code", "title")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        year = self.request.query_params.get("year", "") if hasattr(self, "request") and self.request else ""
        context["year"] = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
        return context

    @extend_schema(parameters=[OpenApiParameter("year", int, description="Year of the actual values")])
    def list(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[OpenApiParameter("year", int, description="Year of the actual value")])
    def retrieve(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


class ProgrammeReportView(APIView):
    """The yearly results figures for the records the caller may read."""

    @extend_schema(parameters=[OpenApiParameter("year", int, required=True)],
                   responses={200: OpenApiTypes.OBJECT,
                              404: OpenApiResponse(OpenApiTypes.OBJECT,
                                                   description="The caller may read no programme record.")})
    def get(self, request: ApiRequest) -> Response:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = programme_scope(request.user)
        if not scope.sees_anything:
            return Response({"detail": "You have no access to programme records."}, status=status.HTTP_404_NOT_FOUND)
        return Response(yearly_figures(year=query.validated_data["year"], scope=scope))
