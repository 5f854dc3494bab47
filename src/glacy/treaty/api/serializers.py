from __future__ import annotations

from rest_framework import serializers

from glacy.treaty.models import Article, Declaration, Instrument, PartyStatus


class InstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ("code", "series", "number", "title_en", "title_fr", "short_title_en", "short_title_fr",
                  "opened_on", "opened_at_place", "entry_into_force", "parent", "source", "as_of")


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ("instrument", "number", "division_en", "division_fr", "title_en", "title_fr",
                  "summary_en", "summary_fr")


class PartyStatusSerializer(serializers.ModelSerializer):
    country: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country_name = serializers.CharField(source="country.name_en", read_only=True)

    class Meta:
        model = PartyStatus
        fields = ("id", "instrument", "country", "country_name", "status", "signature", "deposit", "deposit_kind",
                  "entry_into_force", "as_of", "source", "note")


class DeclarationSerializer(serializers.ModelSerializer):
    country: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Declaration
        fields = ("id", "instrument", "country", "article", "kind", "topic", "summary_en", "summary_fr",
                  "as_of", "source")
