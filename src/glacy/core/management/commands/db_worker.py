"""`glacy db_worker`: django-tasks-db's worker command, running the worker that survives database errors.

It replaces the library's command of the same name (glacy.core comes before django_tasks_db in
INSTALLED_APPS), so every existing instruction to run `glacy db_worker` gets it. Two differences besides the
worker itself (core/worker.py): `--reload` is off unless asked for (reloading runs the worker in a thread
of a process that outlives it), and `--heartbeat` sets how often the worker reports to the health check.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from glacy.core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run a background worker (evidence ingests, law imports, reminders); it reports to /health/worker/."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
        parser.add_argument("--heartbeat", type=db_worker.valid_interval,
                            default=settings.GLACY_WORKER_HEARTBEAT_SECONDS,
                            help="Seconds between two heartbeats (default: %(default)r).")

    def handle(self, *, verbosity: int, queue_name: str, interval: float, batch: bool,  # type: ignore[override]
               backend_name: str, startup_delay: bool, reload: bool, max_tasks: int | None, worker_id: str,
               exclude_queues: str, heartbeat: float, **options: Any) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=excluded_queue_names, heartbeat_interval=heartbeat,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
