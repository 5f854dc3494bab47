"""Who is who: countries, authorities (the tenants of the platform), their people and user accounts."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel
from glacy.core.permissions import Role


class Region(models.TextChoices):
    """Regions used by the programme to group its priority and hub countries."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas and Caribbean")
    ASIA_PACIFIC = "asia_pacific", _("Asia and Pacific")
    EUROPE = "europe", _("Europe")
    MIDDLE_EAST = "middle_east", _("Middle East and North Africa")


class Country(models.Model):
    """A State, identified by its ISO 3166-1 alpha-2 code (reference data, identical on every node)."""

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)

    class Meta:
        ordering: ClassVar = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The country's name in the active language."""
        return self.name_fr if (get_language() or "en").startswith("fr") else self.name_en


class AuthorityKind(models.TextChoices):
    """The kinds of office that use the platform or are contacted through it."""

    CENTRAL_AUTHORITY = "central_authority", _("central authority for mutual assistance")
    POINT_OF_CONTACT_24_7 = "point_of_contact_24_7", _("24/7 point of contact")
    PROSECUTION = "prosecution", _("prosecution service")
    POLICE_CYBERCRIME_UNIT = "police_cybercrime_unit", _("police cybercrime unit")
    COURT = "court", _("court")
    CERT = "cert", _("CERT / CSIRT")
    DATA_PROTECTION_AUTHORITY = "data_protection_authority", _("data-protection authority")
    SERVICE_PROVIDER = "service_provider", _("service provider")
    DOMAIN_REGISTRAR = "domain_registrar", _("domain name registrar")
    PROGRAMME_OFFICE = "programme_office", _("programme office")


class Authority(BaseModel):
    """An office in a country; the unit of tenancy. Users belong to one authority.

    24/7 points of contact are designated under ETS 185 Art. 35; central authorities for mutual
    assistance under Art. 27(2)(a). Office hours and time zone tell a foreign counterpart when a
    request will be read; accepted languages matter for CETS 224 Art. 4.
    """

    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=AuthorityKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="authorities",
                                verbose_name=_("country"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_available_24_7 = models.BooleanField(_("reachable 24 hours a day, 7 days a week"), default=False)
    # db_default: rows written by code that predates the column (older migrations' models) still insert.
    out_of_hours_contact = models.CharField(
        _("how to reach it outside office hours"), max_length=300, blank=True, db_default="",
        help_text=_("For a 24/7 point of contact that is not staffed around the clock (ETS 185 Art. 35(1))."))
    accepted_languages = models.JSONField(_("accepted languages"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Federation (ARCHITECTURE.md §7): an authority of another node is a read-only copy of what that node
    # publishes, under the same id; `glacy.exchange` keeps it in step.
    home_node = models.CharField(
        _("node"), max_length=63, blank=True, db_index=True, db_default="",
        help_text=_("Empty for an authority of this node; otherwise the node that publishes it (read-only here)."),
    )
    synchronised_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["country__name_en", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["country", "name"], name="authority_unique_name_per_country"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def lacks_24_7_availability(self) -> bool:
        """A 24/7 point of contact that is not available around the clock: ETS 185 Art. 35(1) requires "a point of
        contact available on a twenty-four hour, seven-day-a-week basis"; the directory flags the gap."""
        return self.kind == AuthorityKind.POINT_OF_CONTACT_24_7 and not self.is_available_24_7

    @property
    def is_remote(self) -> bool:
        """True for an authority published by another node (a read-only copy here)."""
        return bool(self.home_node)

    @property
    def display_name(self) -> str:
        """The authority's name in the active language."""
        if self.name_fr and (get_language() or "en").startswith("fr"):
            return self.name_fr
        return self.name


class Person(BaseModel):
    """A named contact in an authority. Personal data: only contact points are visible to other authorities."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="people",
                                  verbose_name=_("authority"))
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    is_contact_point = models.BooleanField(
        _("listed as contact point"), default=False,
        help_text=_("Contact points are shown to other authorities in the directory."),
    )

    class Meta:
        ordering: ClassVar = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class User(AbstractUser):
    """A user account. It belongs to one authority and holds roles within it."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="users", verbose_name=_("authority"))
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def role_codes(self) -> frozenset[str]:
        """The roles this user holds, loaded once per request."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def has_role(self, role: str) -> bool:
        """True when the user holds `role` in their authority."""
        return self.is_active and role in self.role_codes()


class RoleAssignment(BaseModel):
    """A role held by a user in their authority."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "role"], name="role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.role}"
