"""A person signs in with a demo login, switches to French, opens a country and the directory; axe-core
finds no serious or critical accessibility violation on the way."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_violations, sign_in


def test_login_page_is_accessible(page: Page, node_url: str) -> None:
    page.goto(f"{node_url}/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert serious_violations(page) == []


def test_sign_in_switch_to_french_and_browse(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "gh.administrator")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert serious_violations(page) == []

    # Keyboard only: choose French in the language menu and submit it.
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    dashboard_title = "Mon travail"
    expect(page.get_by_role("heading", name=dashboard_title)).to_be_visible()

    page.get_by_role("link", name="Pays").click()
    expect(page.get_by_role("heading", name="Pays", exact=True)).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Ghana").first.click()
    expect(page.get_by_role("heading", name="Ghana (GH)")).to_be_visible()
    expect(page.get_by_text("Partie", exact=True).first).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Réseau 24/7").click()
    expect(page.get_by_role("heading", name="Réseau 24/7 et autorités centrales")).to_be_visible()
    page.get_by_label("Pays ou autorité").fill("Philippines")
    expect(page.locator("#network-rows tr")).to_have_count(2)
    assert serious_violations(page) == []

    page.get_by_role("link", name="Annuaire").click()
    expect(page.get_by_role("heading", name="Annuaire des autorités")).to_be_visible()
    assert serious_violations(page) == []

    # The choice is remembered on the account: a new browser session opens in French.
    context = page.context.browser.new_context()
    other = context.new_page()
    sign_in_french(other, node_url)
    expect(other.locator("html")).to_have_attribute("lang", "fr")
    context.close()


def sign_in_french(page: Page, node_url: str) -> None:
    page.goto(f"{node_url}/login/")
    page.locator("#id_username").fill("gh.administrator")
    page.locator("#id_password").fill("glacy-demo-2026")
    page.locator("form:not(#language-form) button[type=submit]").click()
    page.wait_for_url(f"{node_url}/")


def test_treaty_page_shows_parties_and_timeline(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "ph.drafter")
    page.get_by_role("link", name="Treaties").click()
    page.get_by_role("link", name="Convention on Cybercrime", exact=True).click()
    # New Zealand and Ecuador moved from "invited" to Party (issue 10).
    expect(page.get_by_text("76 Parties, 2 signatories, 13 States invited to accede.")).to_be_visible()
    expect(page.locator("#ratification-chart")).to_be_visible()
    assert serious_violations(page) == []
