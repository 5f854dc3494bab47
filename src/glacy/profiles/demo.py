"""Demonstration recommendations for Ghana's R1 briefing (idempotent)."""

from __future__ import annotations

from glacy.directory.models import User
from glacy.profiles.models import Recommendation
from glacy.profiles.services import recommendation_add


def load_demo_recommendations() -> None:
    officer = User.objects.filter(username="cproc.admin").first()
    if officer is None or Recommendation.objects.filter(authority=officer.authority).exists():
        return
    recommendation_add(actor=officer, country="GH", text_en=(
        "Adopt the Cybercrime and Electronic Evidence Bill, completing the procedural powers of Articles 16 to 21."),
        text_fr=("Adopter le projet de loi sur la cybercriminalité et la preuve électronique, en complétant les "
                 "pouvoirs procéduraux des articles 16 à 21."))
    recommendation_add(actor=officer, country="GH", text_en=(
        "Sign the Second Additional Protocol (CETS 224) to obtain subscriber information directly from providers."),
        text_fr=("Signer le deuxième Protocole additionnel (STCE 224) pour obtenir directement des fournisseurs les "
                 "informations relatives aux abonnés."))
