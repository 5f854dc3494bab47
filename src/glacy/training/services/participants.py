"""Writes of participants (consent and retention), test attempts, evaluations, and the retention cleanup."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event, snapshot
from glacy.core.errors import ValidationFailed
from glacy.core.services import validate_instance
from glacy.training.models import Certificate, Evaluation, Participant, Session, TestAttempt
from glacy.training.services.access import require_training_staff
from glacy.training.services.stats import sessions_stats_refresh

PARTICIPANT_FIELDS = ("full_name", "email", "institution_type", "gender", "attended")


def retention_end(session: Session) -> datetime.date:
    return session.activity.end_date + datetime.timedelta(days=session.retention_days)


def _build(session: Session, data: Mapping[str, Any], *, has_consent: bool, now: datetime.datetime) -> Participant:
    unknown = sorted(set(data) - set(PARTICIPANT_FIELDS))
    if unknown:
        raise ValidationFailed({name: [_("This field cannot be set here.")] for name in unknown})
    participant = Participant(session=session, **data)
    if (participant.full_name or participant.email) and not has_consent:
        raise ValidationFailed({"consent": [_("Record the participant's consent before storing a name or an e-mail "
                                              "address, or leave both empty.")]})
    participant.consent_at = now if has_consent else None
    participant.retention_until = retention_end(session)
    # The session is the caller's and consent was checked above: field checks only, no query per participant.
    try:
        participant.full_clean(exclude=["session"], validate_constraints=False)
    except DjangoValidationError as error:
        raise ValidationFailed(error.message_dict) from error
    return participant


@transaction.atomic
def participant_add(*, actor: Any, session: Session, data: Mapping[str, Any], has_consent: bool) -> Participant:
    """Record a participant. A name or e-mail address is kept only with consent, until the session's retention
    period ends."""
    require_training_staff(actor, session.course.authority_id)
    participant = _build(session, data, has_consent=has_consent, now=timezone.now())
    participant.save()
    sessions_stats_refresh(sessions=[session])
    record_event(actor=actor, action="training.participant_added", obj=participant,
                 after={**snapshot(participant, ("institution_type", "gender", "attended", "retention_until")),
                        "has_personal_data": bool(participant.full_name or participant.email),
                        "consent_at": participant.consent_at})
    return participant


@transaction.atomic
def participants_add_many(*, actor: Any, session: Session, rows: Sequence[Mapping[str, Any]],
                          has_consent: bool) -> list[Participant]:
    """Record a list of participants at once (bulk insert, one audit event for the list)."""
    require_training_staff(actor, session.course.authority_id)
    now = timezone.now()
    participants = [_build(session, row, has_consent=has_consent, now=now) for row in rows]
    Participant.objects.bulk_create(participants)
    sessions_stats_refresh(sessions=[session])
    record_event(actor=actor, action="training.participants_added", obj=session,
                 after={"count": len(participants), "ids": [str(item.pk) for item in participants]})
    return participants


def score_answers(session: Session, answers: Mapping[str, int], questions: list[Any] | None = None
                  ) -> decimal.Decimal:
    """The percentage of points earned; `answers` maps question numbers (as text) to the chosen choice
    (`questions`: the course's questions when the caller already has them)."""
    questions = questions if questions is not None else list(session.course.questions.all())
    if not questions:
        raise ValidationFailed({"answers": [_("This course has no test questions.")]})
    numbers = {str(question.number) for question in questions}
    unknown = sorted(set(answers) - numbers)
    if unknown:
        raise ValidationFailed({"answers": [_("Unknown question: %(numbers)s.") % {"numbers": ", ".join(unknown)}]})
    total = sum(question.points for question in questions)
    earned = sum(question.points for question in questions if answers.get(str(question.number)) == question.correct)
    return (decimal.Decimal(100) * earned / total).quantize(decimal.Decimal("0.01"))


@transaction.atomic
def test_attempt_record(*, actor: Any, participant: Participant, phase: str, answers: Mapping[str, int]
                        ) -> TestAttempt:
    """Score a participant's pre- or post-test and keep the score on the participant for the aggregates."""
    require_training_staff(actor, participant.session.course.authority_id)
    if phase not in TestAttempt.Phase.values:
        raise ValidationFailed({"phase": [_("Choose the pre-test or the post-test.")]})
    score = score_answers(participant.session, answers)
    attempt, created = TestAttempt.objects.update_or_create(
        participant=participant, phase=phase, defaults={"answers": dict(answers), "score": score})
    setattr(participant, f"{phase}_score", score)
    participant.save(update_fields=[f"{phase}_score", "updated_at"])
    sessions_stats_refresh(sessions=[participant.session])
    record_event(actor=actor, action="training.test_recorded", obj=attempt,
                 after={"phase": phase, "score": score, "replaced": not created})
    return attempt


@transaction.atomic
def evaluation_add(*, actor: Any, session: Session, relevance: int, quality: int, would_recommend: bool,
                   comment: str = "") -> Evaluation:
    require_training_staff(actor, session.course.authority_id)
    evaluation = Evaluation(session=session, relevance=relevance, quality=quality, would_recommend=would_recommend,
                            comment=comment)
    validate_instance(evaluation)
    evaluation.save()
    record_event(actor=actor, action="training.evaluation_added", obj=evaluation,
                 after=snapshot(evaluation, ("relevance", "quality", "would_recommend")))
    return evaluation


@transaction.atomic
def evaluations_add_many(*, actor: Any, session: Session, forms: Sequence[Mapping[str, Any]]) -> list[Evaluation]:
    """Record a pile of evaluation forms of one session (bulk insert, one audit event)."""
    require_training_staff(actor, session.course.authority_id)
    evaluations = []
    for form in forms:
        evaluation = Evaluation(session=session, relevance=form["relevance"], quality=form["quality"],
                                would_recommend=form["would_recommend"], comment=form.get("comment", ""))
        validate_instance(evaluation, exclude=["session"])
        evaluations.append(evaluation)
    Evaluation.objects.bulk_create(evaluations)
    record_event(actor=actor, action="training.evaluations_added", obj=session, after={"count": len(evaluations)})
    return evaluations


@transaction.atomic
def participants_erase_expired(*, actor: Any = None, today: datetime.date | None = None) -> int:
    """Erase the names and e-mail addresses (and the certificate statements that name them) of participants
    whose retention period has ended; counts, scores and certificate numbers stay. Idempotent."""
    day = today or timezone.localdate()
    expired = Participant.objects.select_for_update().filter(retention_until__lt=day, erased_at__isnull=True)
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    Participant.objects.filter(pk__in=ids).update(full_name="", email="", erased_at=now, updated_at=now)
    Certificate.objects.filter(participant_id__in=ids).update(statement="", updated_at=now)
    record_event(actor=actor, action="training.personal_data_erased", object_type="training.participant",
                 object_repr=f"{len(ids)} participants", after={"count": len(ids), "before": day,
                                                                "ids": [str(pk) for pk in ids]})
    return len(ids)


@transaction.atomic
def test_attempts_record_many(*, actor: Any, session: Session, phase: str,
                              answers: Mapping[Participant, Mapping[str, int]]) -> int:
    """Score one phase of the test for many participants of a session at once (one audit event)."""
    require_training_staff(actor, session.course.authority_id)
    if phase not in TestAttempt.Phase.values:
        raise ValidationFailed({"phase": [_("Choose the pre-test or the post-test.")]})
    if any(participant.session_id != session.pk for participant in answers):
        raise ValidationFailed({"participant": [_("Every participant must belong to the session.")]})
    questions = list(session.course.questions.all())
    scored = {participant: score_answers(session, given, questions) for participant, given in answers.items()}
    TestAttempt.objects.filter(participant__in=list(scored), phase=phase).delete()
    TestAttempt.objects.bulk_create([
        TestAttempt(participant=participant, phase=phase, answers=dict(answers[participant]), score=score)
        for participant, score in scored.items()])
    for participant, score in scored.items():
        setattr(participant, f"{phase}_score", score)
    Participant.objects.bulk_update(list(scored), [f"{phase}_score"])
    sessions_stats_refresh(sessions=[session])
    record_event(actor=actor, action="training.tests_recorded", obj=session,
                 after={"phase": phase, "count": len(scored)})
    return len(scored)
