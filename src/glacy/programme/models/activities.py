"""Activities: the capacity-building work delivered under a project, with who took part and what came of it."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel
from glacy.programme.models.projects import Project, Result
from glacy.programme.models.vocabulary import ActivityFormat, ActivityType, Gender, InstitutionType, Topic


class Activity(BaseModel):
    """One activity (a training course, a legislative workshop, an exercise…) in one or more countries.

    `reference` is the human key used in spreadsheets (unique per project); `year` is the year of the start
    date, kept as a column so every yearly figure is one indexed query.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="activities",
                                verbose_name=_("project"))
    reference = models.CharField(_("reference"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    activity_type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    topics = models.ManyToManyField(Topic, related_name="activities", blank=True, verbose_name=_("topics"))
    results = models.ManyToManyField(Result, related_name="activities", blank=True,
                                     verbose_name=_("expected results served"))
    countries = models.ManyToManyField("directory.Country", related_name="programme_activities", blank=True,
                                       verbose_name=_("countries"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True, editable=False)
    activity_format = models.CharField(_("format"), max_length=10, choices=ActivityFormat.choices,
                                       default=ActivityFormat.IN_PERSON)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    outputs = models.TextField(_("outputs (documents)"), blank=True,
                               help_text=_("One document per line: title, and a link if there is one."))

    class Meta:
        ordering: ClassVar = ["-start_date", "reference"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["project", "reference"], name="activity_reference_unique"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="activity_ends_after_start",
                                   violation_error_message=_("The activity ends before it starts.")),
        ]
        indexes: ClassVar = [models.Index(fields=["year", "activity_type"], name="activity_year_type")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.year = self.start_date.year
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Participation(models.Model):
    """How many people of one institution type and gender took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participation")
    institution_type = models.CharField(_("institution type"), max_length=20, choices=InstitutionType.choices)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    count = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints: ClassVar = [models.UniqueConstraint(fields=["activity", "institution_type", "gender"],
                                                         name="participation_once_per_group")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.institution_type}/{self.gender}: {self.count}"


class ActivityTally(models.Model):
    """How many activities (and participants) one project had in one year of one type, in total
    (`dimension` "all") and per country, region, topic and expected result.

    Derived data, rebuilt by `programme.tallies.tallies_refresh` in the transaction of every activity write (and by
    `glacy programme recount`), so the dashboard and the yearly report read a few thousand rows instead of
    every activity. Activities of one project, year and type are counted once per country, region, topic or
    result whatever the number of their countries or topics, so sums over projects, years and types are exact.
    `region` "" holds every activity; a region's own rows hold only the activities in one of its countries
    (for the dashboard's region filter).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    activity_type = models.CharField(max_length=20, choices=ActivityType.choices)
    region = models.CharField(max_length=20, blank=True)
    dimension = models.CharField(max_length=8)  # all, country, region, topic, result
    value = models.CharField(max_length=40, blank=True)
    activities = models.PositiveIntegerField()
    participants = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(
            fields=["project", "year", "activity_type", "region", "dimension", "value"], name="one_tally_per_cell")]
        indexes: ClassVar = [models.Index(fields=["region", "dimension", "year"], name="tally_region_dimension_year")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year} {self.activity_type} {self.dimension}={self.value}: {self.activities}"
