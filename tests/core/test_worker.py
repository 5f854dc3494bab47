"""The background worker outlives database errors and reports its health (issue 16, item 2)."""

from __future__ import annotations

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from glacy.config.environment import database_from_url
from glacy.core.health import worker_health
from glacy.core.models import WorkerHeartbeat
from glacy.core.worker import ResilientWorker

REMINDERS = "glacy.cooperation.tasks.send_due_reminders"


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GLACY_", "DATABASE_URL"))}
    env.update({"GLACY_DATA_DIR": str(data_dir), "GLACY_LOGIN_THROTTLING": "false", **extra})
    return env


def _glacy(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "glacy.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def _task_statuses(database: Path) -> list[str]:
    with sqlite3.connect(database, timeout=30) as reader:
        return [row[0] for row in reader.execute("SELECT status FROM django_tasks_database_dbtaskresult")]


def test_sqlite_is_set_up_for_concurrent_writers(tmp_path: Path, django_db_blocker: Any) -> None:
    handler = ConnectionHandler({"default": database_from_url(None, data_dir=tmp_path)})
    connection = handler["default"]
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            settings = {}
            for pragma in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
                cursor.execute(f"PRAGMA {pragma}")
                settings[pragma] = cursor.fetchone()[0]
        assert settings == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000, "foreign_keys": 1}
        assert connection.transaction_mode == "IMMEDIATE"
    finally:
        connection.close()


def test_busy_timeout_is_configurable_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLACY_SQLITE_BUSY_TIMEOUT", "2.5")
    assert database_from_url(None, data_dir=tmp_path)["OPTIONS"]["timeout"] == 2.5
    monkeypatch.setenv("GLACY_SQLITE_BUSY_TIMEOUT", "forever")
    with pytest.raises(SystemExit) as stopped:
        database_from_url(None, data_dir=tmp_path)
    assert str(stopped.value) == ("GLACY configuration error: GLACY_SQLITE_BUSY_TIMEOUT must be a number of seconds "
                                  "above 0 and up to 600, not 'forever'.")


def test_worker_survives_a_locked_database_and_then_takes_the_next_job(tmp_path: Path) -> None:
    """The reported failure: a long write transaction elsewhere makes the worker's claim fail with "database
    is locked"; the stock worker's loop died there and every later job stayed queued."""
    env = _environment(tmp_path, GLACY_SQLITE_BUSY_TIMEOUT="0.2")
    assert _glacy(env, "migrate", "-v0").returncode == 0
    database = tmp_path / "glacy.sqlite3"
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "-m", "glacy.cli", "db_worker", "--interval", "0.1", "--heartbeat",
                               "0.2", "--no-startup-delay"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while _glacy(env, "jobs", "status").returncode != 0:
            assert time.monotonic() < deadline, "the worker never reported"
            time.sleep(0.2)
        blocker = sqlite3.connect(database, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock for 2 s, ten busy timeouts
        time.sleep(2)
        blocker.execute("COMMIT")
        blocker.close()
        assert worker.poll() is None
        enqueued = _glacy(env, "requests", "remind")
        assert enqueued.returncode == 0, enqueued.stderr
        while _task_statuses(database) != ["SUCCESSFUL"]:
            assert time.monotonic() < deadline, _task_statuses(database)
            time.sleep(0.2)
        status = _glacy(env, "jobs", "status", "--json")
        assert status.returncode == 0, status.stderr
        report = json.loads(status.stdout)
        assert (report["status"], report["queued"], [w["state"] for w in report["workers"]]) == ("ok", 0, ["idle"])
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert "could not look for work (OperationalError: database is locked); trying again in 1 s." in output
    assert worker.returncode == 0
    stopped = _glacy(env, "jobs", "status")
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (
        1, "status: down (0 job(s) queued)\n", "CommandError: worker status is down\n")


def _queued(**fields: Any) -> DBTaskResult:
    return DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path=REMINDERS,
                                       backend_name="default", run_after=get_date_max(), **fields)


