"""Template filters of the cooperation pages: citations in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from glacy.cooperation.rules.citations import localise

register = template.Library()


@register.filter
def cite(citation: str) -> str:
    """`{{ "ETS 185 Art. 29(7)"|cite }}` → "STE 185 art. 29(7)" on a French page."""
    return localise(str(citation or ""), get_language() or "en")
