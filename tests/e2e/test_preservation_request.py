"""A prosecutor drafts a preservation request (ETS 185 Art. 29), sees it blocked, completes and sends it; the
requested 24/7 point, which did not see the draft, records its receipt and the date it effected the
preservation; both sides see the 60-day deadline (Art. 29(7)) counted from that date."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import confirm, pick, serious_violations, sign_in

CONTENT = {
    "Contact person for confirmation (name, telephone, e-mail)": "Kwame Asante, +233 30 266 4001",
    "Offence(s) and applicable provisions of national law": "Computer-related fraud (ETS 185 Art. 8)",
    "Brief summary of the facts": "Victims paid money to accounts run from fake social-media profiles.",
    "Data or assistance sought": "Subscriber and connection data of the profile's login IP.",
    "Relationship of the data to the offence": "The profile was used to contact the victims.",
    "Custodian of the data or location of the computer system": "Internet service provider in Manila.",
    "Why the measure is necessary": "Connection logs are deleted after 30 days.",
}


def test_preservation_request_from_draft_to_deadline(page: Page, browser: Browser, node_url: str) -> None:
    sign_in(page, node_url, "gh.drafter")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name=re.compile("GH-CASE-.*")).last.click()
    page.get_by_role("button", name="Draft a request").click()
    pick(page, "Type of request", "ETS 185 Art. 29 – Expedited preservation of stored computer data",
         typed="preservation")
    pick(page, "Requested authority", "Philippines 24/7 Point of Contact (24/7 point of contact) – Philippines",
         typed="Philippines 24/7")
    page.get_by_role("button", name="Create the draft").click()
    title = re.compile("Expedited preservation of stored computer data")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    reference = page.get_by_role("heading", level=1).inner_text().split(" – ")[0]

    # Blocked: the checklist names what is missing, with the article.
    expect(page.locator("#blocking-problems")).to_contain_text("ETS 185 Art. 29(2)(f)")
    # Before sending, the requested 24/7 point does not see the draft (issue 16).
    early = browser.new_context().new_page()
    sign_in(early, node_url, "ph.duty-officer")
    early.get_by_role("link", name="Requests", exact=True).click()
    expect(early.get_by_role("link", name=reference)).to_have_count(0)
    early.context.close()
    page.get_by_role("button", name="Send").click()
    confirm(page)
    expect(page.get_by_role("status")).to_contain_text(
        "Not done: Data or assistance sought: This content is required. (ETS 185 Art. 29(2)(c))")
    expect(page.locator("#request-status")).to_have_text("draft")
    assert serious_violations(page) == []

    for label, value in CONTENT.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Intention to submit a request for mutual assistance").check()
    page.get_by_role("button", name="Save content").click()
    page.get_by_label("Kind of identifier").select_option("ip")
    page.get_by_label("IP address").fill("198.51.100.23")
    page.get_by_label("Port", exact=True).fill("443")
    page.get_by_label("Time with time zone").fill("2026-10-30T21:15:00+00:00")
    page.get_by_role("button", name="Add identifier").click()
    expect(page.locator("#complete-message")).to_be_visible()
    page.get_by_role("button", name="Send").click()
    confirm(page)
    expect(page.locator("#request-status")).to_have_text("sent")

    other = browser.new_context().new_page()
    sign_in(other, node_url, "ph.duty-officer")
    other.get_by_role("link", name="Requests", exact=True).click()
    other.get_by_role("link", name=reference).click()
    # Every step asks first: it cannot be undone.
    other.get_by_role("button", name="Record receipt").click()
    confirm(other)
    expect(other.locator("#request-status")).to_have_text("received")
    other.get_by_role("button", name="Start execution").click()
    confirm(other)
    # The date the preservation took effect is entered by the officer; the 60 days run from it.
    effected = datetime.datetime.now(ZoneInfo("Asia/Manila")).date()
    executed = other.get_by_role("group", name="Record as executed")
    executed.get_by_label("Executed on").fill(effected.isoformat())
    other.get_by_role("button", name="Record as executed").click()
    confirm(other)
    expect(other.locator("#request-status")).to_have_text("executed")
    expect(other.locator("#next-deadline")).to_contain_text("Preservation kept at least until")
    expect(other.locator("#next-deadline")).to_contain_text("ETS 185 Art. 29(7)")
    # Sixty full days follow the (partial) day of effect; the period ends when the next day begins in Manila.
    expect(other.locator("#next-deadline")).to_contain_text(f"{effected + datetime.timedelta(days=61)} 00:00")
    expect(other.locator("#preservation-state")).to_contain_text("Preserved for at least sixty days")
    expect(other.get_by_role("link", name=re.compile("GH-CASE"))).to_have_count(0)
    assert serious_violations(other) == []
    other.context.close()

    page.reload()
    expect(page.locator("#request-status")).to_have_text("executed")
    expect(page.locator("#next-deadline")).to_contain_text("Preservation kept at least until")


def test_legal_rules_page_in_both_languages_is_accessible(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "ph.duty-officer")
    page.goto(f"{node_url}/cooperation/rules/")
    expect(page.get_by_role("heading", name="The legal rules the platform applies")).to_be_visible()
    expect(page.locator("#type-ETS185-29")).to_contain_text("ETS 185 Art. 29")
    assert serious_violations(page) == []
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Les règles juridiques que la plateforme applique")).to_be_visible()
    expect(page.locator("#type-ETS185-29")).to_contain_text("STE 185 art. 29")
    assert serious_violations(page) == []
    # The choice is stored on the account: give the shared demo login its English back.
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer de langue").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
