"""`glacy jobs recover` (cron: queue again jobs whose worker died) and `glacy jobs status` (monitoring)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.health import worker_health
from glacy.core.jobs import STALE_AFTER, upload_jobs_recover


class Command(BaseCommand):
    help = "Background jobs: recover the ones whose worker died; show whether the workers take jobs."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("recover", help=f"Queue again running jobs without progress for {STALE_AFTER}.")
        status = actions.add_parser("status", help="Workers and queue; exits with 1 unless the status is ok.")
        status.add_argument("--json", action="store_true", help="Print the status as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            self._status(as_json=options["json"])
            return
        recovered = upload_jobs_recover()
        for job_id in recovered:
            self.stdout.write(f"queued again: {job_id}")
        self.stdout.write(f"{len(recovered)} job(s) recovered.")

    def _status(self, *, as_json: bool) -> None:
        health = worker_health()
        if as_json:
            self.stdout.write(json.dumps({**health.public_summary(), "workers": [
                {"worker_id": worker.worker_id, "host": worker.host, "pid": worker.pid, "state": worker.state,
                 "seconds_since_beat": worker.seconds_since_beat, "task": worker.task_name,
                 "task_seconds": worker.task_seconds} for worker in health.workers]}))
        else:
            waiting = f", oldest waiting {health.oldest_queued_seconds} s" if health.queued else ""
            self.stdout.write(f"status: {health.status} ({health.queued} job(s) queued{waiting})")
            for worker in health.workers:
                task = f", running {worker.task_name} for {worker.task_seconds} s" if worker.task_name else ""
                self.stdout.write(f"worker {worker.host}:{worker.pid} {worker.state}, last heartbeat "
                                  f"{worker.seconds_since_beat} s ago{task}")
        if not health.is_healthy:
            raise CommandError(f"worker status is {health.status}", returncode=1)
