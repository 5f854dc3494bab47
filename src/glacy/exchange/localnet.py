"""Several GLACY nodes on one machine, each a set of separate processes with its own data folder, SQLite
database, keys, port, web server and exchange worker: `make run-network` (three demo nodes peered with each
other) and the multi-node tests use it.

Only the standard library here: every step is a `glacy` command run with the node's environment, exactly as an
operator would run it (`glacy migrate`, `glacy node demo`, `glacy node show --output`, `glacy peers add …
--fingerprint …`, `glacy runserver`, `glacy exchange worker`). The fingerprint an operator would read over the
telephone is taken from the other node's `glacy node show` output.

    python -m glacy.exchange.localnet --base-port 8100 --folder var/network
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

GLACY = str(Path(sys.executable).with_name("glacy"))


@dataclass
class LocalNode:
    """One node: its settings and, once started, its processes."""

    node_id: str
    name: str
    country: str
    port: int
    folder: Path
    public_url: str = ""  # what peers use (a fault-injecting proxy in the tests); default: the node itself
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.folder / "glacy.sqlite3"

    def env(self) -> dict[str, str]:
        environment = {key: value for key, value in os.environ.items()
                       if not key.startswith(("GLACY_", "DJANGO_", "DATABASE_URL", "PYTEST"))}
        environment.update({
            "DJANGO_SETTINGS_MODULE": "glacy.config.settings", "GLACY_DATA_DIR": str(self.folder),
            "GLACY_NODE_ID": self.node_id, "GLACY_NODE_NAME": self.name, "GLACY_NODE_COUNTRY": self.country,
            "GLACY_NODE_URL": self.public_url or self.url, "GLACY_LOGIN_THROTTLING": "false",
            # One browser signed in to several nodes of this machine at once (cookies are per host, not port).
            "GLACY_SESSION_COOKIE_NAME": f"{self.node_id}-session", "GLACY_CSRF_COOKIE_NAME": f"{self.node_id}-csrf",
            "PYTHONDONTWRITEBYTECODE": "1", **self.extra_env,
        })
        return environment

    def run(self, *arguments: str, timeout: float = 300) -> str:
        """Run one `glacy` command for this node; its output (raises with the output if it fails)."""
        completed = subprocess.run([GLACY, *arguments], env=self.env(), capture_output=True, text=True,  # noqa: S603
                                   timeout=timeout, check=False)
        if completed.returncode != 0:
            raise RuntimeError(f"{self.node_id}: glacy {' '.join(arguments)} failed:\n{completed.stdout}\n"
                               f"{completed.stderr}")
        return completed.stdout

    def identity_file(self) -> Path:
        return self.folder / "identity.jws"

    def fingerprint(self) -> str:
        """The signing key fingerprint, as `glacy node show` prints it (read aloud to peers' operators)."""
        token = self.identity_file().read_text().strip()
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        return str(header["kid"])

    def start(self, *, worker: bool = True, tasks_worker: bool = False, log: Path | None = None) -> None:
        """Start the web server (and the exchange worker); wait until the site answers."""
        output = open(log or self.folder / "processes.log", "ab")  # noqa: SIM115 - kept open for the processes
        self.processes["web"] = subprocess.Popen(  # noqa: S603 - our own glacy command
            [GLACY, "runserver", f"127.0.0.1:{self.port}", "--noreload", "--skip-checks"], env=self.env(),
            stdout=output, stderr=subprocess.STDOUT)
        if worker:
            self.start_worker(output)
        if tasks_worker:
            self.processes["tasks"] = subprocess.Popen([GLACY, "db_worker", "--interval", "2"],  # noqa: S603
                                                       env=self.env(),
                                                       stdout=output, stderr=subprocess.STDOUT)
        self.wait_until_up()

    def start_worker(self, output: BinaryIO | None = None) -> None:
        sink = output if output is not None else open(self.folder / "processes.log", "ab")  # noqa: SIM115
        self.processes["worker"] = subprocess.Popen(  # noqa: S603 - our own glacy command
            [GLACY, "exchange", "worker", "--interval", "0.2", "--sync-every", "3600"], env=self.env(),
            stdout=sink, stderr=subprocess.STDOUT)

    def stop_worker(self) -> None:
        """Stop the exchange worker, if it runs, after its current round (SIGTERM)."""
        process = self.processes.pop("worker", None)
        if process is not None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health/", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.node_id} did not start on {self.url}; see {self.folder / 'processes.log'}")

    def kill(self, which: str = "all") -> None:
        """SIGKILL the node's processes (a crash: no clean-up runs)."""
        for name in list(self.processes) if which == "all" else [which]:
            process = self.processes.pop(name, None)
            if process is not None:
                process.kill()
                process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the processes cleanly (SIGTERM, then SIGKILL after 10 seconds)."""
        for name in list(self.processes):
            process = self.processes.pop(name)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def free_port() -> int:
    """A port nothing listens on now (bound to 0 and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(nodes: list[LocalNode], *, template: Path | None = None) -> None:
    """Create each node's database (copied from a migrated `template` when given), load its demo data and
    write its identity document."""
    for node in nodes:
        node.folder.mkdir(parents=True, exist_ok=True)
        if template is not None and not node.database.exists():
            shutil.copyfile(template, node.database)
        node.run("migrate", "--no-input", "-v0")
        node.run("node", "demo", "--country", node.country)
        node.run("node", "show", "--output", str(node.identity_file()))


def peer_all(nodes: list[LocalNode]) -> None:
    """Every node adds every other one, with the fingerprint the other's operator would read out."""
    for node in nodes:
        for other in nodes:
            if other is not node:
                node.run("peers", "add", str(other.identity_file()), "--fingerprint", other.fingerprint(),
                         "--channel", "local demonstration network", "--no-sync")


def synchronise(nodes: list[LocalNode]) -> None:
    """Each node fetches its peers' directories (their servers must be running)."""
    for node in nodes:
        node.run("peers", "sync")


def migrated_template(folder: Path) -> Path:
    """A freshly migrated SQLite database to copy for each node (migrating once is faster than three times)."""
    template = folder / "template.sqlite3"
    if not template.exists():
        seed = LocalNode(node_id="template", name="template", country="", port=0, folder=folder / "template")
        seed.folder.mkdir(parents=True, exist_ok=True)
        seed.run("migrate", "--no-input", "-v0")
        shutil.copyfile(seed.database, template)
    return template


DEMO_NODES = (("gh-node", "Ghana GLACY node", "GH"), ("ph-node", "Philippines GLACY node", "PH"),
              ("fr-node", "Nœud GLACY de la France", "FR"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Start three peered demo nodes (Ghana, Philippines, France).")
    parser.add_argument("--base-port", type=int, default=8100)
    parser.add_argument("--folder", type=Path, default=Path("var/network"))
    arguments = parser.parse_args()
    folder = arguments.folder.resolve()
    nodes = [LocalNode(node_id=node_id, name=name, country=country, port=arguments.base_port + index,
                       folder=folder / node_id) for index, (node_id, name, country) in enumerate(DEMO_NODES)]
    fresh = not all(node.database.exists() for node in nodes)
    print("Preparing the nodes (the first time takes a minute) …", flush=True)  # noqa: T201
    prepare(nodes, template=migrated_template(folder) if fresh else None)
    if fresh:
        peer_all(nodes)
    try:
        for node in nodes:
            node.start(tasks_worker=True)
        synchronise(nodes)
        print("\nThree nodes are running (Ctrl+C stops them all):", flush=True)  # noqa: T201
        for node in nodes:
            code = node.country.lower()
            print(f"  {node.name:28} {node.url}/   sign in as {code}.duty-officer, {code}.central, "  # noqa: T201
                  f"{code}.prosecutor or {code}.operator (password glacy-demo-2026)")
        print("Sign in as gh.operator and open Exchange; or send a signed connectivity check from a terminal: "  # noqa: T201
              f"GLACY_DATA_DIR={nodes[0].folder} GLACY_NODE_ID={nodes[0].node_id} .venv/bin/glacy peers ping "
              f"{nodes[1].node_id}", flush=True)
        while all(process.poll() is None for node in nodes for process in node.processes.values()):
            time.sleep(1)
        print("A node process stopped; see its processes.log. Stopping the others.")  # noqa: T201
    except KeyboardInterrupt:
        pass
    finally:
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    main()
