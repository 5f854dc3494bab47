"""The design-system components in a real browser: the confirmation dialog of an irreversible action and the
navigation folded behind a menu button on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, serious_violations, sign_in


def test_revoking_a_token_asks_in_a_dialog_and_cancel_changes_nothing(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "ph.administrator")
    page.goto(f"{node_url}/account/security/")
    page.get_by_label("Name").fill("browser-test script")
    page.get_by_label(re.compile("^Your password")).fill(DEMO_PASSWORD)  # asked again before a token (main)
    page.get_by_role("button", name="Create token").click()
    row = page.get_by_role("row").filter(has_text="browser-test script")
    expect(row.get_by_role("button", name="Revoke")).to_be_visible()

    row.get_by_role("button", name="Revoke").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Revoke the token browser-test script? Programs using it stop working at once")
    assert serious_violations(page) == []
    page.keyboard.press("Escape")  # the dialog's own way out: nothing is sent
    expect(dialog).to_be_hidden()
    expect(row.get_by_role("button", name="Revoke")).to_be_visible()

    row.get_by_role("button", name="Revoke").click()
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("Token revoked.")
    expect(page.get_by_role("row").filter(has_text="browser-test script")).to_contain_text("revoked")


def test_on_a_phone_the_sections_fold_behind_the_menu_button(browser, node_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    sign_in(page, node_url, "ph.duty-officer")
    cases = page.get_by_role("link", name="Cases", exact=True)
    expect(cases).to_be_hidden()
    header_height = page.get_by_role("banner").bounding_box()["height"]
    assert header_height < 70, header_height
    page.get_by_role("button", name="Menu").click()
    expect(cases).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
