"""Background jobs of notifications (thin: they call a service). Idempotent: safe to run twice."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from glacy.core.jobs import runs_as_job
from glacy.notifications import services


@task()
@runs_as_job
def deliver_step(*, request_id: str, action: str, actor_id: Any, step_key: str) -> int:
    """Enqueued after a request step commits (services.notify_request_step)."""
    return services.deliver_step(request_id=request_id, action=action, actor_id=actor_id, step_key=step_key)


@task()
@runs_as_job
def deadline_notices() -> int:
    """Enqueued by `glacy notifications deadlines` (cron, e.g. every 15 minutes)."""
    return services.deadline_notices()


@task()
@runs_as_job
def send_digests() -> int:
    """Enqueued by `glacy notifications digest` (cron, e.g. daily at 07:00)."""
    return services.digest_send()
