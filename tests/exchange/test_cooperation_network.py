"""A whole request across two real nodes (separate processes: web server, exchange worker, own SQLite database,
keys and port): Ghana's 24/7 point asks the Philippines' 24/7 point to preserve data (ETS 185 Art. 29), the
Philippines preserves it; Ghana's central authority follows up with a production request (Art. 31) that keeps the
data preserved; the Philippines answers it with an evidence package, which Ghana's node verifies against the
Philippines' key from its peer list and adds to its case. Each node keeps its own row of each request; they end
in the same state, every message applied exactly once, and the custody logs of both nodes record the hand-over."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path

import pytest

from tests.exchange.cooperation_scripts import (
    act,
    applied_once,
    draft_and_send,
    request_state,
    send_evidence,
    wait_same_state,
)
from tests.exchange.multinode import TestNode, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("exchange-nodes")]


def _custody_details(node: TestNode, item: str) -> list[tuple[str, dict[str, str]]]:
    rows = node.query("SELECT record FROM evidence_custodyevent WHERE item_id = ? ORDER BY log_index",
                      (uuid.UUID(item).hex,))
    records = [json.loads(record) for (record,) in rows]
    return [(record["event_type"], record.get("details") or {}) for record in records]


def test_preservation_then_production_with_evidence_across_two_nodes(
        two_nodes: tuple[TestNode, TestNode], tmp_path: Path) -> None:
    ghana, philippines = two_nodes
    preservation = draft_and_send(ghana, username="gh.duty-officer", peer="ph-node", kind="point_of_contact_24_7",
                                  code="ETS185-29")
    state = wait_same_state(ghana, philippines, preservation["id"], status="sent")
    assert state[:2] == (preservation["reference"], "ETS185-29")
    # The requested node received the request, never the case.
    assert philippines.value("SELECT case_id FROM cooperation_request WHERE id = ?",
                             (uuid.UUID(preservation["id"]).hex,)) is None

    act(philippines, username="ph.duty-officer", request=preservation["id"],
        steps=[("acknowledge", {}), ("start_execution", {}), ("execute", {})])
    executed = wait_same_state(ghana, philippines, preservation["id"], status="executed")
    assert executed[4] is not None  # the date of receipt the Philippines recorded, on both nodes
    assert executed[6] is not None  # the date the preservation took effect, from which Art. 29(7) runs

    follow_up = draft_and_send(ghana, username="gh.central", peer="ph-node", kind="central_authority",
                               code="ETS185-31", follows=preservation["reference"],
                               title="Production of the preserved connection logs")
    linked = wait_same_state(ghana, philippines, follow_up["id"], status="sent")
    assert linked[8] == uuid.UUID(preservation["id"]).hex  # follow-up linked on both nodes (Art. 29(7))

    act(philippines, username="ph.central", request=follow_up["id"],
        steps=[("acknowledge", {}), ("start_execution", {})])
    wait_same_state(ghana, philippines, follow_up["id"], status="in_execution")
    logs = tmp_path / "vpn-connection-logs.csv"
    logs.write_bytes(os.urandom(300_000) + b"\n2026-03-02T03:14:07Z 203.0.113.45:51820 connected\n")
    sent = send_evidence(philippines, username="ph.central", request=follow_up["id"], path=str(logs))
    received = wait_for(lambda: ghana.value(
        "SELECT id FROM evidence_evidenceitem WHERE answers_request_id = ?", (uuid.UUID(follow_up["id"]).hex,)),
        timeout=120, what="the exhibit imported on Ghana's node")
    assert ghana.value("SELECT sha256 FROM evidence_evidenceitem WHERE id = ?", (received,)) == \
        hashlib.sha256(logs.read_bytes()).hexdigest() == sent["sha256"]
    act(philippines, username="ph.central", request=follow_up["id"], steps=[("execute", {})])
    wait_same_state(ghana, philippines, follow_up["id"], status="executed")

    # Custody: released on the Philippines' node (with Ghana's signed answer), received on Ghana's node (with the
    # Philippines' key, checkpoint and signed seal); the package digest joins the two logs.
    wait_for(lambda: _custody_details(philippines, sent["item"])[-1][0] == "transferred", timeout=60,
             what="the release recorded on the sending node")
    released = _custody_details(philippines, sent["item"])
    exported = next(details for event, details in released if event == "exported")
    assert released[-1][1]["handover"] == "released"
    assert released[-1][1]["to_node"] == "gh-node"
    answer = philippines.value("SELECT signed_hash FROM exchange_inboundmessage WHERE id = ?",
                               (uuid.UUID(released[-1][1]["answer_message"]).hex,))
    assert released[-1][1]["answer_sha256"] == answer
    first = _custody_details(ghana, str(uuid.UUID(received)))[0]
    assert first[0] == "received"
    assert (first[1]["handover"], first[1]["from_node"], first[1]["sender_package_sha256"]) == (
        "received", "ph-node", exported["package_sha256"])
    seal = ghana.value("SELECT signed_hash FROM exchange_inboundmessage WHERE id = ?",
                       (uuid.UUID(first[1]["seal_message"]).hex,))
    assert first[1]["seal_sha256"] == seal

    # Every message of both conversations applied exactly once on the node that received it.
    for request in (preservation["id"], follow_up["id"]):
        for node in (ghana, philippines):
            assert {count for _type, count in applied_once(node, request)} == {1}
    assert [kind for kind, _count in applied_once(philippines, preservation["id"])] == [
        "cooperation.request.send"]
    assert [kind for kind, _count in applied_once(ghana, preservation["id"])] == [
        "cooperation.request.acknowledge", "cooperation.request.start_execution", "cooperation.request.execute"]
    for node in (ghana, philippines):
        assert node.query("SELECT status, count(*) FROM exchange_outboundmessage WHERE status != 'delivered' "
                          "GROUP BY status") == []
    # The preservation on both nodes: decided, its follow-up linked.
    assert request_state(ghana, preservation["id"]) == request_state(philippines, preservation["id"])
