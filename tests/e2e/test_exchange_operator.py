"""The node operator's exchange page in a browser: this node's fingerprint to read to new peers, the key
history, peers and the outbox; reachable from the navigation with the keyboard, axe-clean, in a phone-width
window and in French."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import serious_violations, sign_in


def test_the_operator_finds_the_fingerprint_and_the_peers(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "cproc.admin")
    page.get_by_role("link", name="Exchange", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Exchange between nodes", level=1)).to_be_visible()
    expect(page.locator("code.fingerprint").first).to_have_text(re.compile(r"^([0-9A-F]{4} ){15}[0-9A-F]{4}$"))
    expect(page.get_by_role("table").first).to_contain_text("Ed25519")
    expect(page.get_by_text("No peers yet.")).to_be_visible()
    assert serious_violations(page) == []
    # A wrong identity document is refused with the field named, nothing added.
    page.get_by_label("…or the identity document pasted as text").fill("not a document")
    page.get_by_label("Fingerprint of its signing key").fill("AB" * 32)
    page.get_by_role("button", name="Add the peer").click()
    expect(page.locator(".errorlist").first).to_contain_text("The identity document does not verify")
    expect(page.get_by_text("No peers yet.")).to_be_visible()


def test_the_page_fits_a_phone_and_reads_in_french(browser: Browser, node_url: str) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, node_url, "cproc.admin")
    page.goto(f"{node_url}/exchange/")
    # On a phone the language form sits in the header's folded menu (design system): opened first, as a person does.
    page.get_by_role("button", name="Menu").click()
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Échanges entre nœuds", level=1)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert serious_violations(page) == []
    context.close()


def test_someone_who_does_not_operate_the_node_is_refused(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "gh.administrator")
    expect(page.get_by_role("link", name="Exchange", exact=True)).to_have_count(0)
    response = page.goto(f"{node_url}/exchange/")
    assert response is not None
    assert response.status == 403
