"""Background jobs (django-tasks): every job runs with the `job` audit channel.

Jobs are thin: they load ids and call a service; they are idempotent so a worker can run one twice
after a crash without changing the outcome.
"""

from __future__ import annotations

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


def upload_job_claim(model: type[UploadJobT], job_id: str) -> tuple[UploadJobT, bool]:
    """Lock the job and move it from queued to running; False when another run already took it (idempotence)."""
    from django.db import transaction

    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=job_id)  # type: ignore[attr-defined]
        if job.status != job.Status.QUEUED:
            return job, False
        job.status = job.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    return job, True


def domain_error_text(error: Exception) -> str:
    """A service's refusal as one sentence for a job's error field (field messages joined)."""
    errors = getattr(error, "errors", None)
    return " ".join(" ".join(texts) for texts in errors.values()) if errors else str(getattr(error, "message", error))
