"""Is the background worker alive and taking jobs? Read from the workers' heartbeats and the job queue.

Statuses, worst first:
- `down`: no worker has reported within `GLACY_WORKER_STALE_SECONDS` (none started, all killed, or none can
  reach the database);
- `stuck`: workers report, but none of their loops has looked for work within that time while not running
  a task (the loop died inside a live process);
- `backlog`: a job has waited longer than `GLACY_WORKER_BACKLOG_SECONDS` (workers too busy or too few);
- `ok`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

HEALTHY = "ok"


@dataclass(frozen=True)
class WorkerState:
    """One worker as the health check sees it."""

    worker_id: str
    host: str
    pid: int
    state: str  # "idle", "running", "stuck" or "gone"
    seconds_since_beat: int
    task_name: str
    task_seconds: int | None


@dataclass(frozen=True)
class WorkerHealth:
    status: str
    queued: int
    oldest_queued_seconds: int | None
    workers: list[WorkerState] = field(default_factory=list)

    @property
    def is_healthy(self) -> bool:
        return self.status == HEALTHY

    def public_summary(self) -> dict[str, Any]:
        """What an unauthenticated monitor may see: no host names, process ids or task names."""
        return {
            "status": self.status,
            "workers": sum(1 for worker in self.workers if worker.state in {"idle", "running"}),
            "queued": self.queued,
            "oldest_queued_seconds": self.oldest_queued_seconds,
        }


def _seconds(delta: datetime.timedelta) -> int:
    return max(0, int(delta.total_seconds()))


def worker_health(*, now: datetime.datetime | None = None) -> WorkerHealth:
    """The worker status of this node (see the module docstring)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    from glacy.core.models import WorkerHeartbeat

    now = now or timezone.now()
    stale = datetime.timedelta(seconds=settings.GLACY_WORKER_STALE_SECONDS)
    workers = []
    for beat in WorkerHeartbeat.objects.order_by("started_at"):
        if now - beat.beat_at > stale:
            state = "gone"
        elif beat.task_started_at is not None:
            state = "running"
        elif now - beat.loop_at > stale:
            state = "stuck"
        else:
            state = "idle"
        workers.append(WorkerState(
            worker_id=beat.worker_id, host=beat.host, pid=beat.pid, state=state,
            seconds_since_beat=_seconds(now - beat.beat_at), task_name=beat.task_name,
            task_seconds=_seconds(now - beat.task_started_at) if beat.task_started_at else None))

    ready = DBTaskResult.objects.ready()
    queued = ready.count()
    date_max = get_date_max()
    waiting_since = [max(enqueued_at, run_after) if run_after != date_max else enqueued_at
                     for enqueued_at, run_after in ready.order_by("enqueued_at").values_list("enqueued_at",
                                                                                             "run_after")[:100]]
    oldest = _seconds(now - min(waiting_since)) if waiting_since else None

    states = {worker.state for worker in workers}
    if not states & {"idle", "running", "stuck"}:
        status = "down"
    elif not states & {"idle", "running"}:
        status = "stuck"
    elif oldest is not None and oldest > settings.GLACY_WORKER_BACKLOG_SECONDS:
        status = "backlog"
    else:
        status = HEALTHY
    return WorkerHealth(status=status, queued=queued, oldest_queued_seconds=oldest, workers=workers)


def heartbeats_forget_gone(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Remove heartbeats of workers silent for a day (crashed long ago); returns how many."""
    from glacy.core.models import WorkerHeartbeat

    deleted, _counts = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - older_than).delete()
    return deleted
