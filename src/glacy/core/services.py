"""Writes owned by core: API tokens, language preference, second factor; and the shared update helper."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import changed_fields, record_event, snapshot
from glacy.core.errors import ValidationFailed
from glacy.core.models import ApiToken

ModelT = TypeVar("ModelT", bound=models.Model)


def validate_instance(instance: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """Run model validation and turn Django's ValidationError into a field-level ValidationFailed."""
    try:
        instance.full_clean(exclude=list(exclude) if exclude else None)
    except ValidationError as error:
        raise ValidationFailed(error.message_dict) from error


def instance_update(
    *, instance: ModelT, changes: Mapping[str, Any], allowed_fields: Iterable[str], actor: Any, action: str,
) -> ModelT:
    """Apply `changes` to an already-permitted instance, validate, save and audit only what changed.

    Unknown fields are refused rather than ignored, so an API client learns about a typo.
    Must be called inside the caller's transaction.
    """
    allowed = set(allowed_fields)
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationFailed({name: [str(_("This field cannot be changed here."))] for name in unknown})
    before = snapshot(instance, allowed)
    for name, value in changes.items():
        setattr(instance, name, value)
    validate_instance(instance)
    after = snapshot(instance, allowed)
    before_changed, after_changed = changed_fields(before, after)
    if not after_changed:
        return instance
    instance.save()
    record_event(actor=actor, action=action, obj=instance, before=before_changed, after=after_changed)
    return instance


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: Any, name: str, scopes: Iterable[str], expires_at: Any = None,
) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the token and its secret, which is shown once and never stored."""
    scope_list = sorted(set(scopes))
    valid_scopes = set(ApiToken.Scope.values)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [str(_("Give the token a name so you can recognise it later."))]
    if not scope_list or not set(scope_list) <= valid_scopes:
        errors["scopes"] = [str(_("Choose scopes among: %(scopes)s.") % {"scopes": ", ".join(sorted(valid_scopes))})]
    if errors:
        raise ValidationFailed(errors)
    key = "glc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), key_prefix=key[4:12], key_digest=_digest(key), scopes=scope_list,
        expires_at=expires_at,
    )
    record_event(actor=user, action="api_token.create", obj=token, after={"name": token.name, "scopes": scope_list})
    return token, key


def api_token_find(key: str) -> ApiToken | None:
    """The live token matching a presented secret, or None."""
    token = ApiToken.objects.select_related("user").filter(key_digest=_digest(key), revoked_at__isnull=True).first()
    if token is None or (token.expires_at is not None and token.expires_at <= timezone.now()):
        return None
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Revoke a token; it stops working at once."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        record_event(actor=actor, action="api_token.revoke", obj=token, after={"revoked_at": token.revoked_at})
    return token


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> Any:
    """Remember the user's interface language on their account."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed({"language": [str(_("This language is not available."))]})
    if user.preferred_language != language:
        before = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        record_event(actor=user, action="user.set_language", obj=user,
                     before={"preferred_language": before}, after={"preferred_language": language})
    return user
