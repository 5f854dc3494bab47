"""Real nodes for the tests: separate processes (web server, exchange worker), each with its own data folder,
SQLite database, keys and port, each reached by its peers through a fault-injecting proxy.

Reads go straight to a node's SQLite database (read-only); actions run as `glacy shell -c` in the node, as an
operator or the node's own code would do them.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glacy.exchange.localnet import LocalNode, free_port, migrated_template, peer_all, prepare, synchronise
from tests.exchange.faultproxy import FaultProxy

TEST_ENVIRONMENT = {
    "GLACY_EXCHANGE_LEASE_SECONDS": "6",  # a killed worker's messages are taken over after 6 s
    "GLACY_EXCHANGE_BATCH_MESSAGES": "1",  # one message per POST, so that the proxy can reorder them
    "GLACY_EXCHANGE_FIRST_RETRY_SECONDS": "0.5",
}


@dataclass
class TestNode:
    __test__ = False  # a helper, not a test class

    node: LocalNode
    proxy: FaultProxy  # what the OTHER nodes use to reach this one

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(f"file:{self.node.database}?mode=ro", uri=True, timeout=30)) as database:
            return database.execute(sql, parameters).fetchall()

    def value(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        rows = self.query(sql, parameters)
        return rows[0][0] if rows else None

    def python(self, script: str) -> Any:
        """Run `script` inside the node; it must print one line `RESULT <json>`."""
        output = self.node.run("shell", "-c", script)
        line = next(line for line in output.splitlines() if line.startswith("RESULT "))
        return json.loads(line[len("RESULT "):])

    def restart(self, which: str = "all") -> None:
        if which in {"all", "web"}:
            self.node.kill("web")
        if which in {"all", "worker"}:
            self.node.kill("worker")
        if which in {"all", "web"}:
            self.node.start(worker=which == "all")
        else:
            self.node.start_worker()


def wait_for(condition: Callable[[], Any], *, timeout: float = 60, what: str = "condition") -> Any:
    """Poll `condition` until it is truthy (bounded in time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@contextmanager
def running_network(folder: Path, specs: list[tuple[str, str, str]]) -> Iterator[list[TestNode]]:
    """Prepare, peer and start nodes (node id, name, country), each behind its proxy; stop everything after."""
    nodes: list[TestNode] = []
    template = migrated_template(folder)
    for node_id, name, country in specs:
        port = free_port()
        proxy = FaultProxy(target_port=port).start()
        local = LocalNode(node_id=node_id, name=name, country=country, port=port, folder=folder / node_id,
                          public_url=proxy.url, extra_env=dict(TEST_ENVIRONMENT))
        nodes.append(TestNode(node=local, proxy=proxy))
    try:
        prepare([item.node for item in nodes], template=template)
        peer_all([item.node for item in nodes])
        for item in nodes:
            item.node.start()
        synchronise([item.node for item in nodes])
        yield nodes
    finally:
        for item in nodes:
            item.node.stop()
            item.proxy.stop()


PING_SCRIPT = """
import json, uuid
from django.db import transaction
from glacy.directory.models import Authority
from glacy.exchange.handlers import ping_send
sender = Authority.objects.get(home_node="", kind="point_of_contact_24_7")
recipient = Authority.objects.get(home_node="{recipient_node}", kind="point_of_contact_24_7")
conversation = uuid.UUID("{conversation}")
ids = []
for number in range({count}):
    with transaction.atomic():
        ids.append(str(ping_send(sender_authority=sender, recipient_authority=recipient, note=str(number),
                                 conversation_id=conversation).pk))
print("RESULT " + json.dumps(ids))
"""

OFFER_SCRIPT = """
import json, uuid
from pathlib import Path
from django.db import transaction
from glacy.directory.models import Authority
from glacy.exchange.transfers.services import transfer_offer, transfer_prepare
sender = Authority.objects.get(home_node="", kind="point_of_contact_24_7")
recipient = Authority.objects.get(home_node="{recipient_node}", kind="point_of_contact_24_7")
prepared = transfer_prepare(Path("{path}"), chunk_size={chunk_size})
with transaction.atomic():
    transfer = transfer_offer(prepared=prepared, conversation_id=uuid.uuid4(), sender_authority=sender,
                              recipient_authority=recipient, purpose="exchange.file", metadata={{}})
print("RESULT " + json.dumps(str(transfer.pk)))
"""
