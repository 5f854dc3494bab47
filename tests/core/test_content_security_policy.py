"""The pages keep to the strict Content-Security-Policy they are served with (issue 16, item 7).

The browser test (tests/e2e/test_content_security_policy.py) walks the pages and records violations; this one
runs with every `make test` and names the template line that would break the policy before a browser sees it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
#: Rendered to PDF by WeasyPrint (render_to_string), never served to a browser: the policy does not apply.
# Rendered to PDF by WeasyPrint, never served to a browser: their styles are inline by design.
PDF_TEMPLATES = {"cooperation/documents/request.html", "legislation/report.html", "evidence/custody_report.html",
                 "evidence/cover_sheet.html", "training/certificate.html", "profiles/briefing.html",
                 "programme/report.html"}
FORBIDDEN = {
    "inline style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>",
                                re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline handler": re.compile(r"\shx-on[:-]", re.IGNORECASE),
}


def test_no_page_template_has_inline_script_style_or_handler() -> None:
    offences = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        name = template.relative_to(TEMPLATES).as_posix()
        if name in PDF_TEMPLATES:
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            offences += [f"{name}:{number}: {kind}" for kind, pattern in FORBIDDEN.items() if pattern.search(line)]
    assert offences == []


def test_the_scanner_finds_what_it_looks_for() -> None:
    lines = ['<p style="color: red">', "<style>p {}</style>", "<script>alert(1)</script>",
             '<button onclick="go()">', '<a href="javascript:go()">', '<div hx-on:click="go()">']
    found = [[kind for kind, pattern in FORBIDDEN.items() if pattern.search(line)] for line in lines]
    assert found == [["style attribute"], ["inline style element"], ["inline script"],
                     ["event handler attribute"], ["javascript: URL"], ["htmx inline handler"]]
    allowed = ['<script src="/static/x.js" defer></script>', '<script id="d" type="application/json">',
               '<a data-onward="x" href="/">']
    assert [line for line in allowed if any(pattern.search(line) for pattern in FORBIDDEN.values())] == []


def test_pages_and_api_carry_both_policies(world: Any, client_for: Any) -> None:
    client = client_for(world.users["drafter"])
    for path in ("/login/", "/", "/api/v1/cases/", "/api/v1/docs/"):
        response = client.get(path)
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert (path, policy["script-src"], policy["style-src"], policy["default-src"]) == (
            path, "'self'", "'self'", "'none'")
        assert response["Permissions-Policy"].startswith("accelerometer=(), autoplay=(), camera=()")
