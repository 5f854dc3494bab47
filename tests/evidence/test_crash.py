"""Crash safety: SIGKILL the ingest command at random moments, 20 times. No half-registered exhibit, no
exhibit whose content is missing, the custody log still verifies, and a final run completes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

KILLS = 20


def _run(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "glacy.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False, **kwargs)  # type: ignore[call-overload]


def test_ingest_survives_sigkill_at_random_points(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GLACY_", "DATABASE_URL"))}
    env["GLACY_DATA_DIR"] = str(tmp_path / "node")
    assert _run(["migrate", "--no-input", "-v0"], env).returncode == 0
    assert _run(["demo", "--quiet-logins"], env).returncode == 0
    with sqlite3.connect(tmp_path / "node" / "glacy.sqlite3") as database:
        case_reference = database.execute(
            "SELECT reference FROM cooperation_case WHERE reference LIKE 'GH-CASE-%' ORDER BY reference").fetchone()[0]
    exhibit = tmp_path / "disk.img"
    exhibit.write_bytes(os.urandom(48 * 1024 * 1024))
    command = [sys.executable, "-m", "glacy.cli", "evidence", "ingest", str(exhibit), "--case", case_reference,
               "--as", "gh.custodian", "--description", "Disk image"]
    randomiser = random.Random(20261124)
    for _attempt in range(KILLS):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(randomiser.uniform(0.3, 2.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
    database = sqlite3.connect(tmp_path / "node" / "glacy.sqlite3")
    rows = database.execute(
        "SELECT id, sha256, size FROM evidence_evidenceitem WHERE original_name = 'disk.img'").fetchall()
    store = tmp_path / "node" / "evidence"
    for item_id, sha256, size in rows:
        blob = store / sha256[:2] / sha256[2:4] / sha256
        assert blob.is_file(), f"exhibit {item_id} has no content"
        assert blob.stat().st_size == size, f"exhibit {item_id} has incomplete content"
        events = database.execute("SELECT COUNT(*) FROM evidence_custodyevent WHERE item_id = ?", [item_id])
        assert events.fetchone()[0] == 1, f"exhibit {item_id} is half-registered"
    audit = database.execute("SELECT COUNT(*) FROM core_auditevent WHERE action = 'evidence.ingest' "
                             "AND after LIKE ?", [f'%"size": {48 * 1024 * 1024}%']).fetchone()[0]
    assert audit == len(rows)
    database.close()
    verified = _run(["custody", "verify"], env)
    assert verified.returncode == 0, verified.stderr
    final = _run(command[3:], env)
    assert final.returncode == 0, final.stderr
    assert f"{case_reference}/EX-" in final.stdout
    assert _run(["custody", "verify"], env).returncode == 0
