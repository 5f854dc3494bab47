"""Cooperation steps as the simulated peer sends them (the payload another node's GLACY writes), and a local
request between this node and the peer."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from glacy.cooperation.services.cases import case_open
from glacy.cooperation.services.requests import request_create, request_identifier_add
from glacy.cooperation.services.workflow import request_transition
from glacy.exchange.keyhistory import format_time
from glacy.exchange.services.inbox import inbox_receive
from tests.cooperation.helpers import IP_IDENTIFIER, complete_content
from tests.factories import UserFactory

PEER_OFFICER = "Maria Santos"


def step_payload(*, request_id: Any, reference: str, action: str, status: str,
                 time: datetime.datetime | None = None, request_data: dict[str, Any] | None = None,
                 actor: str = PEER_OFFICER, roles: tuple[str, ...] = ("approver", "drafter"),
                 **inputs: Any) -> dict[str, Any]:
    return {"request": str(request_id), "reference": reference, "action": action,
            "time": format_time(time or timezone.now()), "actor": {"name": actor, "roles": list(roles)},
            "inputs": {"reason_code": "", "note": "", "on_date": None, "partial_or_conditional_considered": False,
                       "information_complete": False, "conditions": [], **inputs},
            "status": status, "request_data": request_data}


def preservation_data(*, requesting: Any, requested: Any, follows: Any = None) -> dict[str, Any]:
    """What a preservation request sends (as the peer's GLACY builds it)."""
    return {"type": "ETS185-29", "requesting_authority": str(requesting.pk), "requested_authority": str(requested.pk),
            "content": complete_content("ETS185-29"), "offence_articles": ["ETS185:5"], "document_language": "en",
            "follows": follows, "is_urgent": False, "urgent_means": "", "route": "", "applicable_treaty": "",
            "identifiers": [{"kind": "ip", "value": {"address": "203.0.113.7", "port": 51234,
                                                      "time": "2026-03-02T14:05:09+01:00"},
                             "display": "203.0.113.7:51234 at 2026-03-02T14:05:09+01:00"}]}


def peer_sends(world: Any, *, conversation: Any, action: str, payload: dict[str, Any], recipient: Any = None,
               sender: Any = None, **envelope: Any) -> Any:
    """The peer sends one step; the inbox's answer."""
    token, _envelope = world.peer.message(conversation=conversation, sender_authority=sender or world.theirs,
                                          recipient_authority=recipient or world.ours_other,
                                          message_type=f"cooperation.request.{action}", payload=payload, **envelope)
    return inbox_receive(token, remote_address="198.51.100.7")


def local_officer(world: Any, *, username: str = "gh-officer") -> Any:
    """A 24/7 officer of this node's 24/7 point (drafter, approver, custodian)."""
    return UserFactory(username=username, authority=world.ours_other, roles=["drafter", "approver", "custodian"],
                       first_name="Kwame", last_name="Asante")


def request_to_peer(world: Any, officer: Any, *, send_it: bool = True, code: str = "ETS185-29") -> Any:
    """A complete preservation request of this node's 24/7 point to the peer's 24/7 point, sent."""
    case = case_open(actor=officer, data={"title": f"Case {uuid.uuid4().hex[:6]}", "offence_articles": ["ETS185:5"]})
    request = request_create(actor=officer, case=case, request_type=code, requested_authority=world.theirs,
                             content=complete_content(code))
    request_identifier_add(actor=officer, request=request, kind="ip", raw=IP_IDENTIFIER)
    if send_it:
        request = request_transition(actor=officer, request=request, action="send")
    return request
