"""One authority's heavy work must not stall another's (issue 16, acceptance "load test in make bench").

A real node on the loopback interface: a temporary data folder (SQLite), `glacy migrate`, `glacy demo`,
`glacy runserver` (threaded) and one `glacy db_worker`. The Philippine prosecution office (the bystander) reads
its pages and API while idle, then again while the Ghanaian authority

- imports the largest law the platform takes (just under 20 MB of text, 150,000 sections) through
  `POST /api/v1/laws/`, and
- ingests a decompression bomb (a small .tar.gz expanding to several GiB of zeros) through
  `POST /api/v1/evidence/`.

It prints the bystander's 95th-percentile latency idle and loaded and their ratio, the bystander's failed calls
(server errors, time-outs), what became of the heavy calls, and whether the job queue empties once the worker
is free (a small job of the bystander is queued during the load to check it). Exit status 1 when a bystander
call failed, a job stayed queued, or the ratio is above --max-ratio.

    .venv/bin/python benchmarks/bench_tenant_isolation.py [--law-sections 150000] [--bomb-gib 4]
                                                          [--max-load-seconds 600] [--max-ratio 5]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLACY = [sys.executable, "-m", "glacy.cli"]
DEMO_PASSWORD = "glacy-demo-2026"
BYSTANDER = "ph.drafter"
PAGES = ["/cooperation/cases/", "/cooperation/requests/", "/legislation/", "/directory/", "/"]
API = ["/api/v1/cases/", "/api/v1/requests/", "/api/v1/laws/", "/api/v1/evidence-jobs/"]
CALL_TIMEOUT = 30.0  # seconds: a bystander call slower than this counts as failed
TOKEN_SCRIPT = """
from glacy.core.context import origin
from glacy.core.services import api_token_create
from glacy.directory.models import User
with origin("cli"):
    for username in {usernames!r}:
        _token, key = api_token_create(user=User.objects.get(username=username), name="bench", scopes=["read", "write"])
        print("TOKEN", username, key)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _job_outcome(url: str, token: str, path: str, answer: str) -> str:
    """What became of a queued heavy job: its final status and message, read through the API like a client."""
    found = re.search(r'"id":"([0-9a-f-]{36})"', answer)
    if not found:
        return "(no job id in the answer)"
    request = urllib.request.Request(f"{url}{path}{found.group(1)}/", headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=CALL_TIMEOUT) as response:
            job = json.loads(response.read().decode())
    except (OSError, ValueError) as error:
        return f"(not readable: {error})"
    return f"{job.get('status')}: {str(job.get('error') or job.get('detail') or '')[:200]}"


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def p95(self) -> float:
        return statistics.quantiles(self.seconds, n=20, method="inclusive")[18] if len(self.seconds) > 1 else 0.0


