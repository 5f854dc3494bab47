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


_SERIES_HEAD = re.compile(r"\b(CETS|ETS) (\d+) Arts?\.? ")
_REFERENCE = re.compile(r"(\d+)((?:\([0-9a-z]+\))*)(?:[-–]\(([0-9a-z]+)\))?")


def references(citation: str) -> list[str]:
    """Every single provision a citation names, written "CETS 224 Art. 8(9)(b)".

    "ETS 185 Arts 27(6), 28(2); CETS 224 Arts 8(8), 9(6)" names four; "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))"
    names two; a range "16(3)-(4)" names both ends. A citation that names no treaty ("T-CY request template")
    names none.
    """
    found: list[str] = []
    for head in _SERIES_HEAD.finditer(citation):
        series = f"{head.group(1)} {head.group(2)}"
        position = head.end()
        while (reference := _REFERENCE.match(citation, position)) is not None:
            number, paragraphs, range_end = reference.groups()
            found.append(f"{series} Art. {number}{paragraphs}")
            if range_end and paragraphs:
                found.append(f"{series} Art. {number}{paragraphs[:paragraphs.rfind('(')]}({range_end})")
            position = reference.end()
            if not citation.startswith(", ", position) or _REFERENCE.match(citation, position + 2) is None:
                break
            position += 2
    return found
