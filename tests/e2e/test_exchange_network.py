"""Issue 12 acceptance, in the browser, on the three-node network of `make run-network` (Ghana, the Philippines
and France, each its own processes, database and port, peered with each other; the README walk-through): a 24/7
officer of Ghana's node sends a preservation request (ETS 185 Art. 29) to the Philippines' 24/7 point, which is
on another node; the Philippines' officer records its receipt on their node; both request pages show the signed
receipt and the preservation deadline. The third node, France, is a peer of both but no party to the request: it
never sees it, and its directory shows the other nodes' authorities as read-only entries they publish. One
browser stays signed in to all three nodes (own cookie names per node)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import confirm, pick, serious_violations, sign_in
from tests.e2e.test_preservation_request import CONTENT


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    from glacy.exchange.localnet import (
        DEMO_NODES,
        LocalNode,
        free_port,
        migrated_template,
        peer_all,
        prepare,
        synchronise,
    )

    folder = Path(tmp_path_factory.mktemp("network"))
    nodes = [LocalNode(node_id=node_id, name=name, country=country, port=free_port(), folder=folder / node_id)
             for node_id, name, country in DEMO_NODES]
    assert [node.country for node in nodes] == ["GH", "PH", "FR"]
    try:
        prepare(nodes, template=migrated_template(folder))
        peer_all(nodes)
        for node in nodes:
            node.start()
        synchronise(nodes)
        yield nodes[0].url, nodes[1].url, nodes[2].url
    finally:
        for node in nodes:
            node.stop()


def _instant(text: str, zone: str) -> datetime.datetime:
    found = re.search(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) [A-Z]{3}", text)
    assert found is not None, text
    return datetime.datetime.strptime(found.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))


def _reload_until(page: Page, locator: str, text: str | re.Pattern[str], seconds: int = 60) -> None:
    """The other node's answer arrives through its worker: reload the page until it shows."""
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=seconds)
    while True:
        if re.search(text, page.locator(locator).inner_text()) if isinstance(text, re.Pattern) \
                else text in page.locator(locator).inner_text():
            return
        if datetime.datetime.now() > deadline:
            expect(page.locator(locator)).to_contain_text(text)
        page.wait_for_timeout(1000)
        page.reload()


def test_a_preservation_request_goes_from_one_node_to_another_and_is_acknowledged_there(
        browser: Browser, network: tuple[str, str, str]) -> None:
    ghana_url, philippines_url, france_url = network
    context = browser.new_context()
    ghana: Page = context.new_page()
    sign_in(ghana, ghana_url, "gh.duty-officer")
    ghana.get_by_role("link", name="Cases", exact=True).click()
    ghana.get_by_role("button", name="Open a case").click()
    ghana.get_by_label("Title").fill("Fraud through fake social-media profiles")
    # Offences are picked by words of their title (design system picker), no longer typed as codes.
    pick(ghana, "Offences (Convention articles)", "ETS 185 Art. 8 – Computer-related fraud", typed="fraud")
    ghana.keyboard.press("Escape")
    ghana.get_by_role("button", name="Save").click()
    ghana.get_by_role("button", name="Draft a request").click()
    pick(ghana, "Type of request", "ETS 185 Art. 29 – Expedited preservation of stored computer data",
         typed="preservation")
    pick(ghana, "Requested authority", "Philippines 24/7 Point of Contact (24/7 point of contact) – Philippines",
         typed="Philippines 24/7")
    ghana.get_by_role("button", name="Create the draft").click()
    reference = ghana.get_by_role("heading", level=1).inner_text().split(" – ")[0]
    for label, value in CONTENT.items():
        ghana.get_by_label(label).fill(value)
    ghana.get_by_label("Intention to submit a request for mutual assistance").check()
    ghana.get_by_role("button", name="Save content").click()
    ghana.get_by_label("Kind of identifier").select_option("ip")
    ghana.get_by_label("IP address").fill("198.51.100.23")
    ghana.get_by_label("Port", exact=True).fill("443")
    ghana.get_by_label("Time with time zone").fill("2026-10-30T21:15:00+00:00")
    ghana.get_by_role("button", name="Add identifier").click()
    ghana.get_by_role("button", name="Send").click()
    confirm(ghana)  # every irreversible step asks first (templates/includes/confirm_dialog.html)
    expect(ghana.locator("#request-status")).to_have_text("sent")
    _reload_until(ghana, "#history", "Delivered to Philippines GLACY node at")
    expect(ghana.locator("#history")).to_contain_text("receipt verified")

    # The same browser, the other node: signing in there keeps the Ghana session (cookie names per node).
    philippines = context.new_page()
    sign_in(philippines, philippines_url, "ph.duty-officer")
    philippines.get_by_role("link", name="Requests", exact=True).click()
    philippines.get_by_role("link", name=reference).click()
    expect(philippines.locator("#history")).to_contain_text("Received from Ghana GLACY node at")
    philippines.get_by_role("button", name="Record receipt").click()
    confirm(philippines)
    expect(philippines.locator("#request-status")).to_have_text("received")
    philippines.get_by_role("button", name="Start execution").click()
    confirm(philippines)
    effected = datetime.datetime.now(ZoneInfo("Asia/Manila")).date()
    philippines.get_by_role("group", name="Record as executed").get_by_label("Executed on").fill(effected.isoformat())
    philippines.get_by_role("button", name="Record as executed").click()
    confirm(philippines)
    expect(philippines.locator("#request-status")).to_have_text("executed")
    expect(philippines.locator("#next-deadline")).to_contain_text("ETS 185 Art. 29(7)")
    _reload_until(philippines, "#history", "Delivered to Ghana GLACY node at")
    assert serious_violations(philippines) == []

    ghana.reload()
    _reload_until(ghana, "#request-status", "executed")
    expect(ghana.locator("#history")).to_contain_text("Received from Philippines GLACY node at")
    expect(ghana.locator("#next-deadline")).to_contain_text("ETS 185 Art. 29(7)")
    # The same instant on both nodes, each in its officer's time zone (Accra, GMT; Manila, PST = UTC+8).
    assert _instant(ghana.locator("#next-deadline").inner_text(), "Africa/Accra") == _instant(
        philippines.locator("#next-deadline").inner_text(), "Asia/Manila")

    # The third node: a peer of both, no party to this request.
    france = context.new_page()
    sign_in(france, france_url, "fr.duty-officer")
    france.get_by_role("link", name="Requests", exact=True).click()
    expect(france.get_by_role("heading", level=1)).to_be_visible()
    expect(france.get_by_role("link", name=reference)).to_have_count(0)
    france.goto(f"{france_url}/directory/?q=Ghana+Police+24%2F7")
    france.get_by_role("link", name="Ghana Police 24/7 Cyber Desk").click()
    expect(france.locator("#published-by")).to_have_text(
        "Published by Ghana GLACY node and kept in step through the exchange between nodes: read-only on this node.")
    expect(france.get_by_role("link", name="Edit contact details")).to_have_count(0)
    assert serious_violations(france) == []
    context.close()
