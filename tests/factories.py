"""factory_boy factories for the records tests need most often."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from glacy.directory.models import Authority, AuthorityKind, Country, Person, RoleAssignment, User


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "GH"
    alpha3 = "GHA"
    name_en = "Ghana"
    name_fr = "Ghana"


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda number: f"Authority {number}")
    kind = AuthorityKind.PROSECUTION
    country = factory.SubFactory(CountryFactory)
    email = factory.Sequence(lambda number: f"office{number}@example.org")
    time_zone = "Africa/Accra"
    office_hours = "Mon–Fri 08:00–17:00"
    accepted_languages = factory.LazyFunction(lambda: ["en"])


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    authority = factory.SubFactory(AuthorityFactory)
    full_name = factory.Sequence(lambda number: f"Person {number}")
    email = "person@example.org"
    is_contact_point = False


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user{number}")
    authority = factory.SubFactory(AuthorityFactory)
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        for role in extracted or []:
            RoleAssignment.objects.get_or_create(user=self, role=role)
