"""The treaties as data: instruments, their articles, who is bound by them and with which reservations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


def _in_language(english: str, french: str) -> str:
    return french if french and (get_language() or "en").startswith("fr") else english


#: The instruments the platform ships as data: the Convention on Cybercrime and its two Protocols.
INSTRUMENT_CODES = ("ETS185", "ETS189", "CETS224")


class Instrument(models.Model):
    """A Council of Europe treaty: the Convention on Cybercrime (ETS 185) or one of its Protocols."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)  # ETS185, ETS189, CETS224
    series = models.CharField(_("series"), max_length=8)
    number = models.CharField(_("number"), max_length=8)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    short_title_en = models.CharField(_("short title (English)"), max_length=100)
    short_title_fr = models.CharField(_("short title (French)"), max_length=100)
    opened_on = models.DateField(_("opened for signature"))
    opened_at_place = models.CharField(_("place of opening"), max_length=100)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    entry_into_force_rule_en = models.TextField(blank=True)
    entry_into_force_rule_fr = models.TextField(blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="protocols")
    source = models.CharField(_("source"), max_length=300, blank=True)
    as_of = models.DateField(_("data as of"), null=True, blank=True)
    # A row's own `as_of` says when that row was checked; this says up to when the LIST is complete (the date of
    # the Treaty Office chart it was taken from). Rows dated after it are known additions, not a complete count.
    status_list_as_of = models.DateField(
        _("list of Parties complete as of"), null=True, blank=True,
        help_text=_("The date of the chart of signatures and ratifications the list was last taken from."))

    class Meta:
        ordering: ClassVar = ["opened_on"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.series} {self.number}"

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_fr)

    @property
    def short_title(self) -> str:
        return _in_language(self.short_title_en, self.short_title_fr)

    @property
    def entry_into_force_rule(self) -> str:
        return _in_language(self.entry_into_force_rule_en, self.entry_into_force_rule_fr)

    @property
    def is_in_force(self) -> bool:
        return self.entry_into_force is not None


class Article(models.Model):
    """One article of an instrument with its place in the structure and a one-line summary of its obligation."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(_("article"), max_length=8)
    position = models.PositiveSmallIntegerField()
    division_en = models.CharField(max_length=400, blank=True)
    division_fr = models.CharField(max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    summary_en = models.TextField(_("summary (English)"))
    summary_fr = models.TextField(_("summary (French)"))

    class Meta:
        ordering: ClassVar = ["instrument", "position"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["instrument", "number"], name="article_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} Art. {self.number}"

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_fr)

    @property
    def summary(self) -> str:
        return _in_language(self.summary_en, self.summary_fr)

    @property
    def division(self) -> str:
        return _in_language(self.division_en, self.division_fr)


class PartyStatus(BaseModel):
    """Where a State stands with an instrument: invited, signatory, or Party (with its dates and source)."""

    class Status(models.TextChoices):
        PARTY = "party", _("Party")
        SIGNATORY = "signatory", _("signatory")
        INVITED = "invited", _("invited to accede")

    class DepositKind(models.TextChoices):
        RATIFICATION = "ratification", _("ratification")
        ACCESSION = "accession", _("accession")
        ACCEPTANCE = "acceptance", _("acceptance")
        APPROVAL = "approval", _("approval")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="statuses",
                                   verbose_name=_("instrument"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="treaty_statuses",
                                verbose_name=_("country"))
    state_name = models.CharField(_("State as named in the source"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    signature = models.DateField(_("signature"), null=True, blank=True)
    deposit = models.DateField(_("ratification or accession"), null=True, blank=True)
    deposit_kind = models.CharField(_("kind of deposit"), max_length=12, choices=DepositKind.choices, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering: ClassVar = ["instrument", "country__name_en"]
        verbose_name = _("treaty status")
        verbose_name_plural = _("treaty statuses")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["instrument", "country"], name="one_status_per_instrument_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} – {self.instrument_id}: {self.status}"


class Declaration(BaseModel):
    """A reservation, declaration or notification a State made under a given article."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("reservation")
        DECLARATION = "declaration", _("declaration")
        NOTIFICATION = "notification", _("notification")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="declarations")
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="declarations")
    article = models.CharField(_("article"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=60)
    summary_en = models.TextField(_("summary (English)"))
    summary_fr = models.TextField(_("summary (French)"))
    as_of = models.DateField(_("as of"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["country__name_en", "instrument", "article"]
        verbose_name = _("declaration or reservation")
        verbose_name_plural = _("declarations and reservations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["instrument", "country", "article", "topic"],
                                    name="declaration_unique_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.instrument_id} Art. {self.article} ({self.kind})"

    @property
    def summary(self) -> str:
        return _in_language(self.summary_en, self.summary_fr)


class StatusChartImport(BaseModel):
    """A status chart uploaded for import, kept between the preview of its differences and their application.

    Nothing changes in the statuses until an administrator applies the differences shown; applying refuses when
    the data changed since the preview (the differences shown would no longer be the ones applied).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        APPLIED = "applied", _("applied")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_format = models.CharField(_("format"), max_length=8)
    as_of = models.DateField(_("chart as of"), null=True, blank=True)
    rows = models.JSONField(_("rows"), default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("status chart import")
        verbose_name_plural = _("status chart imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"