class Bystander:
    """The other authority: a signed-in browser session for pages and an API token."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.sign_in()

    def sign_in(self) -> None:
        page = self.opener.open(f"{self.url}/login/", timeout=CALL_TIMEOUT).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        data = urllib.parse.urlencode({"username": BYSTANDER, "password": DEMO_PASSWORD,
                                       "csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(f"{self.url}/login/", data=data, headers={"Referer": f"{self.url}/login/"})
        landed = self.opener.open(request, timeout=CALL_TIMEOUT)
        if urllib.parse.urlsplit(landed.url).path != "/":
            raise RuntimeError("the bystander could not sign in")

    def call(self, path: str, samples: Samples) -> None:
        is_api = path.startswith("/api/")
        request = urllib.request.Request(f"{self.url}{path}",
                                         headers={"Authorization": f"Token {self.token}"} if is_api else {})
        started = time.perf_counter()
        try:
            with (urllib.request.urlopen if is_api else self.opener.open)(request, timeout=CALL_TIMEOUT) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:  # time-out, connection refused
            samples.failures.append(f"{path}: {type(error).__name__} {error}")
            return
        elapsed = time.perf_counter() - started
        if status >= 400:
            samples.failures.append(f"{path}: HTTP {status} after {elapsed:.1f} s")
            return
        samples.seconds.append(elapsed)

    def measure_round(self, samples: Samples) -> None:
        for path in PAGES + API:
            self.call(path, samples)


def _multipart(fields: dict[str, str], file_field: str, file_name: str, payload: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
               "Content-Type: application/octet-stream\r\n\r\n".encode())
    body.write(payload)
    body.write(f"\r\n--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def _post_upload(url: str, token: str, fields: dict[str, str], file_name: str, payload: bytes,
                 timeout: float) -> tuple[int, str, float]:
    body, content_type = _multipart(fields, "file", file_name, payload)
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Token {token}", "Content-Type": content_type})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()[:300], time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()[:300], time.perf_counter() - started
    except OSError as error:
        return 0, f"{type(error).__name__}: {error}", time.perf_counter() - started


def largest_law(sections: int) -> bytes:
    """A plain-text law of `sections` sections, kept just under the 20 MB the platform takes."""
    lines = [f"Section {number}. A person who intentionally and without right accesses a computer system, "
             f"or a part of it, commits offence {number}." for number in range(1, sections + 1)]
    text = "\n".join(lines).encode()
    return text[: 20 * 1024 * 1024 - 1024]


def decompression_bomb(gib: int) -> bytes:
    """A .tar.gz of one member holding `gib` GiB of zeros, compressed as it is written (a few MB)."""
    size = gib * 1024**3
    header = tarfile.TarInfo("zeros.img")
    header.size = size
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    parts = [compressor.compress(header.tobuf(format=tarfile.GNU_FORMAT))]
    zeros = bytes(8 * 1024 * 1024)
    parts.extend(compressor.compress(zeros) for _chunk in range(size // len(zeros)))
    parts.append(compressor.compress(bytes(2 * tarfile.BLOCKSIZE)))  # end of archive
    parts.append(compressor.flush())
    return b"".join(parts)


def _glacy(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    return subprocess.run([*GLACY, *args], env=env, input=stdin, capture_output=True, text=True, check=True,
                          timeout=600).stdout


def _queue(env: dict[str, str]) -> dict[str, object]:
    run = subprocess.run([*GLACY, "jobs", "status", "--json"], env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    return json.loads(run.stdout) if run.stdout.strip() else {"status": "unknown", "queued": -1}


def main() -> int:  # one scenario, read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--law-sections", type=int, default=150_000)
    parser.add_argument("--bomb-gib", type=int, default=4)
    parser.add_argument("--idle-rounds", type=int, default=15)
    parser.add_argument("--max-load-seconds", type=float, default=600)
    parser.add_argument("--drain-seconds", type=float, default=180)
    parser.add_argument("--max-ratio", type=float, default=5.0)
    arguments = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="glacy-bench-isolation-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GLACY_", "DATABASE_URL"))}
    env.update({"GLACY_DATA_DIR": str(data_dir), "GLACY_LOGIN_THROTTLING": "false", "PYTHONPATH": str(ROOT / "src"),
                "GLACY_API_RATE_IMPORTS": "1000/hour"})
    processes: list[subprocess.Popen[bytes]] = []
    try:
        _glacy(env, "migrate", "--no-input", "-v0")
        _glacy(env, "demo", "--quiet-logins")
        tokens = dict(line.split()[1:] for line in _glacy(
            env, "shell", stdin=TOKEN_SCRIPT.format(usernames=[BYSTANDER, "gh.reviewer", "gh.custodian"]))
            .splitlines() if line.startswith("TOKEN "))
        case_id = json.loads(subprocess.run(
            [*GLACY, "shell", "-c", "from glacy.cooperation.models import Case; import json; print(json.dumps("
             "[str(c.pk) for c in Case.objects.filter(authority__country_id='GH')]))"],
            env=env, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])[0]
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        logs = data_dir / "logs"
        logs.mkdir()
        processes.append(subprocess.Popen([*GLACY, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                                          stdout=(logs / "server.log").open("w"), stderr=subprocess.STDOUT))
        processes.append(subprocess.Popen([*GLACY, "db_worker", "--interval", "0.5", "--no-startup-delay"], env=env,
                                          stdout=(logs / "worker.log").open("w"), stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/health/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError((logs / "server.log").read_text()) from None
                time.sleep(0.3)

        law, bomb = largest_law(arguments.law_sections), decompression_bomb(arguments.bomb_gib)
        print(f"node {url} (runserver, threaded) + 1 worker, SQLite in {data_dir}; processors: {os.cpu_count()}, "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"heavy work of GH: law of {len(law) / 1024**2:.1f} MB ({arguments.law_sections} sections) via "
              f"POST /api/v1/laws/; bomb .tar.gz of {len(bomb) / 1024**2:.1f} MB expanding to "
              f"{arguments.bomb_gib} GiB via POST /api/v1/evidence/")

        bystander = Bystander(url, tokens[BYSTANDER])
        bystander.measure_round(Samples())  # warm-up: first imports, templates, caches
        idle = Samples()
        for _round in range(arguments.idle_rounds):
            bystander.measure_round(idle)

        outcomes: dict[str, tuple[int, str, float]] = {}
        heavy = [
            threading.Thread(target=lambda: outcomes.__setitem__("law import", _post_upload(
                f"{url}/api/v1/laws/", tokens["gh.reviewer"], {"country": "GH", "title": "Largest law"},
                "largest-law.txt", law, arguments.max_load_seconds)), daemon=True),
            threading.Thread(target=lambda: outcomes.__setitem__("bomb upload", _post_upload(
                f"{url}/api/v1/evidence/", tokens["gh.custodian"], {"case": case_id, "description": "Seized archive"},
                "seized.tar.gz", bomb, arguments.max_load_seconds)), daemon=True),
        ]
        loaded = Samples()
        load_started = time.monotonic()
        for thread in heavy:
            thread.start()
        time.sleep(1.0)
        # The bystander's own small job, queued behind the heavy ones: it must run once the worker is free.
        _small_job = subprocess.run([*GLACY, "requests", "remind"], env=env, capture_output=True, text=True,
                                    timeout=300, check=False)
        def within_budget() -> bool:
            return time.monotonic() - load_started < arguments.max_load_seconds

        while any(thread.is_alive() for thread in heavy) and within_budget():
            bystander.measure_round(loaded)
        # The uploads are answered; the worker may still be expanding the bomb: keep measuring until it is free.
        while within_budget():
            queue = _queue(env)
            busy = any(worker.get("state") == "running" for worker in queue.get("workers", []))  # type: ignore[union-attr]
            if not busy and queue.get("queued") == 0:
                break
            bystander.measure_round(loaded)
        load_seconds = time.monotonic() - load_started
        drain_deadline = time.monotonic() + arguments.drain_seconds
        queue = _queue(env)
        while queue.get("queued") != 0 and time.monotonic() < drain_deadline:
            time.sleep(1)
            queue = _queue(env)

        idle_p95, loaded_p95 = idle.p95(), loaded.p95()
        ratio = loaded_p95 / idle_p95 if idle_p95 else float("inf")
        print(f"bystander idle:   {len(idle.seconds):4d} calls, p95 {idle_p95 * 1000:8.1f} ms, "
              f"{len(idle.failures)} failed")
        print(f"bystander loaded: {len(loaded.seconds):4d} calls over {load_seconds:.0f} s, p95 "
              f"{loaded_p95 * 1000:8.1f} ms, {len(loaded.failures)} failed")
        print(f"ratio p95 loaded / idle: {ratio:.2f}x (target <= {arguments.max_ratio:g}x)")
        for name, (status, body, seconds) in outcomes.items():
            print(f"{name}: HTTP {status} after {seconds:.1f} s: {body[:160]}")
        for name, path, token in (("law import", "/api/v1/law-import-jobs/", tokens["gh.reviewer"]),
                                  ("bomb upload", "/api/v1/evidence-jobs/", tokens["gh.custodian"])):
            if name in outcomes and outcomes[name][0] == 202:
                print(f"{name}: job ended {_job_outcome(url, token, path, outcomes[name][1])}")
        for name in ("law import", "bomb upload"):
            if name not in outcomes:
                print(f"{name}: no answer within {arguments.max_load_seconds:g} s")
        for failure in (idle.failures + loaded.failures)[:10]:
            print(f"  failed: {failure}")
        print(f"queue after the load: {queue.get('queued')} job(s) queued, worker status {queue.get('status')}")
        problems = []
        if idle.failures or loaded.failures:
            problems.append(f"{len(idle.failures) + len(loaded.failures)} bystander call(s) failed")
        if queue.get("queued") != 0:
            problems.append("jobs stayed queued once the worker was free")
        if ratio > arguments.max_ratio:
            problems.append(f"p95 ratio {ratio:.2f}x above {arguments.max_ratio:g}x")
        print("FAIL: " + "; ".join(problems) if problems else "PASS")
        return 1 if problems else 0
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
