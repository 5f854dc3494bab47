"""Recording audit events: called by every service, inside the transaction that makes the change."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from glacy.core.actors import is_remote_actor
from glacy.core.context import current_origin
from glacy.core.models import AuditEvent


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of the concrete field values of `instance` (foreign keys as their ids)."""
    names = list(fields) if fields is not None else [
        field.name for field in instance._meta.concrete_fields if field.name not in {"password"}
    ]
    values: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        attribute = getattr(field, "attname", name)
        values[name] = _json_safe(getattr(instance, attribute))
    return values


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose value differs, so the trail shows what really changed."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    authority: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit event. Must run inside the caller's transaction (enforced).

    `actor` is the user who acted, None for the system (a scheduled job acting on its own), or a
    `core.actors.RemoteActor` (a person of another node, recorded by name and authority). `authority` defaults
    to the actor's authority (for a remote actor: the authority of this node whose records the step changed).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the transaction that makes the change.")
    origin = current_origin()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if authority is None and is_user:
        authority = getattr(actor, "authority", None)
    remote = is_remote_actor(actor)
    if remote and authority is None:
        authority = actor.recorded_for
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.label if remote else (actor.get_full_name() or actor.get_username()) if is_user
        else "system",
        authority=authority,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        channel=origin.channel,
        request_id=origin.request_id,
    )
