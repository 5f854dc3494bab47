"""A custodian ingests a file on a case through the browser, with when, where and by whom it was seized and from
which device; a background worker ingests it while the page shows the progress; the exhibit shows its hashes,
acquisition details and custody log; a seizure recorded a day late keeps both times; the custodian exports the
signed package and the command line verifies the ZIP exactly as downloaded (issues 4, 11 and 13)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import serious_violations, sign_in

GLACY = [sys.executable, "-m", "glacy.cli"]
CASE_TITLE = "Ransomware attack on Korle Bu"
FILE_SIZE = 200 * 1024


def _exhibit_bytes() -> bytes:
    """200 KB of deterministic filler: the same hashes on every run."""
    blocks = (hashlib.sha256(f"browser-test:{counter}".encode()).digest() for counter in range(FILE_SIZE // 32))
    return b"".join(blocks)


@pytest.fixture
def start_worker(node_env: dict[str, str]) -> Iterator[Callable[[], None]]:
    """Start `glacy db_worker` on the node's data folder (the e2e node runs only `runserver`); stopped afterwards."""
    workers: list[subprocess.Popen[bytes]] = []
    log_path = Path(node_env["GLACY_DATA_DIR"]) / "worker.log"

    def start() -> None:
        log = log_path.open("ab")
        workers.append(subprocess.Popen(
            [*GLACY, "db_worker", "--interval", "1", "--no-reload", "--no-startup-delay"],
            env=node_env, stdout=log, stderr=subprocess.STDOUT))
        log.close()

    yield start
    for worker in workers:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=20)