def test_worker_retries_recording_an_outcome_instead_of_dying(transactional_db: Any, settings: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # No test transaction around the worker: it runs in autocommit, as in production, and may drop its
    # connection after an error (inside a test transaction, PostgreSQL would refuse every later query).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = _queued()
    original_save = DBTaskResult.save
    refusals = []

    def busy_when_recording(self: DBTaskResult, *args: Any, **kwargs: Any) -> None:
        if "finished_at" in (kwargs.get("update_fields") or []) and len(refusals) < 5:
            refusals.append(self.pk)
            raise OperationalError("database is locked")
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", busy_when_recording)
    pauses = []

    def pause(seconds: float) -> None:  # no real waiting; a worker that loops on errors fails the test
        pauses.append(seconds)
        if len(pauses) > 50:
            raise RuntimeError(f"the worker keeps pausing: {pauses[-3:]}")

    monkeypatch.setattr("glacy.core.worker.time.sleep", pause)
    worker = ResilientWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                             startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
                             heartbeat_interval=3600)
    worker.run()
    job.refresh_from_db()
    # The library retries three times itself, then the worker keeps trying: the job is recorded once it can be.
    assert (job.status, job.return_value, job.worker_ids, len(refusals)) == ("SUCCESSFUL", 0, ["test-worker"], 5)


def _beat(worker_id: str, *, beat_seconds_ago: float, loop_seconds_ago: float, task: str = "",
          task_seconds_ago: float | None = None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, host="node-1", pid=4242, started_at=now - datetime.timedelta(hours=1),
        beat_at=now - datetime.timedelta(seconds=beat_seconds_ago),
        loop_at=now - datetime.timedelta(seconds=loop_seconds_ago), task_name=task,
        task_started_at=None if task_seconds_ago is None else now - datetime.timedelta(seconds=task_seconds_ago))


def test_no_heartbeat_is_a_down_worker(db: Any) -> None:
    health = worker_health()
    assert (health.status, health.queued, health.oldest_queued_seconds, health.workers) == ("down", 0, None, [])
    _beat("old", beat_seconds_ago=61, loop_seconds_ago=61)
    assert [(worker.state, worker.seconds_since_beat) for worker in worker_health().workers] == [("gone", 61)]
    assert worker_health().status == "down"


def test_a_beating_worker_whose_loop_stopped_is_stuck(db: Any) -> None:
    _beat("thread-died", beat_seconds_ago=2, loop_seconds_ago=300)
    assert (worker_health().status, worker_health().workers[0].state) == ("stuck", "stuck")


def test_a_long_task_is_busy_not_stuck_until_jobs_wait_too_long(db: Any) -> None:
    _beat("busy", beat_seconds_ago=2, loop_seconds_ago=900, task="glacy.evidence.tasks.run_ingest_job",
          task_seconds_ago=900)
    health = worker_health()
    assert (health.status, health.workers[0].state, health.workers[0].task_seconds) == ("ok", "running", 900)
    waiting = _queued()
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - datetime.timedelta(seconds=601))
    health = worker_health()
    assert (health.status, health.queued, health.oldest_queued_seconds) == ("backlog", 1, 601)


def test_health_pages_show_the_worker(db: Any, client: Client) -> None:
    response = client.get("/health/worker/")
    assert (response.status_code, response.json()) == (
        503, {"status": "down", "workers": 0, "queued": 0, "oldest_queued_seconds": None})
    assert client.get("/health/").json() == {"status": "ok", "worker": "down"}
    _beat("alive", beat_seconds_ago=1, loop_seconds_ago=1)
    _queued()
    response = client.get("/health/worker/")
    assert (response.status_code, response.json()) == (
        200, {"status": "ok", "workers": 1, "queued": 1, "oldest_queued_seconds": 0})
    assert client.get("/health/").json() == {"status": "ok", "worker": "ok"}
