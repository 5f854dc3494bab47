"""What the people of each node do, as `glacy shell -c` scripts run inside the node (the same services the pages
call), and how to read a request's state from a node's database to compare the two nodes."""

from __future__ import annotations

import json
from typing import Any

from tests.cooperation.helpers import complete_content
from tests.exchange.multinode import TestNode, wait_for

_PRELUDE = """
import json, datetime
from pathlib import Path
from django.db import transaction
from glacy.directory.models import Authority, User
from glacy.cooperation.models import Request
from glacy.cooperation.services.cases import case_open
from glacy.cooperation.services.requests import request_create, request_identifier_add
from glacy.cooperation.services.workflow import request_transition
"""

DRAFT_AND_SEND = _PRELUDE + """
user = User.objects.get(username={username!r})
requested = Authority.objects.get(home_node={peer!r}, kind={kind!r})
case = case_open(actor=user, data={{"title": {title!r}, "offence_articles": ["ETS185:5"]}})
request = request_create(actor=user, case=case, request_type={code!r}, requested_authority=requested,
                         content={content!r}, follows_reference={follows!r})
request_identifier_add(actor=user, request=request, kind="ip", raw={{"address": "203.0.113.45", "port": "51820",
                       "timestamp": "2026-03-02T03:14:07Z"}})
for action in {actions!r}:
    request = request_transition(actor=user, request=request, action=action)
print("RESULT " + json.dumps({{"id": str(request.pk), "reference": request.reference, "status": request.status}}))
"""

ACT = _PRELUDE + """
user = User.objects.get(username={username!r})
request = Request.objects.get(pk={request!r})
for action, inputs in {steps!r}:
    request = request_transition(actor=user, request=request, action=action, **inputs)
print("RESULT " + json.dumps(request.status))
"""

SEND_EVIDENCE = _PRELUDE + """
from glacy.evidence.handover import evidence_package_send
from glacy.evidence.services.ingest import evidence_ingest
user = User.objects.get(username={username!r})
request = Request.objects.get(pk={request!r})
case = case_open(actor=user, data={{"title": "Execution of " + request.reference, "offence_articles": ["ETS185:5"]}})
source = Path({path!r})
item = evidence_ingest(actor=user, case=case, path=source, description="Connection logs of the VPN account")
transfer = evidence_package_send(actor=user, item=item, request=request)
print("RESULT " + json.dumps({{"item": str(item.pk), "sha256": item.sha256, "transfer": str(transfer.pk),
                              "exhibit": item.exhibit_number}}))
"""


def draft_and_send(node: TestNode, *, username: str, peer: str, kind: str, code: str, follows: str = "",
                   title: str = "VPN intrusion into the hospital network") -> dict[str, Any]:
    actions = ["submit_for_approval", "approve", "send"] if code != "ETS185-29" else ["send"]
    return dict(node.python(DRAFT_AND_SEND.format(username=username, peer=peer, kind=kind, code=code,
                                                  content=complete_content(code), follows=follows, title=title,
                                                  actions=actions)))


def act(node: TestNode, *, username: str, request: str, steps: list[tuple[str, dict[str, Any]]]) -> str:
    return str(node.python(ACT.format(username=username, request=request, steps=steps)))


def send_evidence(node: TestNode, *, username: str, request: str, path: str) -> dict[str, Any]:
    return dict(node.python(SEND_EVIDENCE.format(username=username, request=request, path=path)))


STATE_COLUMNS = ("reference", "request_type", "status", "sent_at", "acknowledged_at", "received_at", "effected_at",
                 "closed_at", "follows_id", "pending_question", "is_urgent", "content", "offence_articles")


def request_state(node: TestNode, request_id: str) -> tuple[Any, ...] | None:
    """What both nodes must agree on (everything but the case, which only the requesting node has)."""
    import uuid

    rows = node.query(f"SELECT {', '.join(STATE_COLUMNS)} FROM cooperation_request WHERE id = ?",
                      (uuid.UUID(request_id).hex,))
    if not rows:
        return None
    row = list(rows[0])
    for index in (STATE_COLUMNS.index("content"), STATE_COLUMNS.index("offence_articles")):
        row[index] = json.loads(row[index])
    return tuple(row)


def wait_same_state(first: TestNode, second: TestNode, request_id: str, *, status: str,
                    timeout: float = 90) -> tuple[Any, ...]:
    """Wait until both nodes hold the request in `status` with the same fields; return them."""
    position = STATE_COLUMNS.index("status")

    def agreed() -> tuple[Any, ...] | None:
        mine, theirs = request_state(first, request_id), request_state(second, request_id)
        if mine is not None and mine == theirs and mine[position] == status:
            return mine
        return None

    try:
        return wait_for(agreed, timeout=timeout, what=f"both nodes holding {request_id} {status}")
    except AssertionError as error:
        raise AssertionError(f"{error}: {request_state(first, request_id)} vs {request_state(second, request_id)}; "
                             f"outbox {first.query('SELECT message_type, status, last_error, refusal_reason FROM exchange_outboundmessage ORDER BY created_at DESC LIMIT 4')} / "
                             f"{second.query('SELECT message_type, status, last_error, refusal_reason FROM exchange_outboundmessage ORDER BY created_at DESC LIMIT 4')}") from error


def applied_once(node: TestNode, request_id: str) -> list[tuple[str, int]]:
    """Per inbound message of the request's conversation on `node`: its type and how many times it was applied
    (audit events `exchange.message_applied`), in the order they were sent."""
    import uuid

    rows = node.query(
        "SELECT m.id, m.message_type FROM exchange_inboundmessage m JOIN exchange_conversation c "
        "ON c.id = m.conversation_id WHERE c.conversation_id = ? ORDER BY m.sequence", (uuid.UUID(request_id).hex,))
    result = []
    for message_id, message_type in rows:
        identifier = str(uuid.UUID(message_id))
        count = node.value("SELECT count(*) FROM core_auditevent WHERE action = 'exchange.message_applied' AND "
                           "object_id = ?", (identifier,))
        result.append((message_type, int(count)))
    return result
