"""The programme's vocabularies: funding types, activity types, formats, institution types, genders, topics."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class FundingType(models.TextChoices):
    """How a programme or project is funded (the yearly report groups projects by it)."""

    JOINT_EU_COE = "joint_eu_coe", _("joint European Union / Council of Europe programme")
    VOLUNTARY = "voluntary", _("voluntary contributions")
    ACTION_PLAN = "action_plan", _("Council of Europe action plan")
    OTHER = "other", _("other funding")


class ActivityType(models.TextChoices):
    """What kind of capacity-building work an activity is."""

    LEGISLATIVE_ADVICE = "legislative_advice", _("legislative advice")
    TRAINING = "training", _("training")
    EXERCISE = "exercise", _("scenario-based exercise")
    CONFERENCE = "conference", _("conference or workshop")
    ASSESSMENT = "assessment", _("assessment")
    STUDY_VISIT = "study_visit", _("study visit")
    OTHER = "other", _("other activity")


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class InstitutionType(models.TextChoices):
    """Where the participants of an activity work."""

    JUDICIARY = "judiciary", _("judges and magistrates")
    PROSECUTION = "prosecution", _("prosecutors")
    LAW_ENFORCEMENT = "law_enforcement", _("police and law enforcement")
    CENTRAL_AUTHORITY = "central_authority", _("central authorities and 24/7 points of contact")
    POLICY = "policy", _("legislators and policy makers")
    CERT = "cert", _("CERTs / CSIRTs")
    PRIVATE_SECTOR = "private_sector", _("private sector")
    CIVIL_SOCIETY = "civil_society", _("civil society and academia")
    OTHER = "other", _("other institutions")


class Gender(models.TextChoices):
    WOMAN = "woman", _("women")
    MAN = "man", _("men")
    OTHER = "other", _("other or not stated")


class ProjectStatus(models.TextChoices):
    """The IATI activity status of a project (codelist ActivityStatus)."""

    PIPELINE = "1", _("pipeline / identification")
    IMPLEMENTATION = "2", _("implementation")
    FINALISATION = "3", _("finalisation")
    CLOSED = "4", _("closed")


#: The topic whose activities the yearly report counts as "policy and legislation".
POLICY_AND_LEGISLATION = "policy_legislation"


class Topic(models.Model):
    """A subject of capacity building from the programme's managed vocabulary (seeded by migration 0002;
    programme staff may add topics or retire them, never rename a code, so past activities keep their meaning)."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering: ClassVar = ["name_en"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if (get_language() or "en").startswith("fr") else self.name_en
