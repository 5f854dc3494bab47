"""Human references for cases and requests, e.g. GH-CASE-2026-0007 and GH-MLA-2026-0042.

Numbers are allocated under a row lock, so two workers never hand out the same number.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from glacy.cooperation.models import CaseSequence


def next_reference(*, authority: Any, kind: str) -> str:
    """Allocate the next reference of `kind` (CASE, MLA, PRES, ORD, ...) for the authority this year."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference must run inside the transaction that stores the reference.")
    year = timezone.now().year
    sequence, _created = CaseSequence.objects.select_for_update().get_or_create(
        country_code=authority.country_id, kind=kind, year=year,
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{authority.country_id}-{kind}-{year}-{sequence.last_number:04d}"
