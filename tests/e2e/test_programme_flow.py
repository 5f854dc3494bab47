"""Issue 15's browser acceptance tests: an activity spreadsheet with one bad row is refused with the row named
and nothing written; the corrected file is imported and the dashboard changes; a trainee's certificate is
verified, without signing in, from the URL its QR code carries."""

from __future__ import annotations

import csv
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import serious_violations, sign_in

HEADER = ["project", "reference", "title", "type", "topics", "results", "countries", "start_date", "end_date",
          "prosecution_woman", "prosecution_man"]
GOOD = ["GLACY-e", "E2E-2025-001", "Workshop on electronic evidence", "conference", "electronic_evidence", "R1",
        "GH", "2025-10-06", "2025-10-07", "6", "9"]
BAD = ["GLACY-e", "E2E-2025-002", "Exercise on virtual assets", "exercise", "virtual_assets", "R4", "SN",
       "2025-10-31", "2025-10-30", "4", "4"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def _dashboard_total(page: Page, node_url: str) -> str:
    page.goto(f"{node_url}/programme/?year=2025")
    return page.locator("#total-activities").inner_text()


def test_import_with_a_bad_row_then_the_fixed_file_changes_the_dashboard(page: Page, node_url: str,
                                                                          tmp_path: Path) -> None:
    sign_in(page, node_url, "cproc.admin")
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("heading", name="Programme dashboard")).to_be_visible()
    before = int(_dashboard_total(page, node_url))
    assert before == 294
    assert serious_violations(page) == []

    page.get_by_role("button", name="Import activities").click()
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(str(_write(tmp_path / "activities.csv",
                                                                               [GOOD, BAD])))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="activities.csv: 1 problem — nothing was imported.")).to_be_visible()
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("3")
    expect(problem).to_contain_text("end_date")
    expect(problem).to_contain_text("The activity ends before it starts.")
    assert serious_violations(page) == []
    assert int(_dashboard_total(page, node_url)) == before  # nothing was written

    fixed = [*BAD[:8], "2025-11-01", *BAD[9:]]
    page.goto(f"{node_url}/programme/activities/import/")
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(str(_write(tmp_path / "activities.csv",
                                                                               [GOOD, fixed])))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="activities.csv is valid: 2 activities to create, 0 to update.")) \
        .to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("status")).to_contain_text("2 activities created, 0 updated from activities.csv.")
    expect(page.locator("#total-activities")).to_have_text(str(before + 2))
    expect(page.locator("#table-activity_type")).to_contain_text("scenario-based exercise")
    assert serious_violations(page) == []


def test_dashboard_fits_a_phone(browser: Browser, node_url: str) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, node_url, "eu.donor")
    page.goto(f"{node_url}/programme/?year=2025")
    expect(page.locator("#total-activities")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    context.close()


def test_a_trainees_certificate_is_verified_from_its_qr_url(browser: Browser, page: Page, node_url: str) -> None:
    sign_in(page, node_url, "cproc.trainer")
    page.goto(f"{node_url}/training/")
    page.locator("#sessions a").first.click()
    link = page.locator("#participants a[href$='.pdf']").first
    number = link.inner_text()
    response = page.request.get(f"{node_url}{link.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    qr_url = response.headers["x-verification-url"]  # the text the PDF's QR code encodes
    assert qr_url.startswith(f"{node_url}/training/verify/?c=")

    visitor = browser.new_context(locale="en-GB")  # anyone: not signed in
    public = visitor.new_page()
    public.goto(qr_url)
    expect(public.locator("#verification-result")).to_have_text(
        "Valid: signed by this node and listed in its register.")
    expect(public.locator("#certificate-number")).to_have_text(number)
    assert serious_violations(public) == []
    public.goto(qr_url.replace("c=ey", "c=ez"))  # a changed statement
    expect(public.locator("#verification-result")).to_contain_text("Not valid")
    visitor.close()
