"""Background jobs of legislative reviews (thin: they call a service)."""

from __future__ import annotations

from django_tasks import task

from glacy.core.jobs import runs_as_job
from glacy.legislation.services.jobs import law_import_job_run


@task()
@runs_as_job
def run_law_import_job(job_id: str) -> str:
    return law_import_job_run(job_id=job_id).status
