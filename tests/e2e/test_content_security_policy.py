"""No page breaks the Content-Security-Policy (issue 16, item 7).

A browser signs in as several roles and walks every page reachable in two clicks from the main lists (plus
the pages that load scripts: the ratification chart, the folder upload, htmx searches, the QR code of the
second factor, the API documentation). Every `securitypolicyviolation` event and every console message about
the policy is collected; there must be none, and each page must carry the strict policy.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
                              + `at ${event.sourceFile}:${event.lineNumber}`);
});
"""
#: Links a crawler must not follow: they change data, download files, or leave the session.
SKIP = re.compile(r"/logout/|/admin/|/download|/report|/documents/|/export|\.(pdf|docx|zip|csv|json)$|\?format=")
START_PAGES = ["/", "/cooperation/cases/", "/cooperation/requests/", "/legislation/", "/treaties/",
               "/directory/", "/directory/network/", "/directory/countries/", "/audit/", "/account/security/"]
PAGES_PER_ROLE = 45
#: Console messages about either policy (Chromium also reports a Permissions-Policy feature it does not know).
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


def _watch(page: Page) -> list[str]:
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text)
            if any(word in message.text for word in POLICY_WORDS) else None)
    return console


def _violations(page: Page, console: list[str]) -> list[str]:
    recorded: list[str] = page.evaluate("window.__cspViolations || []")
    return [f"{page.url}: {text}" for text in [*recorded, *console]]


def _same_site_links(page: Page, node_url: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == node_url and not SKIP.search(parts.path):
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _walk(page: Page, node_url: str, console: list[str]) -> tuple[list[str], list[str]]:
    """Visit the start pages and the pages they link to; returns the pages seen and the violations."""
    queue, seen, violations = list(START_PAGES), [], []
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen:
            continue
        try:
            response = page.goto(f"{node_url}{path}")
        except PlaywrightError as error:  # a link that starts a download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        seen.append(path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self';" in f"{policy};", (path, policy)
        assert "style-src 'self';" in f"{policy};", (path, policy)
        violations += _violations(page, console)
        console.clear()
        if path in START_PAGES:
            queue += [link for link in _same_site_links(page, node_url) if link not in seen]
    return seen, violations


@pytest.mark.parametrize("username", ["gh.administrator", "gh.drafter", "gh.custodian", "gh.reviewer",
                                      "ph.duty-officer"])
def test_no_page_breaks_the_policy(page: Page, node_url: str, username: str) -> None:
    console = _watch(page)
    sign_in(page, node_url, username)
    seen, violations = _walk(page, node_url, console)
    assert len(seen) >= 25, seen
    assert violations == []


def test_scripted_pages_run_under_the_policy(page: Page, node_url: str) -> None:
    console = _watch(page)
    page.goto(f"{node_url}/login/")
    assert _violations(page, console) == []
    sign_in(page, node_url, "gh.custodian")

    page.goto(f"{node_url}/treaties/ETS185/")  # Chart.js draws the ratification timeline
    expect(page.locator("#ratification-chart")).to_be_visible()
    assert page.evaluate("typeof Chart !== 'undefined' && Chart.getChart('ratification-chart') !== undefined")

    page.goto(f"{node_url}/directory/network/")  # htmx search swaps the rows
    page.get_by_label("Country or authority").fill("Philippines")
    expect(page.locator("#network-rows tr")).to_have_count(2)

    page.goto(f"{node_url}/cooperation/cases/")  # the ingest page loads folder-upload.js
    case_pages = page.eval_on_selector_all("main table a[href*='/cases/']", "links => links.map(link => link.href)")
    for case_page in case_pages:  # other tests may have added cases the custodian cannot ingest into
        page.goto(case_page)
        page.get_by_role("link", name="Evidence of this case").click()
        if page.get_by_role("button", name="Ingest an exhibit").count() == 1:  # a link styled as a button
            break
    page.get_by_role("button", name="Ingest an exhibit").click()
    expect(page.locator("input[type=file]").first).to_be_attached()
    assert page.evaluate("document.querySelector('script[src*=\"folder-upload.js\"]') !== null")

    page.goto(f"{node_url}/account/security/totp/")  # the QR code is inline SVG markup, not a script or style
    expect(page.locator("svg.segno")).to_be_visible()

    page.goto(f"{node_url}/api/v1/docs/")  # Swagger UI: its start-up script is served as a file
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("GLACY platform API")
    assert _violations(page, console) == []


def test_every_response_carries_the_policies(page: Page, node_url: str) -> None:
    response: Any = page.goto(f"{node_url}/login/")
    headers = response.headers
    directives = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert directives == {
        "default-src": "'none'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
        "font-src": "'self'", "connect-src": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
        "base-uri": "'none'", "object-src": "'none'", "manifest-src": "'self'"}
    assert headers["permissions-policy"].startswith("accelerometer=(), autoplay=(), camera=(), display-capture=()")
