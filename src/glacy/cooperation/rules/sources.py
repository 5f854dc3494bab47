"""The treaty paragraphs the rules rest on: a quotation a reviewer can check, and whether (and against what) the
paragraph was verified.

- ETS 185: Chapter III and the final clauses were read in full in the Netherlands Treaty Series text
  (`texts_ets185`); every ETS 185 paragraph is verified.
- CETS 224: no complete copy of the Protocol could be read; a few paragraph numbers are confirmed by Japan's
  instrument of 10 August 2023 (`texts_cets224`), the rest is flagged "not verified" on the legal rules page and
  in treaty/data/GAPS.md.

A citation is verified only when every provision it names is: "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))" needs
both. A provision is verified by its own entry or by the entry of a paragraph that contains it ("8(6)(a)(i)" by
"8(6)(a)"), never by an entry of one of its own sub-paragraphs: a bare article ("CETS 224 Art. 8") is verified only
when the article itself was (finding 15 of the legal review: "Art. 8" must not borrow "Art. 8(11)").
"""

from __future__ import annotations

from dataclasses import dataclass

from glacy.cooperation.rules import texts_cets224, texts_ets185
from glacy.cooperation.rules.citations import references

NOT_VERIFIED = "not verified: written from the drafters' knowledge of the text (treaty/data/GAPS.md)"


@dataclass(frozen=True)
class Provision:
    citation: str
    quote: str
    verified: bool
    source: str


PROVISIONS: dict[str, Provision] = {
    **{citation: Provision(citation, quote, True, texts_ets185.SOURCE)
       for citation, quote in texts_ets185.QUOTES.items()},
    **{citation: Provision(citation, quote, source is not None, source or NOT_VERIFIED)
       for citation, (quote, source) in texts_cets224.ENTRIES.items()},
}


def _containing(reference: str) -> list[str]:
    """The reference and the paragraphs that contain it, innermost first, down to the numbered paragraph:
    "CETS 224 Art. 8(6)(a)(i)" → 8(6)(a)(i), 8(6)(a), 8(6). A bare article has only itself."""
    found = [reference]
    while reference.count("(") > 1:
        reference = reference[: reference.rfind("(")]
        found.append(reference)
    return found


def provision_for(reference: str) -> Provision | None:
    """The recorded provision that covers one single reference (itself or a paragraph containing it)."""
    return next((PROVISIONS[item] for item in _containing(reference) if item in PROVISIONS), None)


def is_reference_verified(reference: str) -> bool:
    if reference.startswith("ETS 185 "):
        return True
    provision = provision_for(reference)
    return provision is not None and provision.verified


def is_verified(citation: str) -> bool:
    """True when every treaty provision the citation names was checked against a copy of the text.

    A citation that names no treaty provision (the T-CY request template, "(no treaty rule)") has nothing to
    verify and answers True.
    """
    return all(is_reference_verified(reference) for reference in references(citation))


def quote_for(citation: str) -> str:
    """The quotation recorded for the first provision the citation names ("" when none is recorded)."""
    for reference in references(citation):
        provision = provision_for(reference)
        if provision is not None:
            return provision.quote
    return ""


def cets224_rows() -> list[Provision]:
    """Every CETS 224 provision on record, in the order of the Protocol (the legal rules page lists them)."""
    def key(provision: Provision) -> tuple[int, ...]:
        head = provision.citation.removeprefix("CETS 224 Art. ")
        number = int(head.split("(")[0])
        letters = [part.rstrip(")") for part in head.split("(")[1:]]
        return (number, *[int(part) if part.isdigit() else ord(part[0]) + 1000 for part in letters])

    return sorted((item for item in PROVISIONS.values() if item.citation.startswith("CETS 224")), key=key)
