"""Issuing and revoking certificates of completion, signed with the node's key."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.training.certificates import STATEMENT_TYPE, sign_certificate
from glacy.training.models import Certificate, Participant
from glacy.training.services.access import require_training_staff
from glacy.training.services.stats import sessions_stats_refresh


def certificate_problem(participant: Participant, *, has_certificate: bool | None = None) -> str:
    """Why a participant cannot (yet) get a certificate, or "" when they can (`has_certificate`: already known,
    saves a query per participant)."""
    course = participant.session.course
    if not participant.full_name:
        return str(_("The participant's name is not recorded (no consent, or erased)."))
    if not participant.attended:
        return str(_("The participant did not attend."))
    passed = participant.post_score is not None and participant.post_score >= course.pass_mark
    if not passed and participant.completed_on is None:
        return str(_("The participant has neither passed the post-test (%(mark)s%%) nor completed the course "
                     "online.") % {"mark": course.pass_mark})
    if has_certificate if has_certificate is not None else hasattr(participant, "certificate"):
        return str(_("A certificate was already issued."))
    return ""


def _statement(participant: Participant, number: str, issued_on: Any, key_fingerprint: str = "") -> dict[str, Any]:
    session = participant.session
    course = session.course
    return {"type": STATEMENT_TYPE, "version": 1, "number": number, "holder": participant.full_name,
            "course": course.title, "course_fr": course.title_fr or course.title, "level": course.level,
            "from": session.activity.start_date.isoformat(), "to": session.activity.end_date.isoformat(),
            "country": session.country_id, "issued_on": issued_on.isoformat(), "issuer": settings.NODE_NAME}


@transaction.atomic
def certificate_issue(*, actor: Any, participant: Participant) -> Certificate:
    """Sign and register a certificate for a participant who attended and passed (or completed online)."""
    participant = Participant.objects.select_for_update().select_related(
        "session__course", "session__activity").get(pk=participant.pk)
    require_training_staff(actor, participant.session.course.authority_id)
    problem = certificate_problem(participant)
    if problem:
        raise ValidationFailed({"participant": [problem]})
    issued_on = timezone.localdate()
    number = f"C-{issued_on:%Y}-{participant.pk.hex[:10].upper()}"
    payload, signature, key_fingerprint = sign_certificate(_statement(participant, number, issued_on))
    certificate = Certificate.objects.create(
        participant=participant, number=number, issued_on=issued_on, statement=payload.decode("utf-8"),
        statement_sha256=hashlib.sha256(payload).hexdigest(), signature=signature, key_fingerprint=key_fingerprint)
    sessions_stats_refresh(sessions=[participant.session])
    record_event(actor=actor, action="training.certificate_issued", obj=certificate,
                 after={"number": number, "statement_sha256": certificate.statement_sha256,
                        "key_fingerprint": key_fingerprint})
    return certificate


@transaction.atomic
def certificates_issue_eligible(*, actor: Any, session: Any) -> list[Certificate]:
    """Issue a certificate to every participant of a session who may have one and has none (bulk)."""
    require_training_staff(actor, session.course.authority_id)
    participants = list(session.participants.select_for_update(of=("self",)).filter(certificate__isnull=True))
    issued_on = timezone.localdate()
    certificates = []
    for participant in participants:
        participant.session = session
        if certificate_problem(participant, has_certificate=False):
            continue
        number = f"C-{issued_on:%Y}-{participant.pk.hex[:10].upper()}"
        payload, signature, key_fingerprint = sign_certificate(_statement(participant, number, issued_on))
        certificates.append(Certificate(
            participant=participant, number=number, issued_on=issued_on, statement=payload.decode("utf-8"),
            statement_sha256=hashlib.sha256(payload).hexdigest(), signature=signature,
            key_fingerprint=key_fingerprint))
    Certificate.objects.bulk_create(certificates)
    sessions_stats_refresh(sessions=[session])
    for certificate in certificates:
        record_event(actor=actor, action="training.certificate_issued", obj=certificate,
                     after={"number": certificate.number, "statement_sha256": certificate.statement_sha256,
                            "key_fingerprint": certificate.key_fingerprint})
    return certificates


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    require_training_staff(actor, certificate.participant.session.course.authority_id)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason for revoking the certificate.")]})
    if certificate.revoked_at is not None:
        raise ValidationFailed({"reason": [_("The certificate is already revoked.")]})
    certificate.revoked_at, certificate.revocation_reason = timezone.now(), reason.strip()
    certificate.save(update_fields=["revoked_at", "revocation_reason", "updated_at"])
    sessions_stats_refresh(sessions=[certificate.participant.session])
    record_event(actor=actor, action="training.certificate_revoked", obj=certificate, after={"reason": reason})
    return certificate
