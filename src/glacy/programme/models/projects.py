"""Programmes and projects with their donors, budgets and results framework (objective → results →
indicators with baseline, target, milestones and actual values)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel
from glacy.programme.models.vocabulary import FundingType, ProjectStatus


def _in_language(english: str, french: str) -> str:
    return french if french and (get_language() or "en").startswith("fr") else english


class Donor(BaseModel):
    """An organisation that funds projects (the European Union, a State giving a voluntary contribution…).

    `iati_ref` is its IATI organisation identifier; `iati_type` its IATI OrganisationType code.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    iati_ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)
    iati_type = models.CharField(_("IATI organisation type"), max_length=3, default="10")

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return _in_language(self.name, self.name_fr)


class Project(BaseModel):
    """A programme or project run by the programme office (`authority`), e.g. GLACY-e or Octopus."""

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="projects",
                                  verbose_name=_("managing office"))
    code = models.CharField(_("short name"), max_length=40)
    iati_identifier = models.CharField(_("IATI identifier"), max_length=150, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    objective = models.TextField(_("overall objective"), blank=True)
    funding_type = models.CharField(_("funding type"), max_length=20, choices=FundingType.choices)
    donors = models.ManyToManyField(Donor, related_name="projects", blank=True, verbose_name=_("donors"))
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=1, choices=ProjectStatus.choices,
                              default=ProjectStatus.IMPLEMENTATION)
    countries = models.ManyToManyField("directory.Country", related_name="projects", blank=True,
                                       verbose_name=_("countries"))
    regions = models.JSONField(_("regions"), default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["authority", "code"], name="project_code_unique_per_office"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="project_ends_after_start",
                                   violation_error_message=_("The project ends before it starts.")),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def display_title(self) -> str:
        return _in_language(self.title, self.title_fr)


class Result(BaseModel):
    """An expected result of a project (R1–R7 for GLACY-type projects), serving the project's objective."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["project", "code"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        constraints: ClassVar = [models.UniqueConstraint(fields=["project", "code"], name="result_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} – {self.display_title}"

    @property
    def display_title(self) -> str:
        return _in_language(self.title, self.title_fr)


class Indicator(BaseModel):
    """How progress towards a result is measured. `source` names the live figure that computes the actual
    value from the platform's records (see `programme.metrics`); "entered" means staff enter it each year."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicator"), max_length=300)
    title_fr = models.CharField(_("indicator in French"), max_length=300, blank=True)
    source = models.CharField(_("source of the actual value"), max_length=40, default="entered")
    is_percentage = models.BooleanField(_("measured as a percentage"), default=False)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    means_of_verification = models.TextField(_("means of verification"), blank=True)

    class Meta:
        ordering: ClassVar = ["result", "title"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return _in_language(self.title, self.title_fr)

    @property
    def display_title(self) -> str:
        return _in_language(self.title, self.title_fr)


class IndicatorValue(BaseModel):
    """A milestone (planned value for a year) or an actual value entered by staff, with its evidence."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", _("milestone")
        ACTUAL = "actual", _("actual value")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("evidence or comment"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering: ClassVar = ["indicator", "kind", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints: ClassVar = [models.UniqueConstraint(fields=["indicator", "kind", "year"],
                                                         name="one_indicator_value_per_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class Budget(BaseModel):
    """A budget line of a project for a period (IATI budget)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering: ClassVar = ["project", "period_start"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.project} {self.period_start}–{self.period_end}: {self.value}"


class Transaction(BaseModel):
    """Money received or spent by a project (IATI transaction; `kind` is the IATI TransactionType code)."""

    class Kind(models.TextChoices):
        INCOMING_FUNDS = "1", _("incoming funds")
        COMMITMENT = "2", _("outgoing commitment")
        DISBURSEMENT = "3", _("disbursement")
        EXPENDITURE = "4", _("expenditure")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transactions")
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="transactions",
                              verbose_name=_("provided by"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["project", "date"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")

    def __str__(self) -> str:
        return f"{self.project} {self.date} {self.get_kind_display()} {self.value}"


class ProgrammeYear(BaseModel):
    """What the programme office states about one year that no other record holds: its staff and the
    highlights written for the yearly report (in English and French)."""

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="programme_years")
    year = models.PositiveSmallIntegerField(_("year"))
    staff = models.PositiveIntegerField(_("staff"))
    highlights_en = models.TextField(_("highlights (English)"), blank=True)
    highlights_fr = models.TextField(_("highlights (French)"), blank=True)

    class Meta:
        ordering: ClassVar = ["-year"]
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")
        constraints: ClassVar = [models.UniqueConstraint(fields=["authority", "year"], name="one_programme_year")]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}"


class ProgrammeAccess(BaseModel):
    """Read access to programme data given by a programme office to someone outside its staff: a country
    focal point sees the activities, training and results of one country; a donor sees its own projects."""

    class Kind(models.TextChoices):
        FOCAL_POINT = "focal_point", _("country focal point")
        DONOR = "donor", _("donor representative")

    authority = models.ForeignKey("directory.Authority", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("granted by"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_access")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = models.ForeignKey("directory.Country", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("country"))
    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                              verbose_name=_("donor"))

    class Meta:
        verbose_name = _("programme access")
        verbose_name_plural = _("programme access")
        constraints: ClassVar = [
            models.CheckConstraint(name="access_names_its_scope", condition=(
                models.Q(kind="focal_point", country__isnull=False, donor__isnull=True)
                | models.Q(kind="donor", donor__isnull=False, country__isnull=True))),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"
