"""Background jobs of the programme (thin: they call a service)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from glacy.core.jobs import runs_as_job
from glacy.programme.tallies import tallies_refresh


@task()
@runs_as_job
def recount_tallies() -> int:
    """Rebuild every activity tally (after a restore, or when countries changed region)."""
    with transaction.atomic():
        return tallies_refresh()
