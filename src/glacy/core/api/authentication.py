"""Token authentication for the REST API: `Authorization: Token glc_…`, with scopes checked per method."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from glacy.core.models import ApiToken
from glacy.core.services import api_token_find

logger = logging.getLogger(__name__)

#: A token's last use is recorded to the minute.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ScopedTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        token = api_token_find(header[1].decode(errors="replace"))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        # Recording the last use is bookkeeping, not a domain change: no audit event. It is written at most once a
        # minute, and skipped if the database is busy: on SQLite every write waits for the one writer, and an API
        # call must not wait (or fail) behind another authority's long import for the sake of a timestamp.
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            try:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            except DatabaseError:
                logger.info("API token %s: last use not recorded (database busy).", token.key_prefix)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class HasTokenScope(permissions.BasePermission):
    """Reads need the `read` scope, writes the `write` scope. Session users (browsable pages) have both."""

    message = _("Your token does not have the scope this operation needs.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        needed = ApiToken.Scope.READ if request.method in permissions.SAFE_METHODS else ApiToken.Scope.WRITE
        return needed in token.scopes


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "glacy.core.api.authentication.ScopedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token authentication: `Token glc_…`. Scopes: read, write."}
