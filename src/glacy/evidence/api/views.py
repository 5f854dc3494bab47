"""Evidence API: exhibits (scoped like the pages), their custody log, and recording custody events."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from glacy.cooperation.selectors import cases_for_user
from glacy.evidence.api.serializers import (
    CustodyEventCreateSerializer,
    CustodyEventSerializer,
    EvidenceItemSerializer,
    ExportRequestSerializer,
    IngestJobSerializer,
    IngestRequestSerializer,
)
from glacy.evidence.models import EvidenceItem, IngestJob
from glacy.evidence.report import custody_report_pdf
from glacy.evidence.selectors import evidence_for_user
from glacy.evidence.services.events import custody_event_record
from glacy.evidence.services.export import evidence_export_zip
from glacy.evidence.services.jobs import ingest_folder_job_create, ingest_job_create, ingest_job_options
from glacy.evidence.uploads import hash_uploads


class EvidenceItemViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EvidenceItemSerializer
    filterset_fields = ("case", "source")
    parser_classes = (MultiPartParser, FormParser, JSONParser)
    throttle_scopes = {"create": "imports", "export": "exports", "custody_report": "reports"}  # core/api/throttling

    @extend_schema(request={"multipart/form-data": IngestRequestSerializer}, responses={202: IngestJobSerializer})
    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Queue the ingest of an uploaded exhibit (custodians); follow it at /evidence-jobs/{id}/.

        Send one `file`, or a folder as repeated `files` parts with a repeated `paths` field (each file's path in
        the folder, in the same order) and its `folder_name`: the folder is ingested as on the command line, its
        identity the SHA-256 of its sha256sum manifest. A refused path is named in a 400 and nothing is kept.
        """
        payload = IngestRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = cases_for_user(user=request.user).filter(pk=data["case"]).first()
        if case is None:  # a field of the body, not the path: a 400 naming it, as for cooperation requests
            raise ValidationError({"case": [_("Not found.")]})
        if data["answers_request"] is not None and not case.requests.filter(pk=data["answers_request"]).exists():
            raise ValidationError({"answers_request": [_("Choose a request of this case.")]})
        options = ingest_job_options(data)
        hashing = getattr(request._request, "glacy_upload_hashing", None)
        if data.get("files"):
            received = hashing.digests_of("files") if hashing is not None else []
            job = ingest_folder_job_create(
                actor=request.user, case=case, folder_name=data["folder_name"], options=options,
                files=[(path, upload.chunks()) for path, upload in zip(data["paths"], data["files"], strict=True)],
                received_sha256=[digests["sha256"] for digests in received])
        else:
            received = hashing.digests_of("file") if hashing is not None else []
            job = ingest_job_create(actor=request.user, case=case, chunks=data["file"].chunks(),
                                    original_name=data["file"].name, options=options,
                                    received_hashes=received[0] if received else None)
        return Response(IngestJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=ExportRequestSerializer,
                   responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def export(self, request: ApiRequest, pk: str | None = None) -> HttpResponse:
        """The signed BagIt package for transmission abroad, as a ZIP (custodians; recorded as `exported`)."""
        item = self.get_object()
        payload = ExportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        content, name = evidence_export_zip(actor=request.user, item=item, purpose=payload.validated_data["purpose"])
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(parameters=[OpenApiParameter("language", str, enum=["en", "fr"], default="en")],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="custody-report", pagination_class=None, filter_backends=[])
    def custody_report(self, request: ApiRequest, pk: str | None = None) -> HttpResponse:
        """The chain-of-custody report of the exhibit as PDF, in English or French."""
        item = self.get_object()
        language = request.query_params.get("language", "en")
        if language not in {"en", "fr"}:
            raise ValidationError({"language": [_("Use en or fr.")]})
        response = HttpResponse(custody_report_pdf(item, language=language), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{item.exhibit_number.replace("/", "_")}-custody-{language}.pdf"')
        return response

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> ApiRequest:
        # An upload is hashed as its bytes arrive: the handler goes in before anything parses the body.
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.glacy_upload_hashing = hash_uploads(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return EvidenceItem.objects.none()
        return evidence_for_user(user=self.request.user)

    @extend_schema(responses=CustodyEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def custody(self, request: ApiRequest, pk: str | None = None) -> Response:
        item = self.get_object()
        return Response(CustodyEventSerializer(item.custody_events.order_by("log_index"), many=True).data)

    @extend_schema(request=CustodyEventCreateSerializer, responses={201: CustodyEventSerializer})
    @custody.mapping.post
    def record_custody(self, request: ApiRequest, pk: str | None = None, **kwargs: Any) -> Response:
        item = self.get_object()
        payload = CustodyEventCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        event = custody_event_record(actor=request.user, item=item, **payload.validated_data)
        return Response(CustodyEventSerializer(event).data, status=status.HTTP_201_CREATED)


class IngestJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Ingests queued through the API or the pages, visible to the user who asked for them."""

    serializer_class = IngestJobSerializer
    filterset_fields = ("status",)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return IngestJob.objects.none()
        return IngestJob.objects.filter(requested_by_id=self.request.user.pk)
