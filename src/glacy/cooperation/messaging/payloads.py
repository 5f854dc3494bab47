"""The payload of a cooperation step message, and of the request it sends on "send".

Message type ``cooperation.request.<action>`` (``action`` one of the workflow's steps), payload::

    {"request": "<uuid>", "reference": "GH-PRES-2026-0001", "action": "acknowledge",
     "time": "2026-03-01T10:42:00.000000Z",                 # when the step was taken (both rows record it)
     "actor": {"name": "Ama Mensah", "roles": ["drafter"]}, # who took it, as the sending node knows them
     "inputs": {"reason_code": "", "note": "", "on_date": "2026-03-01" | null,
                "partial_or_conditional_considered": false, "information_complete": false,
                "conditions": [{"kind": "confidentiality", "text": "…"}]},
     "status": "acknowledged",                              # the request's status after the step, there
     "request_data": {…}}                                   # "send" only: what the request sends (below)

``request_data``: type, the two authorities, content, offences named, language, the request it follows up
(id and reference), urgency and expedited means, route, treaty relied on, the identifiers sought. Never the
case: the requested side receives only what the request sends (ARCHITECTURE.md §4).

Everything is checked before use; a wrong field is refused with its name (the sender is told).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from glacy.core.errors import ValidationFailed
from glacy.exchange.keyhistory import format_time, parse_time

PREFIX = "cooperation.request."
#: Messages between nodes live as long as the exchange allows: a step must not expire in a slow network.
INPUT_FIELDS = frozenset({"reason_code", "note", "on_date", "partial_or_conditional_considered",
                          "information_complete", "conditions"})
STEP_FIELDS = frozenset({"request", "reference", "action", "time", "actor", "inputs", "status", "request_data"})
REQUEST_FIELDS = frozenset({"type", "requesting_authority", "requested_authority", "content", "offence_articles",
                            "document_language", "follows", "is_urgent", "urgent_means", "route",
                            "applicable_treaty", "identifiers"})


def step_type(action: str) -> str:
    return PREFIX + action


def _refuse(name: str, text: str) -> ValidationFailed:
    return ValidationFailed({name: [text]})


def _text(data: dict[str, Any], name: str, *, limit: int = 20000, where: str = "") -> str:
    value = data.get(name)
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise _refuse(f"{where}{name}", f"must be text of at most {limit} characters")
    return value


def _flag(data: dict[str, Any], name: str, where: str = "") -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise _refuse(f"{where}{name}", "must be true or false")
    return value


def _identifier(value: Any, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value)) if isinstance(value, str) else uuid.UUID("")
    except ValueError as error:
        raise _refuse(name, "must be a UUID") from error


@dataclass(frozen=True)
class StepInputs:
    """What the person who took the step entered (the same arguments `request_transition` takes)."""

    reason_code: str = ""
    note: str = ""
    on_date: datetime.date | None = None
    partial_or_conditional_considered: bool = False
    information_complete: bool = False
    conditions: tuple[dict[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"reason_code": self.reason_code, "note": self.note,
                "on_date": self.on_date.isoformat() if self.on_date else None,
                "partial_or_conditional_considered": self.partial_or_conditional_considered,
                "information_complete": self.information_complete,
                "conditions": [{"kind": item["kind"], "text": item["text"]} for item in self.conditions]}

    @classmethod
    def from_json(cls, data: Any) -> StepInputs:
        if not isinstance(data, dict) or set(data) != INPUT_FIELDS:
            raise _refuse("inputs", f"must hold exactly {sorted(INPUT_FIELDS)}")
        on_date = data["on_date"]
        if on_date is not None:
            try:
                on_date = datetime.date.fromisoformat(on_date) if isinstance(on_date, str) else None
            except ValueError:
                on_date = None
            if on_date is None:
                raise _refuse("inputs.on_date", "must be a date (YYYY-MM-DD) or null")
        conditions = data["conditions"]
        if not isinstance(conditions, list) or len(conditions) > 50 or not all(
                isinstance(item, dict) and set(item) == {"kind", "text"} and isinstance(item["kind"], str)
                and isinstance(item["text"], str) and len(item["text"]) <= 5000 for item in conditions):
            raise _refuse("inputs.conditions", "must be a list of {kind, text}")
        return cls(reason_code=_text(data, "reason_code", limit=40, where="inputs."),
                   note=_text(data, "note", where="inputs."), on_date=on_date,
                   partial_or_conditional_considered=_flag(data, "partial_or_conditional_considered", "inputs."),
                   information_complete=_flag(data, "information_complete", "inputs."),
                   conditions=tuple({"kind": item["kind"], "text": item["text"]} for item in conditions))


@dataclass(frozen=True)
class StepMessage:
    """One step of a request, as it travels."""

    request: uuid.UUID
    reference: str
    action: str
    time: datetime.datetime
    actor_name: str
    actor_roles: frozenset[str]
    inputs: StepInputs
    status: str
    request_data: dict[str, Any] | None = field(default=None)

    def as_json(self) -> dict[str, Any]:
        return {"request": str(self.request), "reference": self.reference, "action": self.action,
                "time": format_time(self.time), "actor": {"name": self.actor_name, "roles": sorted(self.actor_roles)},
                "inputs": self.inputs.as_json(), "status": self.status, "request_data": self.request_data}

    @classmethod
    def from_json(cls, data: dict[str, Any], *, message_type: str) -> StepMessage:
        if set(data) != STEP_FIELDS:
            raise _refuse("payload", f"fields missing: {sorted(STEP_FIELDS - set(data))}, "
                                     f"unexpected: {sorted(set(data) - STEP_FIELDS)}")
        action = _text(data, "action", limit=40)
        if message_type != step_type(action):
            raise _refuse("action", f"the step {action!r} does not match the message type {message_type}")
        try:
            moment = parse_time(data["time"])
        except ValueError as error:
            raise _refuse("time", str(error)) from error
        actor = data["actor"]
        if not isinstance(actor, dict) or set(actor) != {"name", "roles"} or not isinstance(actor["roles"], list) \
                or not all(isinstance(role, str) for role in actor["roles"]):
            raise _refuse("actor", "must be {name, roles}")
        name = _text(actor, "name", limit=200, where="actor.").strip()
        if not name:
            raise _refuse("actor.name", "who took the step must be named")
        request_data = data["request_data"]
        if action == "send":
            if not isinstance(request_data, dict) or set(request_data) != REQUEST_FIELDS:
                raise _refuse("request_data", f"a request sent holds exactly {sorted(REQUEST_FIELDS)}")
        elif request_data is not None:
            raise _refuse("request_data", "only the step that sends the request carries it")
        return cls(request=_identifier(data["request"], "request"), reference=_text(data, "reference", limit=40),
                   action=action, time=moment, actor_name=name, actor_roles=frozenset(actor["roles"]),
                   inputs=StepInputs.from_json(data["inputs"]), status=_text(data, "status", limit=24),
                   request_data=request_data)


def request_data_of(request: Any) -> dict[str, Any]:
    """What a request sends to the requested side (never its case, its drafts' history or its documents'
    internal ids)."""
    follows = request.follows
    return {
        "type": request.request_type, "requesting_authority": str(request.requesting_authority_id),
        "requested_authority": str(request.requested_authority_id), "content": dict(request.content),
        "offence_articles": list(request.offence_articles or []), "document_language": request.document_language,
        "follows": {"id": str(follows.pk), "reference": follows.reference} if follows is not None else None,
        "is_urgent": request.is_urgent, "urgent_means": request.urgent_means, "route": request.route,
        "applicable_treaty": request.applicable_treaty,
        "identifiers": [{"kind": item.kind, "value": item.value, "display": item.display}
                        for item in request.identifiers.all()],
    }


@dataclass(frozen=True)
class SentRequest:
    """`request_data`, checked."""

    request_type: str
    requesting_authority: uuid.UUID
    requested_authority: uuid.UUID
    content: dict[str, Any]
    offence_articles: list[str]
    document_language: str
    follows: tuple[uuid.UUID, str] | None
    settings: dict[str, Any]
    identifiers: list[dict[str, Any]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SentRequest:
        where = "request_data."
        if not isinstance(data["content"], dict):
            raise _refuse(f"{where}content", "must be an object")
        offences = data["offence_articles"]
        if not isinstance(offences, list) or not all(isinstance(item, str) for item in offences):
            raise _refuse(f"{where}offence_articles", "must be a list of article codes")
        follows = data["follows"]
        if follows is not None:
            if not isinstance(follows, dict) or set(follows) != {"id", "reference"}:
                raise _refuse(f"{where}follows", "must be {id, reference} or null")
            follows = (_identifier(follows["id"], f"{where}follows.id"), _text(follows, "reference", limit=40,
                                                                                where=f"{where}follows."))
        identifiers = data["identifiers"]
        if not isinstance(identifiers, list) or len(identifiers) > 500 or not all(
                isinstance(item, dict) and set(item) == {"kind", "value", "display"} and isinstance(item["kind"], str)
                and isinstance(item["display"], str) and len(item["display"]) <= 300 for item in identifiers):
            raise _refuse(f"{where}identifiers", "must be a list of {kind, value, display}")
        return cls(
            request_type=_text(data, "type", limit=20, where=where),
            requesting_authority=_identifier(data["requesting_authority"], f"{where}requesting_authority"),
            requested_authority=_identifier(data["requested_authority"], f"{where}requested_authority"),
            content=data["content"], offence_articles=offences,
            document_language=_text(data, "document_language", limit=2, where=where), follows=follows,
            settings={"is_urgent": _flag(data, "is_urgent", where), "urgent_means": _text(
                data, "urgent_means", limit=10, where=where), "route": _text(data, "route", limit=30, where=where),
                "applicable_treaty": _text(data, "applicable_treaty", limit=300, where=where)},
            identifiers=identifiers)
