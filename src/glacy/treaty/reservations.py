"""Which reservations an instrument allows: ETS 185 Art. 42, CETS 224 Art. 19(1).

ETS 185 Art. 42: "any State may … declare that it avails itself of the reservation(s) provided for in Article 4,
paragraph 2, Article 6, paragraph 3, Article 9, paragraph 4, Article 10, paragraph 3, Article 11, paragraph 3,
Article 14, paragraph 3, Article 22, paragraph 2, Article 29, paragraph 4, and Article 41, paragraph 1. No
other reservation may be made." (text read in the Netherlands Treaty Series copy, see cooperation/rules/sources.py)

CETS 224 Art. 19(1): Art. 7(9)(a) and (b), Art. 8(13) and Art. 17. Only Art. 19(1) with Art. 7(9)(a) could be
confirmed (Japan's reservation cites it); the rest of the list is recalled, not verified (treaty/data/GAPS.md).
ETS 189 is not checked here: its list (Art. 12) was not verified.

`TOPICS` says what a reservation or declaration under a given article means for the platform: the topic code the
request checks look for (cooperation/rules/completeness.py), so that an import only needs the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ETS185_RESERVABLE = frozenset({"4(2)", "6(3)", "9(4)", "10(3)", "11(3)", "14(3)", "22(2)", "29(4)", "41(1)"})
CETS224_RESERVABLE = frozenset({"7(9)(a)", "7(9)(b)", "8(13)", "17"})
RESERVABLE = {"ETS185": ETS185_RESERVABLE, "CETS224": CETS224_RESERVABLE}
RESERVATION_ARTICLE = {"ETS185": "ETS 185 Art. 42", "CETS224": "CETS 224 Art. 19(1)"}


def normalise_article(article: str) -> str:
    """"29(4)", "29.4", "29, paragraph 4", "Art. 29(4)" and "Article 7, paragraph 9.a" become "29(4)", "7(9)(a)"."""
    text = re.sub(r"\b(sub-?paragraphs?|paragraphs?|articles?|arts?|para)\b\.?", " ", article.lower())
    parts = re.findall(r"\d+|[a-z]+", text)
    return parts[0] + "".join(f"({part})" for part in parts[1:]) if parts else ""


def is_reservation_allowed(*, instrument: str, article: str) -> bool:
    """True when the instrument allows a reservation under this article or one of its sub-paragraphs
    ("14(3)(a)" falls under "14(3)"). Instruments not checked here answer True."""
    allowed = RESERVABLE.get(instrument)
    if allowed is None:
        return True
    text = normalise_article(article)
    return any(text == item or text.startswith(f"{item}(") for item in allowed)


@dataclass(frozen=True)
class Topic:
    """What a reservation or declaration under `article` of `instrument` does to requests (see the checks)."""

    code: str
    instrument: str
    article: str
    kind: str  # reservation | declaration


#: Every reservation or declaration the request checks act on; any other entry is recorded with topic "other".
TOPICS: tuple[Topic, ...] = (
    Topic("dual_criminality_preservation", "ETS185", "29(4)", "reservation"),
    Topic("central_authority_urgent", "ETS185", "27(9)(e)", "declaration"),
    Topic("order_supervision_required", "CETS224", "7(2)(b)", "declaration"),
    Topic("notification_subscriber_orders", "CETS224", "7(5)(a)", "declaration"),
    Topic("art7_before_art8", "CETS224", "7(8)", "declaration"),
    Topic("not_apply_article_7", "CETS224", "7(9)(a)", "reservation"),
    Topic("access_numbers_not_applied", "CETS224", "7(9)(b)", "reservation"),
    Topic("supplementary_information_art8", "CETS224", "8(4)", "declaration"),
    Topic("art8_via_central_authority", "CETS224", "8(11)", "declaration"),
    Topic("art8_traffic_data_reserved", "CETS224", "8(13)", "reservation"),
    Topic("subscriber_only_not_executed", "CETS224", "9(1)(b)", "declaration"),
    Topic("art9_follow_up_format", "CETS224", "9(5)", "declaration"),
    Topic("art10_other_channels", "CETS224", "10(9)", "declaration"),
    Topic("jit_central_authority", "CETS224", "12(3)", "declaration"),
    Topic("federal_clause", "CETS224", "17", "reservation"),
)
TOPIC_BY_ARTICLE = {(topic.instrument, topic.article): topic for topic in TOPICS}
OTHER_TOPIC = "other"


def topic_for(*, instrument: str, article: str) -> str:
    """The topic of an entry under this article ("other" when the checks do not act on it)."""
    topic = TOPIC_BY_ARTICLE.get((instrument, normalise_article(article)))
    return topic.code if topic is not None else OTHER_TOPIC
