"""Two real nodes (separate processes, databases, ports, workers) exchanging through fault-injecting proxies:
each scenario ends with both nodes in the same state, every message applied exactly once and in order, no
chunk accepted twice or lost, and the damaged or replayed deliveries refused and logged."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exchange.faultproxy import Fault
from tests.exchange.multinode import OFFER_SCRIPT, PING_SCRIPT, TestNode, running_network, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("exchange-nodes")]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestNode, TestNode]]:
    folder = tmp_path_factory.mktemp("faults")
    with running_network(folder, [("gh-node", "Ghana node", "GH"), ("ph-node", "Philippines node", "PH")]) as pair:
        yield pair[0], pair[1]


@pytest.fixture(autouse=True)
def _clean_proxies(nodes: tuple[TestNode, TestNode]) -> Iterator[None]:
    for node in nodes:
        node.proxy.clear()
    yield
    for node in nodes:
        node.proxy.clear()


def _pings(sender: TestNode, receiver: TestNode, count: int) -> tuple[uuid.UUID, list[str]]:
    conversation = uuid.uuid4()
    ids = sender.python(PING_SCRIPT.format(recipient_node=receiver.node.node_id, conversation=conversation,
                                           count=count))
    return conversation, ids


def _settled(sender: TestNode, ids: list[str]) -> bool:
    marks = ",".join("?" * len(ids))
    rows = sender.query(f"SELECT status FROM exchange_outboundmessage WHERE id IN ({marks})",
                        tuple(uuid.UUID(value).hex for value in ids))
    return len(rows) == len(ids) and all(status != "queued" for (status,) in rows)


def assert_same_state(sender: TestNode, receiver: TestNode, conversation: uuid.UUID, ids: list[str]) -> None:
    """Delivered with a verified receipt on one side; applied exactly once, in order, on the other."""
    wait_for(lambda: _settled(sender, ids), timeout=90, what="every message settled")
    hexes = [uuid.UUID(value).hex for value in ids]
    sent = {row[0]: row[1:] for row in sender.query(
        "SELECT m.id, m.status, m.signed_hash, m.receipt FROM exchange_outboundmessage m "
        "JOIN exchange_conversation c ON c.id = m.conversation_id WHERE c.conversation_id = ?", (conversation.hex,))}
    received = receiver.query(
        "SELECT m.id, m.sequence, m.status, m.signed_hash, m.receipt FROM exchange_inboundmessage m "
        "JOIN exchange_conversation c ON c.id = m.conversation_id WHERE c.conversation_id = ? ORDER BY m.sequence",
        (conversation.hex,))
    assert sorted(sent) == sorted(hexes)
    assert {status for status, _hash, _receipt in sent.values()} == {"delivered"}
    assert [row[0] for row in received] == hexes  # the same messages, in the order sent
    assert [row[1] for row in received] == list(range(1, len(ids) + 1))
    assert {row[2] for row in received} == {"applied"}
    for message_id, _sequence, _status, signed_hash, receipt in received:
        assert sent[message_id][1] == signed_hash  # the same signed content
        assert sent[message_id][2] == receipt  # the receipt the sender kept is the one the receiver signed
    marks = ",".join("?" * len(ids))
    applied = receiver.query("SELECT object_id, count(*) FROM core_auditevent WHERE action = "
                             f"'exchange.message_applied' AND object_id IN ({marks}) GROUP BY object_id", tuple(ids))
    assert sorted(applied) == sorted((value, 1) for value in ids)  # exactly once


def _incidents(node: TestNode, code: str) -> int:
    return int(node.value("SELECT count(*) FROM exchange_inboxincident WHERE reason_code = ?", (code,)))


@pytest.mark.parametrize("fault", ["drop", "drop_response", "duplicate", "delay", "corrupt", "corrupt_response"])
def test_a_single_fault_on_the_way_in_or_out(nodes: tuple[TestNode, TestNode], fault: str) -> None:
    ghana, philippines = nodes
    philippines.proxy.add(Fault(fault, seconds=2.0))
    before = {code: _incidents(philippines, code) for code in ("duplicate", "undecryptable", "malformed")}
    conversation, ids = _pings(ghana, philippines, 3)
    assert_same_state(ghana, philippines, conversation, ids)
    assert philippines.proxy.applied[-1] == fault
    if fault in {"drop_response", "duplicate", "corrupt_response"}:  # the receiver saw the message twice
        assert _incidents(philippines, "duplicate") == before["duplicate"] + 1
    if fault == "corrupt":  # refused and logged, then sent again intact
        damaged = sum(_incidents(philippines, code) - before[code] for code in ("undecryptable", "malformed"))
        assert damaged == 1


def test_reordered_messages_are_held_then_applied_in_order(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    philippines.proxy.add(Fault("hold"))  # message 1 is kept back and arrives after message 2
    conversation, ids = _pings(ghana, philippines, 3)
    assert_same_state(ghana, philippines, conversation, ids)
    assert "hold" in philippines.proxy.applied


def test_a_replayed_old_message_is_ignored_and_logged(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    conversation, ids = _pings(ghana, philippines, 2)
    assert_same_state(ghana, philippines, conversation, ids)
    captured = [record for record in philippines.proxy.recorded if record.path == "/exchange/inbox/"][-1]
    before = _incidents(philippines, "duplicate")
    status, answer = philippines.proxy.replay(captured)
    assert status == 200
    assert b'"receipt"' in answer  # the first receipt again: nothing is applied twice
    assert _incidents(philippines, "duplicate") == before + 1
    assert_same_state(ghana, philippines, conversation, ids)


def test_the_sender_killed_mid_delivery_resends_after_restart(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    philippines.proxy.add(Fault("stall", seconds=3.0))  # applied by the receiver, the answer held back
    conversation, ids = _pings(ghana, philippines, 2)
    wait_for(lambda: "stall" in philippines.proxy.applied, timeout=30, what="the stalled delivery")
    ghana.node.kill("worker")  # SIGKILL while waiting for the receipt
    ghana.node.start_worker()
    assert_same_state(ghana, philippines, conversation, ids)


def test_the_receiver_killed_mid_delivery_gets_it_after_restart(nodes: tuple[TestNode, TestNode]) -> None:
    ghana, philippines = nodes
    philippines.proxy.add(Fault("delay", seconds=3.0))
    conversation, ids = _pings(ghana, philippines, 2)
    wait_for(lambda: "delay" in philippines.proxy.applied, timeout=30, what="the delayed delivery")
    philippines.node.kill()  # SIGKILL web server and worker before the request reaches it
    philippines.node.start()
    assert_same_state(ghana, philippines, conversation, ids)


def _transfer(sender: TestNode, receiver: TestNode, folder: Path, size: int) -> tuple[str, str]:
    path = folder / f"package-{uuid.uuid4().hex[:8]}.bin"
    path.write_bytes(os.urandom(size))
    transfer = sender.python(OFFER_SCRIPT.format(recipient_node=receiver.node.node_id, path=path,
                                                 chunk_size=256 * 1024))
    return transfer, hashlib.sha256(path.read_bytes()).hexdigest()


def _chunks(receiver: TestNode, transfer: str) -> int:
    return int(receiver.value("SELECT count(*) FROM exchange_incomingchunk WHERE transfer_id = ?",
                              (uuid.UUID(transfer).hex,)))


def assert_transfer_complete(sender: TestNode, receiver: TestNode, transfer: str, sha256: str, chunks: int) -> None:
    key = uuid.UUID(transfer).hex
    try:
        wait_for(lambda: sender.value("SELECT status FROM exchange_outgoingtransfer WHERE id = ?", (key,)) == "accepted",
                 timeout=120, what="the transfer accepted")
    except AssertionError as error:
        sending = sender.query("SELECT status, chunks_confirmed, last_error, attempts FROM exchange_outgoingtransfer "
                               "WHERE id = ?", (key,))
        receiving = receiver.query("SELECT status, chunks_received, result_reason, last_error "
                                   "FROM exchange_incomingtransfer WHERE id = ?", (key,))
        outbox = sender.query("SELECT message_type, status, last_error FROM exchange_outboundmessage "
                              "ORDER BY created_at DESC LIMIT 3")
        raise AssertionError(f"{error}: sender {sending} {outbox}, receiver {receiving}") from error
    row = receiver.query("SELECT status, chunks_received, chunk_hashes, file_name FROM exchange_incomingtransfer "
                         "WHERE id = ?", (key,))[0]
    assert row[:2] == ("accepted", chunks)
    assert row[2] == sender.value("SELECT chunk_hashes FROM exchange_outgoingtransfer WHERE id = ?", (key,))
    indexes = [index for (index,) in receiver.query(
        "SELECT \"index\" FROM exchange_incomingchunk WHERE transfer_id = ? AND is_durable ORDER BY \"index\"",
        (key,))]
    assert indexes == list(range(chunks))  # every chunk once: none lost, none accepted twice
    stored = receiver.node.folder / "exchange" / "received" / transfer / row[3]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha256


@pytest.mark.parametrize("killed", ["sender", "receiver"])
def test_a_node_killed_mid_transfer_resumes_without_losing_or_repeating_a_chunk(
        nodes: tuple[TestNode, TestNode], tmp_path: Path, killed: str) -> None:
    ghana, philippines = nodes
    for _ in range(40):  # slow the chunks down so that the kill lands in the middle
        philippines.proxy.add(Fault("delay", pattern="/chunks/", seconds=0.15))
    transfer, sha256 = _transfer(ghana, philippines, tmp_path, 40 * 256 * 1024 + 99)
    wait_for(lambda: _chunks(philippines, transfer) >= 6, timeout=60, what="a few chunks received")
    victim = ghana if killed == "sender" else philippines
    victim.node.kill()
    assert _chunks(philippines, transfer) < 41
    victim.node.start()
    assert_transfer_complete(ghana, philippines, transfer, sha256, 41)


def test_a_corrupted_chunk_is_refused_logged_and_sent_again(nodes: tuple[TestNode, TestNode], tmp_path: Path) -> None:
    ghana, philippines = nodes
    before = _incidents(philippines, "corrupt_chunk")
    philippines.proxy.add(Fault("corrupt", pattern="/chunks/", offset=4000))
    transfer, sha256 = _transfer(ghana, philippines, tmp_path, 3 * 256 * 1024)
    assert_transfer_complete(ghana, philippines, transfer, sha256, 3)
    assert _incidents(philippines, "corrupt_chunk") == before + 1


def test_the_nodes_agree_on_every_conversation_at_the_end(nodes: tuple[TestNode, TestNode]) -> None:
    """After all the scenarios: nothing left queued, failed or held, on either side."""
    ghana, philippines = nodes
    for node in nodes:
        assert node.query("SELECT status, count(*) FROM exchange_outboundmessage WHERE status != 'delivered' "
                          "GROUP BY status") == []
        assert node.value("SELECT count(*) FROM exchange_inboundmessage WHERE status = 'held'") == 0
    sent = {row[0] for row in ghana.query("SELECT id FROM exchange_outboundmessage")}
    received = {row[0] for row in philippines.query("SELECT id FROM exchange_inboundmessage")}
    assert received == sent
