"""Background jobs of the cooperation app (thin: they call a service)."""

from __future__ import annotations

from django_tasks import task

from glacy.cooperation.reminders import reminders_send
from glacy.core.jobs import runs_as_job


@task()
@runs_as_job
def send_due_reminders() -> int:
    """Scheduled by `glacy requests remind` (cron) — idempotent, safe to run on several workers."""
    return reminders_send()
