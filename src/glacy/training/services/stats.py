"""The per-session totals the yearly figures read (attended, women, tested, score sums), recomputed from the
participants — never adjusted by increments — so they cannot drift; `glacy training recount` rebuilds them all."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from glacy.training.models import Certificate, Participant, Session

TESTED = Q(attended=True, pre_score__isnull=False, post_score__isnull=False)


def sessions_stats_refresh(*, sessions: QuerySet[Session] | list[Session]) -> int:
    """Recompute the totals of `sessions` in one aggregate query and one bulk update. Called inside the
    transaction of the service that changed their participants."""
    ids = [session.pk for session in sessions] if isinstance(sessions, list) else list(
        sessions.values_list("pk", flat=True))
    totals: dict[Any, dict[str, Any]] = {row["session_id"]: row for row in Participant.objects.filter(
        session_id__in=ids).order_by().values("session_id").annotate(
        n_attended=Count("id", filter=Q(attended=True)),
        n_women=Count("id", filter=Q(attended=True, gender="woman")), n_tested=Count("id", filter=TESTED),
        pre_total=Sum("pre_score", filter=TESTED), post_total=Sum("post_score", filter=TESTED))}
    certificates = dict(Certificate.objects.filter(participant__session_id__in=ids, revoked_at__isnull=True)
                        .order_by().values("participant__session_id").annotate(n=Count("id"))
                        .values_list("participant__session_id", "n"))
    updated = []
    for session in Session.objects.filter(pk__in=ids):
        row = totals.get(session.pk, {})
        session.attended_count = row.get("n_attended", 0)
        session.women_count = row.get("n_women", 0)
        session.tested_count = row.get("n_tested", 0)
        session.pre_score_sum = row.get("pre_total") or Decimal(0)
        session.post_score_sum = row.get("post_total") or Decimal(0)
        session.certificate_count = certificates.get(session.pk, 0)
        updated.append(session)
    Session.objects.bulk_update(updated, ["attended_count", "women_count", "tested_count", "pre_score_sum",
                                          "post_score_sum", "certificate_count"], batch_size=1000)
    return len(updated)
