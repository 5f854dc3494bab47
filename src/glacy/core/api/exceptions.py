"""Map domain errors to API responses: field-level 400s, 403 for missing roles, 409 for workflow conflicts."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed


def exception_handler(exception: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exception, ValidationFailed):
        return Response(exception.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exception, PermissionDenied):
        return Response({"detail": str(exception.message)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exception, InvalidTransition):
        return Response({"detail": str(exception.message)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exception, context)
