"""Participants of training sessions (minimal personal data, consent, retention), their test attempts,
evaluations and certificates."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel
from glacy.programme.models.vocabulary import Gender, InstitutionType

SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class Participant(BaseModel):
    """A person trained in a session. Personal data is minimal: a name (for the certificate) and, optionally,
    an e-mail address (to match a Moodle export), kept only with recorded consent and only until
    `retention_until`; then `training cleanup` erases both and keeps the anonymous counts and scores.

    `pre_score` and `post_score` (percent) copy the scores of the test attempts so that knowledge gain over a
    million participants is one aggregate query.
    """

    class Source(models.TextChoices):
        ENTERED = "entered", _("entered by staff")
        MOODLE = "moodle", _("Moodle completion export")

    session = models.ForeignKey("training.Session", on_delete=models.PROTECT, related_name="participants")
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    institution_type = models.CharField(_("institution type"), max_length=20, choices=InstitutionType.choices)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    retention_until = models.DateField(_("personal data kept until"), db_index=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=True)
    pre_score = models.DecimalField(_("pre-test score (%)"), max_digits=5, decimal_places=2, null=True,
                                    blank=True, validators=SCORE)
    post_score = models.DecimalField(_("post-test score (%)"), max_digits=5, decimal_places=2, null=True,
                                     blank=True, validators=SCORE)
    completed_on = models.DateField(_("course completed"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.ENTERED)

    class Meta:
        ordering: ClassVar = ["session", "full_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints: ClassVar = [
            # Personal data only with consent (GDPR Art. 6(1)(a) reading; Convention 108+ Art. 5(2)).
            models.CheckConstraint(name="personal_data_needs_consent", condition=(
                models.Q(full_name="", email="") | models.Q(consent_at__isnull=False)),
                violation_error_message=_("A name or an e-mail address is kept only with the participant's "
                                          "consent.")),
        ]

    def __str__(self) -> str:
        return self.full_name or str(_("participant (name erased)"))

    @property
    def knowledge_gain(self) -> object:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class TestAttempt(BaseModel):
    """A participant's answers to the course test before (pre) or after (post) the session, and the score."""

    class Phase(models.TextChoices):
        PRE = "pre", _("pre-test")
        POST = "post", _("post-test")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attempts")
    phase = models.CharField(_("phase"), max_length=4, choices=Phase.choices)
    answers = models.JSONField(_("answers"), default=dict)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, validators=SCORE)

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        constraints: ClassVar = [models.UniqueConstraint(fields=["participant", "phase"], name="one_attempt_per_phase")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.phase}: {self.score}"


class Evaluation(BaseModel):
    """An anonymous evaluation form returned at the end of a session (1 = poor … 5 = excellent)."""

    session = models.ForeignKey("training.Session", on_delete=models.CASCADE, related_name="evaluations")
    relevance = models.PositiveSmallIntegerField(_("relevance to my work"),
                                                 validators=[MinValueValidator(1), MaxValueValidator(5)])
    quality = models.PositiveSmallIntegerField(_("quality of the training"),
                                               validators=[MinValueValidator(1), MaxValueValidator(5)])
    would_recommend = models.BooleanField(_("would recommend it to a colleague"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.session_id} {self.relevance}/{self.quality}"


class Certificate(BaseModel):
    """A certificate of completion signed with the node's Ed25519 key.

    `statement` is the canonical JSON that was signed; the QR code carries it with the signature, so anyone
    with the node's public key can check it offline. When the participant's retention period ends the
    statement is erased here (it names the person) and only its SHA-256 stays, so the register can still
    answer for a certificate its holder presents.
    """

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    statement = models.TextField(_("signed statement"), blank=True)
    statement_sha256 = models.CharField(max_length=64, db_index=True)
    signature = models.CharField(_("signature"), max_length=100)
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["-issued_on", "number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number
