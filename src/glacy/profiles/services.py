"""Writes of the country profile's own records: recommendations for the R1 briefing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from glacy.core.audit import record_event, snapshot
from glacy.core.services import validate_instance
from glacy.profiles.models import Recommendation
from glacy.programme.services.access import require_programme_staff


@transaction.atomic
def recommendation_add(*, actor: Any, country: str, text_en: str, text_fr: str) -> Recommendation:
    """Add a recommendation to a country's briefing (programme staff of the actor's office)."""
    require_programme_staff(actor)
    position = Recommendation.objects.filter(authority_id=actor.authority_id, country_id=country.upper()).count() + 1
    item = Recommendation(authority_id=actor.authority_id, country_id=country.upper(), text_en=text_en.strip(),
                          text_fr=text_fr.strip(), position=position)
    validate_instance(item)
    item.save()
    record_event(actor=actor, action="profiles.recommendation_added", obj=item, after=snapshot(item))
    return item


@transaction.atomic
def recommendation_remove(*, actor: Any, recommendation: Recommendation) -> None:
    require_programme_staff(actor, recommendation.authority_id)
    record_event(actor=actor, action="profiles.recommendation_removed", obj=recommendation,
                 before=snapshot(recommendation))
    recommendation.delete()