def _fact(page: Page, term: str) -> Locator:
    """The <dd> of a <dt> in the exhibit's facts."""
    return page.locator("dl.facts dt").filter(has_text=re.compile(f"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]")


def test_ingest_see_hashes_and_custody_export_and_verify(page: Page, node_url: str, node_env: dict[str, str],
                                                        start_worker: Callable[[], None], tmp_path: Path) -> None:
    content = _exhibit_bytes()
    exhibit_file = tmp_path / "suspect-phone-extraction.bin"
    exhibit_file.write_bytes(content)

    sign_in(page, node_url, "gh.custodian")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("row").filter(has_text=CASE_TITLE).get_by_role("link", name=re.compile("GH-CASE-")).click()
    page.get_by_role("link", name="Evidence of this case").click()
    expect(page.get_by_role("link", name=re.compile(r"^GH-CASE-.+\/EX-\d{3}$"))).to_have_count(2)
    page.get_by_role("button", name="Ingest an exhibit").click()
    page.get_by_label("Exhibit file").set_input_files(str(exhibit_file))
    page.get_by_label("Description").fill("Logical extraction of the suspect's phone (browser test)")
    page.get_by_label("Warrant or order (reference and date)").fill("Search warrant HC/ACC/2026/118")
    page.get_by_label("Seal number").fill("GH-SEAL-0413")
    page.get_by_label("Seized or acquired at").fill("2026-11-28T14:05:30")
    page.get_by_label("Seizing or acquiring officer").fill("Insp. Ama Owusu")
    page.get_by_label("Place of seizure or acquisition").fill("Kotoka airport, Accra")
    page.get_by_label("Device (make, model, serial number)").fill("Samsung SM-A546E, IMEI 356789104512345")
    page.get_by_label("SHA-256 stated in the acquisition report").fill(hashlib.sha256(content).hexdigest())
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ingest", exact=True).click()

    # No worker yet: the upload is kept and the job waits in the queue; the page polls its progress.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingest: suspect-phone-extraction.bin")
    expect(page.locator("#job-status")).to_have_text("queued")
    assert serious_violations(page) == []
    start_worker()
    expect(page.locator("#job-status")).to_have_text("done", timeout=120_000)
    page.get_by_role("link", name=re.compile("Open exhibit")).click()

    exhibit_number = page.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"GH-CASE-.+/EX-003", exhibit_number), exhibit_number
    expect(_fact(page, "SHA-256")).to_have_text(hashlib.sha256(content).hexdigest())
    expect(_fact(page, "SHA-1")).to_have_text(hashlib.sha1(content).hexdigest())
    expect(_fact(page, "MD5")).to_have_text(hashlib.md5(content).hexdigest())
    expect(_fact(page, "Original file name")).to_contain_text(f"suspect-phone-extraction.bin ({FILE_SIZE} bytes")
    expect(_fact(page, "Hashes stated in the acquisition report")).to_have_text("match")
    expect(_fact(page, "Seal number")).to_have_text("GH-SEAL-0413")
    expect(_fact(page, "Seized or acquired")).to_have_text("2026-11-28 14:05:30 UTC – Kotoka airport, Accra")
    expect(_fact(page, "Seizing or acquiring officer")).to_have_text("Insp. Ama Owusu")
    expect(_fact(page, "Device (make, model, serial number)")).to_have_text("Samsung SM-A546E, IMEI 356789104512345")
    custody = page.locator("#custody-log tbody tr")
    expect(custody).to_have_count(1)
    expect(custody.first.locator("td").nth(0)).to_have_text("1")
    expect(custody.first.locator("td").nth(1)).to_have_text("acquired")
    # The design system shows stored ISO times like every other time; the exact instant stays in <time datetime>.
    expect(custody.first.locator("td").nth(2)).to_contain_text("2026-11-28 14:05:30 UTC back-dated")
    expect(custody.first.locator("td").nth(2).locator("time")).to_have_attribute(
        "datetime", "2026-11-28T14:05:30+00:00")
    assert serious_violations(page) == []

    # The exhibit was sealed the day it was seized, and that is recorded now: both times are kept.
    page.get_by_label("Event").select_option("sealed")
    page.get_by_label("When it happened").fill("2026-11-28T16:00:00")
    page.get_by_label("Place").fill("Accra CID exhibit room")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(custody).to_have_count(2)
    expect(custody.nth(1).locator("td").nth(1)).to_have_text("sealed")
    expect(custody.nth(1).locator("td").nth(2)).to_contain_text("2026-11-28 16:00:00 UTC back-dated")
    expect(custody.nth(1).locator("td").nth(2).locator("time")).to_have_attribute(
        "datetime", "2026-11-28T16:00:00+00:00")

    page.locator("#export-purpose").fill("Answer to the mutual assistance request of the Philippines")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export signed package (BagIt)").click()
    download = download_info.value
    archive_path = tmp_path / download.suggested_filename
    download.save_as(archive_path)
    assert download.suggested_filename == f"{exhibit_number.replace('/', '_')}-package.zip"

    page.reload()
    expect(custody).to_have_count(3)
    expect(custody.nth(2).locator("td").nth(1)).to_have_text("exported")
    expect(custody.nth(2).locator("td").nth(5)).to_have_text(
        "Answer to the mutual assistance request of the Philippines")

    # The zip holds one BagIt folder with the exhibit and the cover sheets in English and French.
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        payload = [name for name in names if "/data/" in name]
        assert [hashlib.sha256(archive.read(name)).hexdigest() for name in payload] == [
            hashlib.sha256(content).hexdigest()]
    assert {name.split("/", 1)[1] for name in names} >= {"cover-sheet-en.pdf", "cover-sheet-fr.pdf", "bagit.txt"}

    # `glacy evidence verify` takes the ZIP exactly as downloaded, and the node's own key from outside it.
    verified = subprocess.run([*GLACY, "evidence", "verify", str(archive_path)], env=node_env, capture_output=True,
                              text=True, timeout=300, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    lines = verified.stdout.strip().splitlines()
    assert lines[0].startswith("Signing key fingerprint: ")
    assert lines[-1] == "The package verifies."
    checks = [line.split("\t") for line in lines[1:-1]]
    assert all(check[0] == "PASS" for check in checks), verified.stdout
    assert {"package_readable", "bag_valid", "key_trusted", "signature", "custody_chain", "cover_sheets"} <= {
        check[1] for check in checks}
    # The package holds the chain up to the checkpoint it carries: the acquisition and the seal.
    assert "2 custody records" in {check[1]: check[2] for check in checks}["custody_chain"]
