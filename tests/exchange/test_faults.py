"""Two real nodes (separate processes, databases, ports, workers) running cooperation requests and evidence
transfers through fault-injecting proxies. Each scenario ends with both nodes holding the request in the same
state, every message applied exactly once and in order, no chunk accepted twice or lost, and the damaged or
replayed deliveries refused and logged.

Traffic per message scenario: a preservation request (ETS 185 Art. 29) sent by Ghana's 24/7 point (one message
to the Philippines), acknowledged, taken into execution and executed by the Philippines' 24/7 point (three
messages back). The fault is queued on BOTH proxies, so it hits the first message of each direction. Transfer
scenarios answer a request in execution with an evidence package of about 40 parts.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.exchange.cooperation_scripts import (
    act,
    applied_once,
    draft_and_send,
    request_state,
    send_evidence,
    wait_same_state,
)
from tests.exchange.faultproxy import Fault
from tests.exchange.multinode import TestNode, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("exchange-nodes")]
PART = 256 * 1024


@pytest.fixture
def nodes(two_nodes: tuple[TestNode, TestNode]) -> Iterator[tuple[TestNode, TestNode]]:
    for node in two_nodes:
        node.proxy.clear()
    yield two_nodes
    for node in two_nodes:
        node.proxy.clear()


def _incidents(node: TestNode, *codes: str) -> int:
    marks = ",".join("?" * len(codes))
    return int(node.value(f"SELECT count(*) FROM exchange_inboxincident WHERE reason_code IN ({marks})", codes))


def _preservation(ghana: TestNode, philippines: TestNode, *, until: str = "executed") -> str:
    """Ghana sends; the Philippines acknowledges, starts execution (and executes); both nodes agree."""
    sent = draft_and_send(ghana, username="gh.duty-officer", peer="ph-node", kind="point_of_contact_24_7",
                          code="ETS185-29", title=f"Scenario {uuid.uuid4().hex[:6]}")
    wait_same_state(ghana, philippines, sent["id"], status="sent")
    steps: list[tuple[str, dict[str, Any]]] = [("acknowledge", {}), ("start_execution", {})]
    if until == "executed":
        steps.append(("execute", {}))
    act(philippines, username="ph.duty-officer", request=sent["id"], steps=steps)
    return str(sent["id"])


def assert_exactly_once(ghana: TestNode, philippines: TestNode, request_id: str, *, status: str = "executed") -> None:
    """The same state on both nodes; each node applied each message of the request's conversation once, in the
    order it was sent; every message delivered with a receipt."""
    wait_same_state(ghana, philippines, request_id, status=status)
    wait_for(lambda: all(not node.query(
        "SELECT 1 FROM exchange_outboundmessage m JOIN exchange_conversation c ON c.id = m.conversation_id "
        "WHERE c.conversation_id = ? AND m.status != 'delivered'", (uuid.UUID(request_id).hex,))
        for node in (ghana, philippines)), timeout=90, what="every message of the request delivered")
    steps = ["acknowledge", "start_execution"] + (["execute"] if status == "executed" else [])
    assert applied_once(ghana, request_id) == [(f"cooperation.request.{step}", 1) for step in steps]
    assert applied_once(philippines, request_id) == [("cooperation.request.send", 1)]
    for sender, receiver in ((ghana, philippines), (philippines, ghana)):
        kept = {row[0]: row[1] for row in sender.query(
            "SELECT m.id, m.receipt FROM exchange_outboundmessage m JOIN exchange_conversation c "
            "ON c.id = m.conversation_id WHERE c.conversation_id = ?", (uuid.UUID(request_id).hex,))}
        signed = {row[0]: row[1] for row in receiver.query(
            "SELECT m.id, m.receipt FROM exchange_inboundmessage m JOIN exchange_conversation c "
            "ON c.id = m.conversation_id WHERE c.conversation_id = ?", (uuid.UUID(request_id).hex,))}
        assert kept == signed  # the receipt each sender keeps is the one the receiver signed


@pytest.mark.parametrize("fault", ["drop", "drop_response", "duplicate", "delay", "corrupt", "corrupt_response"])
def test_a_single_fault_on_the_way_in_or_out(nodes: tuple[TestNode, TestNode], fault: str) -> None:
    ghana, philippines = nodes
    before = {node.node.node_id: (_incidents(node, "duplicate"), _incidents(node, "undecryptable", "malformed"))
              for node in nodes}
    for node in nodes:
        node.proxy.add(Fault(fault, seconds=2.0))
    request_id = _preservation(ghana, philippines)
    assert_exactly_once(ghana, philippines, request_id)
    for node in nodes:
        assert node.proxy.applied[-1] == fault
        duplicates, damaged = before[node.node.node_id]
        if fault in {"drop_response", "duplicate", "corrupt_response"}:  # the receiver saw the message twice
            assert _incidents(node, "duplicate") == duplicates + 1
        if fault == "corrupt":  # refused and logged, then sent again intact
            assert _incidents(node, "undecryptable", "malformed") == damaged + 1


def test_reordered_steps_are_held_then_applied_in_order(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    ghana.proxy.add(Fault("hold"))  # "acknowledged" is kept back and arrives after "in execution"
    request_id = _preservation(ghana, philippines)
    assert_exactly_once(ghana, philippines, request_id)
    assert "hold" in ghana.proxy.applied
    held = ghana.query("SELECT e.object_id FROM core_auditevent e WHERE e.action = 'exchange.message_applied' "
                       "AND e.after LIKE '%\"was_held\": true%'")
    steps = {str(uuid.UUID(row[0])): row[1] for row in ghana.query(
        "SELECT m.id, m.message_type FROM exchange_inboundmessage m JOIN exchange_conversation c "
        "ON c.id = m.conversation_id WHERE c.conversation_id = ?", (uuid.UUID(request_id).hex,))}
    assert [steps[row[0]] for row in held if row[0] in steps] == ["cooperation.request.start_execution"]


def test_a_replayed_old_step_is_ignored_and_logged(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    request_id = _preservation(ghana, philippines)
    assert_exactly_once(ghana, philippines, request_id)
    before = request_state(ghana, request_id)
    for node in nodes:
        captured = [record for record in node.proxy.recorded if record.path == "/exchange/inbox/"][-1]
        duplicates = _incidents(node, "duplicate")
        status, answer = node.proxy.replay(captured)
        assert status == 200
        assert b'"receipt"' in answer  # the first receipt again: nothing is applied twice
        assert _incidents(node, "duplicate") == duplicates + 1
    assert request_state(ghana, request_id) == before
    assert_exactly_once(ghana, philippines, request_id)


def test_the_sender_killed_mid_delivery_resends_after_restart(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    ghana.proxy.add(Fault("stall", seconds=3.0))  # applied by Ghana, the answer held back
    sent = draft_and_send(ghana, username="gh.duty-officer", peer="ph-node", kind="point_of_contact_24_7",
                          code="ETS185-29", title="Sender killed")
    wait_same_state(ghana, philippines, sent["id"], status="sent")
    act(philippines, username="ph.duty-officer", request=sent["id"],
        steps=[("acknowledge", {}), ("start_execution", {}), ("execute", {})])
    wait_for(lambda: "stall" in ghana.proxy.applied, timeout=30, what="the stalled delivery")
    philippines.node.kill("worker")  # SIGKILL while waiting for the receipt
    philippines.node.start_worker()
    assert_exactly_once(ghana, philippines, sent["id"])


def test_the_receiver_killed_mid_delivery_gets_it_after_restart(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    philippines.proxy.add(Fault("delay", seconds=3.0))
    sent = draft_and_send(ghana, username="gh.duty-officer", peer="ph-node", kind="point_of_contact_24_7",
                          code="ETS185-29", title="Receiver killed")
    wait_for(lambda: "delay" in philippines.proxy.applied, timeout=30, what="the delayed delivery")
    philippines.node.kill()  # SIGKILL web server and worker before the request reaches it
    philippines.node.start()
    wait_same_state(ghana, philippines, sent["id"], status="sent")
    act(philippines, username="ph.duty-officer", request=sent["id"],
        steps=[("acknowledge", {}), ("start_execution", {}), ("execute", {})])
    assert_exactly_once(ghana, philippines, sent["id"])


@pytest.fixture(scope="module")
def answering(two_nodes: tuple[TestNode, TestNode]) -> str:
    """A preservation request in execution on both nodes, which the transfer scenarios answer with evidence."""
    ghana, philippines = two_nodes
    return _preservation(ghana, philippines, until="in_execution")


def _exhibit(folder: Path, parts: int) -> Path:
    path = folder / f"logs-{uuid.uuid4().hex[:8]}.bin"
    path.write_bytes(os.urandom(parts * PART - 4096))
    return path


def _chunks(node: TestNode, transfer: str) -> int:
    return int(node.value("SELECT count(*) FROM exchange_incomingchunk WHERE transfer_id = ?",
                          (uuid.UUID(transfer).hex,)))


def assert_handed_over(ghana: TestNode, philippines: TestNode, request_id: str, sent: dict[str, Any],
                       source: Path) -> None:
    """The package accepted on both sides, every part received exactly once, the exhibit imported intact."""
    key = uuid.UUID(sent["transfer"]).hex
    try:
        wait_for(lambda: philippines.value("SELECT status FROM exchange_outgoingtransfer WHERE id = ?", (key,))
                 == "accepted", timeout=150, what="the package accepted")
    except AssertionError as error:
        sending = philippines.query("SELECT status, chunks_confirmed, last_error, result_reason "
                                    "FROM exchange_outgoingtransfer WHERE id = ?", (key,))
        receiving = ghana.query("SELECT status, chunks_received, result_reason, last_error "
                                "FROM exchange_incomingtransfer WHERE id = ?", (key,))
        raise AssertionError(f"{error}: sender {sending}, receiver {receiving}") from error
    count = int(philippines.value("SELECT chunk_count FROM exchange_outgoingtransfer WHERE id = ?", (key,)))
    status, received = ghana.query("SELECT status, chunks_received FROM exchange_incomingtransfer WHERE id = ?",
                                   (key,))[0]
    assert (status, received) == ("accepted", count)
    indexes = [index for (index,) in ghana.query(
        'SELECT "index" FROM exchange_incomingchunk WHERE transfer_id = ? AND is_durable ORDER BY "index"', (key,))]
    assert indexes == list(range(count))  # every part once: none lost, none accepted twice
    imported = ghana.query("SELECT sha256 FROM evidence_evidenceitem WHERE answers_request_id = ? AND sha256 = ?",
                           (uuid.UUID(request_id).hex, sent["sha256"]))
    assert imported == [(hashlib.sha256(source.read_bytes()).hexdigest(),)]
    wait_same_state(ghana, philippines, request_id, status="in_execution")


@pytest.mark.parametrize("killed", ["sender", "receiver"])
def test_a_node_killed_mid_transfer_resumes_without_losing_or_repeating_a_part(
        nodes: tuple[TestNode, TestNode], answering: str, tmp_path: Path, killed: str) -> None:
    ghana, philippines = nodes
    for _ in range(40):  # slow the parts down so that the kill lands in the middle
        ghana.proxy.add(Fault("delay", pattern="/chunks/", seconds=0.15))
    source = _exhibit(tmp_path, 40)
    sent = send_evidence(philippines, username="ph.duty-officer", request=answering, path=str(source))
    wait_for(lambda: _chunks(ghana, sent["transfer"]) >= 6, timeout=90, what="a few parts received")
    victim = philippines if killed == "sender" else ghana
    victim.node.kill()
    assert _chunks(ghana, sent["transfer"]) < 40
    victim.node.start()
    assert_handed_over(ghana, philippines, answering, sent, source)


def test_a_corrupted_part_is_refused_logged_and_sent_again(nodes: tuple[TestNode, TestNode], answering: str,
                                                           tmp_path: Path) -> None:
    ghana, philippines = nodes
    before = _incidents(ghana, "corrupt_chunk")
    ghana.proxy.add(Fault("corrupt", pattern="/chunks/", offset=4000))
    source = _exhibit(tmp_path, 3)
    sent = send_evidence(philippines, username="ph.duty-officer", request=answering, path=str(source))
    assert_handed_over(ghana, philippines, answering, sent, source)
    assert _incidents(ghana, "corrupt_chunk") == before + 1


def test_the_nodes_agree_on_every_request_and_conversation_at_the_end(nodes: tuple[TestNode, TestNode]) -> None:
    """After all the scenarios: nothing left queued, failed or held, and every request in the same state."""
    ghana, philippines = nodes
    for node in nodes:
        assert node.query("SELECT status, count(*) FROM exchange_outboundmessage WHERE status != 'delivered' "
                          "GROUP BY status") == []
        assert node.value("SELECT count(*) FROM exchange_inboundmessage WHERE status != 'applied'") == 0
    sent = {row[0] for row in ghana.query("SELECT id FROM exchange_outboundmessage")}
    received = {row[0] for row in philippines.query("SELECT id FROM exchange_inboundmessage")}
    assert received == sent
    requests = [str(uuid.UUID(row[0])) for row in ghana.query(
        "SELECT id FROM cooperation_request WHERE status != 'draft'")]
    assert len(requests) == int(philippines.value("SELECT count(*) FROM cooperation_request"))
    for request_id in requests:
        assert request_state(ghana, request_id) == request_state(philippines, request_id)
