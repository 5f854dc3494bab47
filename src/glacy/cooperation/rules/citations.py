"""How an article is written on a page: "ETS 185 Art. 29(5)" in English, "STE 185 art. 29(5)" in French.

Rules keep one canonical English citation (the form the legal rules page, the API and `glacy requests
rules --format json` show); pages and documents in French localise it at display time, using the Council
of Europe's French series names (STE for the European Treaty Series, STCE for the Council of Europe Treaty
Series).
"""

from __future__ import annotations

import re

_SERIES_FR = {"ETS": "STE", "CETS": "STCE"}
_PATTERN = re.compile(r"\b(CETS|ETS) (\d+)")


def localise(citation: str, language: str) -> str:
    """The citation as written in `language` ("en" or "fr"); anything that is not a citation is kept."""
    if not citation or not (language or "en").startswith("fr"):
        return citation
    text = _PATTERN.sub(lambda match: f"{_SERIES_FR[match.group(1)]} {match.group(2)}", citation)
    text = text.replace("Arts ", "art. ").replace("Art. ", "art. ")
    return text.replace("T-CY request template", "modèle de demande du T-CY")
