"""Background jobs (django-tasks): every job runs with the `job` audit channel.

Jobs are thin: they load ids and call a service; they are idempotent so a worker can run one twice
after a crash without changing the outcome.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from glacy.core.context import origin

if TYPE_CHECKING:
    from glacy.core.models import UploadJob

FunctionT = TypeVar("FunctionT", bound=Callable[..., Any])


def runs_as_job(function: FunctionT) -> FunctionT:
    """Mark writes made by `function` as coming from a background job (wrap it before @task)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with origin("job"):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


UploadJobT = TypeVar("UploadJobT", bound="UploadJob")

#: A running job that has recorded no progress for this long lost its worker (killed, machine restarted).
STALE_AFTER = datetime.timedelta(minutes=15)

#: Upload jobs and the task that runs each, as dotted paths (core does not import domain apps).
UPLOAD_JOBS = (
    ("glacy.evidence.models.IngestJob", "glacy.evidence.tasks.run_ingest_job"),
    ("glacy.legislation.models.LawImportJob", "glacy.legislation.tasks.run_law_import_job"),
)


def upload_job_claim(model: type[UploadJobT], job_id: str) -> tuple[UploadJobT, bool]:
    """Lock the job and move it from queued to running; False when another run already took it (idempotence)."""
    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=job_id)  # type: ignore[attr-defined]
        is_stale = job.status == job.Status.RUNNING and job.updated_at < timezone.now() - STALE_AFTER
        if job.status != job.Status.QUEUED and not is_stale:
            return job, False
        job.status = job.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    return job, True


def upload_jobs_recover() -> list[str]:
    """Queue again every running job whose worker died (no progress for STALE_AFTER); returns their ids.

    Safe to run at any time (cron): a job still making progress is not stale, and a job's own claim checks
    staleness again under a lock, so two workers never run one job at once.
    """
    from django.utils import timezone
    from django.utils.module_loading import import_string

    recovered = []
    limit = timezone.now() - STALE_AFTER
    for model_path, task_path in UPLOAD_JOBS:
        model, task = import_string(model_path), import_string(task_path)
        for job_id in model.objects.filter(status="running", updated_at__lt=limit).values_list("pk", flat=True):
            task.enqueue(job_id=str(job_id))
            recovered.append(str(job_id))
    return recovered
