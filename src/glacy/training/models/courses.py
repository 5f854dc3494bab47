"""Judicial training (result R3): courses and their curricula, sessions, trainers, and the knowledge test."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class Course(BaseModel):
    """A course of a curriculum (introductory or advanced; for first responders, judges or prosecutors),
    with its pre/post knowledge test. `moodle_shortname` matches the course in a Moodle completion export."""

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("introductory")
        ADVANCED = "advanced", _("advanced")
        TRAINING_OF_TRAINERS = "tot", _("training of trainers")

    class Audience(models.TextChoices):
        FIRST_RESPONDERS = "first_responders", _("first responders")
        JUDGES = "judges", _("judges")
        PROSECUTORS = "prosecutors", _("prosecutors")
        JUDGES_AND_PROSECUTORS = "judges_prosecutors", _("judges and prosecutors")
        LAW_ENFORCEMENT = "law_enforcement", _("law enforcement")

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="courses")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    curriculum = models.TextField(_("curriculum"), blank=True)
    topics = models.ManyToManyField("programme.Topic", related_name="courses", blank=True, verbose_name=_("topics"))
    moodle_shortname = models.CharField(_("Moodle course short name"), max_length=100, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("post-test pass mark (%)"), default=60)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints: ClassVar = [models.UniqueConstraint(fields=["authority", "code"], name="course_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} – {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title_fr if self.title_fr and (get_language() or "en").startswith("fr") else self.title


class Question(BaseModel):
    """One multiple-choice question of a course's knowledge test (the same test before and after)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))
    text_fr = models.TextField(_("question in French"), blank=True)
    choices = models.JSONField(_("choices"), default=list)
    correct = models.PositiveSmallIntegerField(_("correct choice (from 1)"))
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    class Meta:
        ordering: ClassVar = ["course", "number"]
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        constraints: ClassVar = [models.UniqueConstraint(fields=["course", "number"], name="question_number_unique")]

    def __str__(self) -> str:
        return f"{self.course.code} Q{self.number}"


class Trainer(BaseModel):
    """Someone who teaches sessions. `trained_as` links a trainer who was first a trainee (training of
    trainers), so the programme can count how many of its trainees went on to teach."""

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="trainers")
    full_name = models.CharField(_("full name"), max_length=200)
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("country"))
    trained_as = models.ForeignKey("training.Participant", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="became_trainer", verbose_name=_("trained as participant"))

    class Meta:
        ordering: ClassVar = ["full_name"]
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")

    def __str__(self) -> str:
        return self.full_name


class Session(BaseModel):
    """One delivery of a course: it is a programme activity (type training), in one country."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course"))
    activity = models.OneToOneField("programme.Activity", on_delete=models.PROTECT, related_name="session",
                                    verbose_name=_("activity"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="training_sessions",
                                verbose_name=_("country"))
    trainers = models.ManyToManyField(Trainer, related_name="sessions", blank=True, verbose_name=_("trainers"))
    retention_days = models.PositiveIntegerField(
        _("keep participants' personal data for (days)"), default=3 * 365,
        help_text=_("After this period the participants' names and e-mail addresses are erased; counts, "
                    "scores and certificate numbers stay."))

    # Totals of the session's participants, recomputed by `services.stats.sessions_stats_refresh` whenever a
    # participant or a score changes, so the yearly figures over a million participants read one row per session.
    attended_count = models.PositiveIntegerField(default=0, editable=False)
    women_count = models.PositiveIntegerField(default=0, editable=False)
    tested_count = models.PositiveIntegerField(default=0, editable=False)
    pre_score_sum = models.DecimalField(max_digits=12, decimal_places=2, default=0, editable=False)
    post_score_sum = models.DecimalField(max_digits=12, decimal_places=2, default=0, editable=False)
    certificate_count = models.PositiveIntegerField(default=0, editable=False)  # not revoked

    class Meta:
        ordering: ClassVar = ["-activity__start_date"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.course.code} {self.country_id} {self.activity.start_date:%Y-%m-%d}"
