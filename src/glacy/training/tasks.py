"""Background jobs of training (thin: they call a service)."""

from __future__ import annotations

from django_tasks import task

from glacy.core.jobs import runs_as_job
from glacy.training.services.participants import participants_erase_expired


@task()
@runs_as_job
def erase_expired_personal_data() -> int:
    """Erase the names and e-mail addresses whose retention period has ended (idempotent)."""
    return participants_erase_expired()
