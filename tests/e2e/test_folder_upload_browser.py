"""A custodian picks a folder on the ingest page: the page's script sends each file's path, the worker ingests the
folder and the exhibit's SHA-256 is its sha256sum manifest; without paths (no script) the folder is refused."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e import test_evidence_flow as evidence_flow
from tests.e2e.conftest import serious_violations, sign_in

start_worker = evidence_flow.start_worker  # the fixture that runs `glacy db_worker` on the node

# Not the case of test_evidence_flow, which counts its exhibits on the same (session-wide) node.
CASE_TITLE = "Romance scam ring using social media accounts"
FILES = {"notes.txt": b"meeting notes\n", "mail/inbox/1.eml": b"From: a@example.org\n\nhello\n",
         "mail/sent/2.eml": b"From: b@example.org\n\nreply\n", "empty.log": b""}


def _open_ingest_page(page: Page, node_url: str) -> None:
    sign_in(page, node_url, "gh.custodian")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("row").filter(has_text=CASE_TITLE).get_by_role("link", name=re.compile("GH-CASE-")).click()
    page.get_by_role("link", name="Evidence of this case").click()
    page.get_by_role("button", name="Ingest an exhibit").click()


def test_a_folder_is_ingested_with_its_paths(page: Page, node_url: str, start_worker: Callable[[], None],
                                            tmp_path: Path) -> None:
    folder = tmp_path / "seized-phone-dump"
    for path, data in FILES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    manifest = "".join(f"{hashlib.sha256(FILES[path]).hexdigest()}  {path}\n"
                       for path in sorted(FILES, key=lambda name: name.encode())).encode()
    _open_ingest_page(page, node_url)
    page.get_by_label("Or a folder").set_input_files(str(folder))
    paths = page.locator("#folder-paths input[name=paths]")
    expect(paths).to_have_count(len(FILES))
    assert sorted(paths.evaluate_all("inputs => inputs.map(input => input.value)")) == sorted(
        f"seized-phone-dump/{path}" for path in FILES)
    page.get_by_label("Description").fill("Dump of the seized phone (browser folder test)")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ingest", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingest: seized-phone-dump")
    start_worker()
    expect(page.locator("#job-status")).to_have_text("done", timeout=120_000)
    page.get_by_role("link", name=re.compile("Open exhibit")).click()
    facts = page.locator("dl.facts dt").filter(has_text=re.compile("^SHA-256$")).locator(
        "xpath=following-sibling::dd[1]")
    expect(facts).to_have_text(hashlib.sha256(manifest).hexdigest())


def test_without_the_script_a_folder_is_refused_and_a_file_still_works(page: Page, node_url: str,
                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"a")
    page.route("**/folder-upload.js", lambda route: route.abort())
    _open_ingest_page(page, node_url)
    page.get_by_label("Or a folder").set_input_files(str(folder))
    page.get_by_label("Description").fill("No script")
    page.get_by_role("button", name="Ingest", exact=True).click()
    expect(page.locator("#id_folder_errors")).to_contain_text("The paths of the folder's files were not sent")
    single = tmp_path / "single.txt"
    single.write_bytes(b"one file")
    page.get_by_label("Exhibit file").set_input_files(str(single))
    page.get_by_label("Description").fill("One file without the script")
    page.get_by_role("button", name="Ingest", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingest: single.txt")


def test_a_folder_the_server_would_refuse_is_stopped_before_the_upload(page: Page, node_url: str,
                                                                        tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(101):  # the node keeps Django's default of 100 files per request
        (folder / f"{index:03d}.txt").write_bytes(b"x")
    _open_ingest_page(page, node_url)
    page.get_by_label("Or a folder").set_input_files(str(folder))
    expect(page.get_by_role("alert")).to_have_text(
        "The folder has more than 100 files: ingest it with the command line, or as a ZIP.")
    page.get_by_label("Description").fill("Too many files")
    page.get_by_role("button", name="Ingest", exact=True).click()
    expect(page.get_by_label("Or a folder")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/ingest/$"))
