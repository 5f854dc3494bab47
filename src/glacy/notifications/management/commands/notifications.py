"""`glacy notifications deadlines|digest [--now]`: queue (or run) the scheduled notification jobs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from glacy.core.context import origin
from glacy.notifications import services, tasks


class Command(BaseCommand):
    help = "Queue the deadline notices or the e-mail digests for the worker (run it from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["deadlines", "digest"])
        parser.add_argument("--now", action="store_true", help="Run here and now instead of queueing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        job = options["job"]
        if options["now"]:
            with origin("cli"):
                done = services.deadline_notices() if job == "deadlines" else services.digest_send()
            self.stdout.write(f"{job}: {done}")
            return
        (tasks.deadline_notices if job == "deadlines" else tasks.send_digests).enqueue()
        self.stdout.write(f"{job}: queued")
