"""Which reservations an instrument allows: ETS 185 Art. 42, CETS 224 Art. 19(1).

ETS 185 Art. 42: "any State may … declare that it avails itself of the reservation(s) provided for in Article 4,
paragraph 2, Article 6, paragraph 3, Article 9, paragraph 4, Article 10, paragraph 3, Article 11, paragraph 3,
Article 14, paragraph 3, Article 22, paragraph 2, Article 29, paragraph 4, and Article 41, paragraph 1. No
other reservation may be made." (text read in the Netherlands Treaty Series copy, see cooperation/rules/sources.py)

CETS 224 Art. 19(1): Art. 7(9)(a) and (b), Art. 8(13) and Art. 17. Only Art. 19(1) with Art. 7(9)(a) could be
confirmed (Japan's reservation cites it); the rest of the list is recalled, not verified (treaty/data/GAPS.md).
ETS 189 is not checked here: its list (Art. 12) was not verified.
"""

from __future__ import annotations

ETS185_RESERVABLE = frozenset({"4(2)", "6(3)", "9(4)", "10(3)", "11(3)", "14(3)", "22(2)", "29(4)", "41(1)"})
CETS224_RESERVABLE = frozenset({"7(9)(a)", "7(9)(b)", "8(13)", "17"})
RESERVABLE = {"ETS185": ETS185_RESERVABLE, "CETS224": CETS224_RESERVABLE}
RESERVATION_ARTICLE = {"ETS185": "ETS 185 Art. 42", "CETS224": "CETS 224 Art. 19(1)"}


def normalise_article(article: str) -> str:
    """"29(4)", "29.4", "29, paragraph 4" and "Art. 29(4)" all become "29(4)"; "7(9)(a)" stays."""
    text = article.strip().replace("Art.", "").replace("Article", "").replace(" ", "")
    text = text.replace(",paragraph", "(").replace("paragraph", "(")
    if "." in text and "(" not in text:
        head, *rest = text.split(".")
        text = head + "".join(f"({part})" for part in rest if part)
    if text.count("(") > text.count(")"):
        text += ")"
    return text


def is_reservation_allowed(*, instrument: str, article: str) -> bool:
    """True when the instrument allows a reservation under this article or one of its sub-paragraphs
    ("14(3)(a)" falls under "14(3)"). Instruments not checked here answer True."""
    allowed = RESERVABLE.get(instrument)
    if allowed is None:
        return True
    text = normalise_article(article)
    return any(text == item or text.startswith(f"{item}(") for item in allowed)
