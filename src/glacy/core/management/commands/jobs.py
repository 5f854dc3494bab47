"""`glacy jobs recover`: queue again the upload jobs whose worker died (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from glacy.core.jobs import STALE_AFTER, upload_jobs_recover


class Command(BaseCommand):
    help = "Background jobs: recover the ones whose worker died."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("recover", help=f"Queue again running jobs without progress for {STALE_AFTER}.")

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = upload_jobs_recover()
        for job_id in recovered:
            self.stdout.write(f"queued again: {job_id}")
        self.stdout.write(f"{len(recovered)} job(s) recovered.")
