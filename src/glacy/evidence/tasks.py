"""Background jobs of the evidence vault (thin: they call a service)."""

from __future__ import annotations

from django_tasks import task

from glacy.core.jobs import runs_as_job
from glacy.evidence.services.jobs import ingest_job_run


@task()
@runs_as_job
def run_ingest_job(job_id: str) -> str:
    return ingest_job_run(job_id=job_id).status
