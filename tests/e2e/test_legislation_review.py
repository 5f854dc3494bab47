"""A reviewer imports a small law, accepts two suggestions, rejects one, builds the matrix and downloads the
legislative review (issue 5's browser acceptance test)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_violations, sign_in

LAW = """CYBER OFFENCES ACT (browser test)

Section 1. Unauthorised access
A person who intentionally and without authorisation accesses the whole or any part of a computer system commits an \
offence and is liable on conviction to imprisonment for a term not exceeding five years.

Section 2. Interference with data
A person who intentionally and without lawful excuse damages, deletes, alters or suppresses computer data commits an \
offence and is liable on conviction to imprisonment for a term not exceeding five years.

Section 3. Production order
A judge may order a person in the territory to submit specified computer data in that person's possession or \
control, and a service provider to submit subscriber information relating to its services.
"""


def test_import_decide_assess_and_download_the_review(page: Page, node_url: str, tmp_path: Path) -> None:
    law_file = tmp_path / "cyber-offences-act.txt"
    law_file.write_text(LAW, encoding="utf-8")
    sign_in(page, node_url, "gh.reviewer")
    page.get_by_role("link", name="Legislation", exact=True).click()
    page.get_by_role("button", name="Import a law").click()
    page.get_by_label("File of the law or bill").set_input_files(str(law_file))
    page.get_by_label("Country").select_option("GH")
    page.get_by_label("Title").fill("Cyber Offences Act (browser test)")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("3 provisions imported")
    expect(page.get_by_role("heading", name="Section 1 – Unauthorised access")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("button", name="Accept: Section 1 implements Art. 2").click()
    expect(page.get_by_role("status")).to_contain_text("Section 1 mapped to Art. 2.")
    page.get_by_role("button", name="Accept: Section 3 implements Art. 18").click()
    expect(page.get_by_role("status")).to_contain_text("Section 3 mapped to Art. 18.")
    page.get_by_role("button", name="Reject: Section 2 does not implement Art. 4").click()
    expect(page.get_by_role("status")).to_contain_text("Suggestion rejected")
    # The three alternatives the ranker offers after the first suggestions (issue 14) stay to review.
    expect(page.locator("dl.facts")).to_contain_text("3 to review, 2 accepted, 1 rejected")

    page.get_by_role("link", name="Assess this law").click()
    page.get_by_label("Instrument").select_option("ETS185")
    page.get_by_role("button", name="Create the matrix").click()
    expect(page.get_by_role("status")).to_contain_text("Assessment version")
    expect(page.get_by_role("heading", name="Budapest Convention, Art. 2 – Illegal access full")).to_be_visible()
    expect(page.get_by_role("heading", name="Budapest Convention, Art. 4 – Data interference absent")).to_be_visible()
    assert serious_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="DOCX (English)").click()
    report = download_info.value.path()
    text = " ".join(paragraph.text for paragraph in docx.Document(io.BytesIO(Path(report).read_bytes())).paragraphs)
    assert "Legislative review: Ghana" in text
    assert "A person who intentionally and without authorisation accesses the whole" in text
    assert "Adopt a provision implementing Art. 4 (Data interference)" in text
