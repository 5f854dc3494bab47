"""Reads of evidence, scoped: an exhibit is visible to its custodians and to the team of its case, within
the case's authority (ARCHITECTURE.md §4). Everyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from glacy.evidence.models import EvidenceItem


def evidence_for_user(*, user: Any) -> QuerySet[EvidenceItem]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return EvidenceItem.objects.none()
    return EvidenceItem.objects.filter(case__authority_id=user.authority_id).filter(
        Q(custodians=user) | Q(case__team=user)).distinct().select_related("case")
