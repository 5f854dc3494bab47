"""The background worker (`glacy db_worker`): django-tasks-db's worker made to outlive database errors.

The stock loop lets an error such as "database is locked" escape: the worker then stops taking jobs (with
`--reload`, the default when DEBUG is on, only its thread dies and the process stays up), and every later
job stays queued until someone restarts it. Here:

- an error while looking for or claiming a job pauses the loop (1 s, doubling up to 30 s) and the loop goes on;
- marking a job done or failed is retried until the database answers, so a finished job never stays
  "running" because the database was busy at that moment;
- a heartbeat thread records every few seconds that the process is alive, when its loop last looked for work
  and which task it is running (`WorkerHeartbeat`), so `/health/worker/` and `glacy jobs status` can tell a
  dead or stuck worker from a busy one.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

logger = logging.getLogger("glacy.worker")

#: Longest pause after an error, in seconds.
LONGEST_PAUSE = 30.0


class ResilientWorker(Worker):
    """A django-tasks-db worker whose loop survives database errors and reports a heartbeat."""

    def __init__(self, *, heartbeat_interval: float, **options: Any) -> None:
        super().__init__(**options)
        self.heartbeat_interval = heartbeat_interval
        self.loop_at = timezone.now()
        self.started_at = self.loop_at
        self.current_task: tuple[str, Any] | None = None
        self._stop_heartbeat = threading.Event()
        self._pause = 0.0

    # -- the loop ---------------------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        heartbeat = threading.Thread(target=self._beat_until_stopped, name="glacy-worker-heartbeat", daemon=True)
        heartbeat.start()
        try:
            self._loop()
        finally:
            self._stop_heartbeat.set()
            heartbeat.join(timeout=self.heartbeat_interval + 5)

    def _loop(self) -> None:
        while self.running:
            self.loop_at = timezone.now()
            try:
                close_old_connections()
                task_result = self._claim_next()
            except Exception as error:  # whatever happens, the loop goes on (see the module docstring)
                self._pause_after(error)
                continue
            self._pause = 0.0
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks,
                            self.worker_id)
                return
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _claim_next(self) -> DBTaskResult | None:
        """Lock the next ready job and mark it as this worker's, in one short exclusive transaction."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def _pause_after(self, error: Exception) -> None:
        self._pause = min(LONGEST_PAUSE, self._pause * 2 or 1.0)
        logger.warning("Worker %s could not look for work (%s: %s); trying again in %.0f s.", self.worker_id,
                       type(error).__name__, error, self._pause, exc_info=not isinstance(error, DatabaseError))
        _forget_connection()
        time.sleep(self._pause)

    # -- one task ---------------------------------------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        for method_name in ("set_successful", "set_failed"):
            method = getattr(db_task_result, method_name)
            setattr(db_task_result, method_name, self._until_recorded(method))
        self.current_task = (db_task_result.task_path, timezone.now())
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task = None
            self.loop_at = timezone.now()

    def _until_recorded(self, method: Callable[..., None]) -> Callable[..., None]:
        """Retry recording a job's outcome while the database refuses (the job itself is not run again)."""

        def record(*args: Any, **kwargs: Any) -> None:
            pause = 0.0
            while True:
                try:
                    method(*args, **kwargs)
                    return
                except DatabaseError as error:
                    if not self.running:
                        raise
                    pause = min(LONGEST_PAUSE, pause * 2 or 1.0)
                    logger.warning("Worker %s could not record a job's outcome (%s); trying again in %.0f s.",
                                   self.worker_id, error, pause)
                    _forget_connection()
                    time.sleep(pause)

        return record

    # -- heartbeat --------------------------------------------------------------------------------------

    def _beat_until_stopped(self) -> None:
        from glacy.core.health import heartbeats_forget_gone

        host, pid = socket.gethostname()[:255], os.getpid()
        try:
            try:
                heartbeats_forget_gone()
            except DatabaseError as error:
                logger.warning("Worker %s could not clear old heartbeats (%s).", self.worker_id, error)
            while not self._stop_heartbeat.is_set():
                try:
                    self._beat(host, pid)
                except DatabaseError as error:
                    logger.warning("Worker %s could not record its heartbeat (%s).", self.worker_id, error)
                    _forget_connection()
                self._stop_heartbeat.wait(self.heartbeat_interval)
            _remove_heartbeat(self.worker_id)
        finally:
            connection.close()

    def _beat(self, host: str, pid: int) -> None:
        from glacy.core.models import WorkerHeartbeat

        task = self.current_task
        WorkerHeartbeat.objects.update_or_create(worker_id=self.worker_id, defaults={
            "host": host, "pid": pid, "started_at": self.started_at, "beat_at": timezone.now(),
            "loop_at": self.loop_at, "task_name": task[0][:255] if task else "",
            "task_started_at": task[1] if task else None,
        })


def _forget_connection() -> None:
    """Drop this thread's database connection after an error, unless a transaction still needs it."""
    if not connection.in_atomic_block:
        connection.close()


def _remove_heartbeat(worker_id: str) -> None:
    """A worker that stops on purpose leaves no heartbeat behind (a crashed one's simply grows old)."""
    from glacy.core.models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
    except DatabaseError as error:
        logger.warning("Worker %s could not remove its heartbeat (%s).", worker_id, error)
