from __future__ import annotations

from rest_framework import serializers

from glacy.core.api.serializers import RefusesUnknownFields
from glacy.directory.models import Authority, Country, Person


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ("code", "alpha3", "name_en", "name_fr", "region")


class AuthoritySerializer(RefusesUnknownFields, serializers.ModelSerializer):
    country: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    accepted_languages = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    lacks_24_7_availability = serializers.BooleanField(
        read_only=True, help_text="A 24/7 point of contact not available around the clock (ETS 185 Art. 35(1)).")

    class Meta:
        model = Authority
        fields = ("id", "name", "name_fr", "acronym", "kind", "country", "email", "phone", "address", "website",
                  "office_hours", "time_zone", "is_available_24_7", "out_of_hours_contact", "lacks_24_7_availability",
                  "accepted_languages", "is_active")
        read_only_fields = ("id", "kind", "country", "is_active", "lacks_24_7_availability")


class PersonSerializer(RefusesUnknownFields, serializers.ModelSerializer):
    authority: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=2), required=False)

    class Meta:
        model = Person
        fields = ("id", "authority", "full_name", "position", "email", "phone", "languages", "is_contact_point")
        read_only_fields = ("id", "authority")
