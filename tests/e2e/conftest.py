"""Browser tests against a real node: a fresh data folder, `glacy migrate`, `glacy demo`, `glacy runserver`.

Chromium comes from Debian (`apt-get install chromium`); Playwright drives it, nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium tries to reach Google services, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_PASSWORD = "glacy-demo-2026"
# The node's environment (its GLACY_DATA_DIR), filled by `node_url`: a test can run `glacy` commands on the same node.
NODE_ENV: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def node_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("node")
    env = {**os.environ, "GLACY_DATA_DIR": str(data_dir), "GLACY_LOGIN_THROTTLING": "false"}
    env.pop("DATABASE_URL", None)
    NODE_ENV.update(env)
    glacy = [sys.executable, "-m", "glacy.cli"]
    subprocess.run([*glacy, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([*glacy, "demo", "--quiet-logins"], env=env, check=True, timeout=300, capture_output=True)
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen([*glacy, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(Path(log.name).read_text()) from None
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def node_env(node_url: str) -> dict[str, str]:
    """The environment of the running node, for `python -m glacy.cli ...` subprocesses on its data folder."""
    return dict(NODE_ENV)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page: Page, node_url: str, username: str) -> None:
    page.goto(f"{node_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{node_url}/")
    # The browser tests share one node per session and the language is remembered on the account: a test that
    # switched this user to French must not leave the next test reading French. Back to English, as a user would
    # through the header's language form (posted directly: on a phone it sits in the folded menu).
    if (page.locator("html").get_attribute("lang") or "en") != "en":
        token = page.locator("#language-form input[name=csrfmiddlewaretoken]").get_attribute("value") or ""
        answer = page.request.post(f"{node_url}/language/", form={"language": "en", "csrfmiddlewaretoken": token},
                                   headers={"Referer": f"{node_url}/"})
        assert answer.ok, answer.status
        page.goto(f"{node_url}/")
        assert page.locator("html").get_attribute("lang") == "en"


def confirm(page: Page) -> None:
    """Answer yes in the confirmation dialog of an irreversible action (templates/includes/confirm_dialog.html)."""
    dialog = page.get_by_role("dialog")
    dialog.locator("#confirm-dialog-confirm").click()
    dialog.wait_for(state="hidden")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core (vendored in axe-playwright-python) violations of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": item["id"], "impact": item["impact"], "nodes": [node["target"] for node in item["nodes"]][:5]}
        for item in results.response["violations"] if item["impact"] in {"serious", "critical"}
    ]


def pick(page: Page, label: str, option: str, *, typed: str) -> None:
    """Choose ``option`` in a searchable picker (Tom Select, static/glacy/ui.js) as a person does: open the
    picker named ``label``, type ``typed``, click the option whose whole text is ``option``."""
    page.get_by_role("combobox", name=label).locator("xpath=..").click()  # the picker's box
    page.keyboard.type(typed)
    page.get_by_role("listbox", name=label).get_by_role("option", name=option, exact=True).click()
