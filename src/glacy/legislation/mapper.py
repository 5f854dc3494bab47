"""Suggesting which Convention/Protocol articles a provision implements, with reasons a reviewer can check.

Fully offline: per-article element rules in English and French (articles.py). A provision is suggested for an
article only when the article's core elements are present; the score is the share of the article's elements
found, adjusted for the kind of provision (an offence for substantive articles, a power or order for procedural
ones). Provisions that create no Convention offence or power (definitions, short titles, commencement,
defamation, cyber-squatting, e-signatures …) get no suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glacy.legislation.articles import RULES, ArticleRule
from glacy.legislation.segmenter import Provision

SUBSTANTIVE = ({("ETS185", str(number)) for number in range(2, 13)}
               | {("ETS189", str(number)) for number in range(3, 7)})
OFFENCE_CREATING = re.compile(r"commits? an offen[cs]e|is guilty|shall be (?:liable|punished)"
                              r"|liable (?:on conviction|to)|est puni|sont punis|constitue une infraction|encourt",
                              re.IGNORECASE)
ORDER_CUE = re.compile(r"\border\b|warrant|empower|may (?:require|order|direct)|judge|magistrate|injonction|ordonner"
                       r"|juge d'instruction|procureur|officier de police judiciaire|peut (?:requérir|ordonner)",
                       re.IGNORECASE)
NOTHING_CUES = re.compile(
    r"may be cited as|short title|comes? into (?:force|operation)|commencement|in this (?:act|law|part),|"
    r"[\"“'][^\"”']{2,60}[\"”']\s+means\b|interpretation|au sens de la présente|on entend par"
    r"|entre(?:ra)? en vigueur|est abrogé|repeal"
    r"|defam|libel|diffamation|injure publique|cyber-?squat|domain name .* (?:bad faith|mauvaise foi)"
    r"|electronic signature|signature électronique|electronic transaction|consumer|consommateur"
    r"|regulations? (?:may|shall) be made|financial provision|budget", re.IGNORECASE)
MINIMUM_SCORE = 0.45


def _distinctive_title_words() -> dict[tuple[str, str], set[str]]:
    """Title words that belong to one article only ("system" for Art. 5, not "interference")."""
    from collections import Counter

    titles = {(rule.article, rule.instrument): set(re.findall(r"[a-z]{4,}", rule.title.lower())) for rule in RULES}
    counts = Counter(word for words in titles.values() for word in words)
    return {key: {word for word in words if counts[word] == 1} for key, words in titles.items()}


_DISTINCTIVE_TITLE_WORDS = _distinctive_title_words()


@dataclass
class Suggestion:
    instrument: str
    article: str
    score: float
    coverage: str
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"instrument": self.instrument, "article": self.article, "score": round(self.score, 3),
                "coverage": self.coverage, "reasons": self.reasons}


FRENCH_WORDS = frozenset({"le", "la", "les", "des", "du", "est", "de", "et", "un", "une", "fait", "d'un"})
ENGLISH_WORDS = frozenset({"the", "of", "and", "a", "is", "any", "person", "who", "shall", "or", "to"})


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())
    french = sum(word in FRENCH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "fr" if french > english else "en"


def _label(element_key: str, rule: ArticleRule, language: str) -> str:
    for candidate in rule.elements:
        if candidate.key == element_key:
            return candidate.label_fr if language == "fr" else candidate.label_en
    return element_key


def _heading_bonus(rule: ArticleRule, heading: str) -> float:
    """A provision headed like the article ("System interference") gets a small lift over its neighbours."""
    words = set(re.findall(r"[a-z]{4,}", heading.lower()))
    return 0.1 if words & _DISTINCTIVE_TITLE_WORDS[rule.article, rule.instrument] else 0.0


def _score(rule: ArticleRule, text: str, language: str, heading: str = "") -> Suggestion | None:
    matched_core = [element for element in rule.core if element.pattern.search(text)]
    if len(matched_core) < len(rule.core):
        return None
    matched_others = [element for element in rule.others if element.pattern.search(text)]
    total = len(rule.elements)
    score = (len(matched_core) + len(matched_others)) / total if total else 0.0
    creates_offence = bool(OFFENCE_CREATING.search(text))
    is_substantive = (rule.instrument, rule.article) in SUBSTANTIVE
    if is_substantive and not creates_offence:
        score *= 0.75
    if not is_substantive and creates_offence and not ORDER_CUE.search(text):
        score *= 0.5
    score = min(1.0, score * (0.85 + 0.05 * len(rule.core)) + _heading_bonus(rule, heading))
    missing = [element for element in rule.others if element not in matched_others]
    found_label = "éléments trouvés" if language == "fr" else "matched elements"
    missing_label = "éléments manquants" if language == "fr" else "missing elements"
    reasons = [f"{found_label}: " + "; ".join(_label(element.key, rule, language)
                                                for element in [*matched_core, *matched_others])]
    if missing:
        reasons.append(f"{missing_label}: " + "; ".join(_label(element.key, rule, language) for element in missing))
    return Suggestion(rule.instrument, rule.article, score, "full" if not missing else "partial", reasons)


def suggest(provision: Provision, *, language: str | None = None, instrument: str | None = None,
            top: int = 3) -> list[Suggestion]:
    """Best first; an empty list when the provision implements no article."""
    text = f"{provision.heading}. {provision.text}"
    if NOTHING_CUES.search(text) and not OFFENCE_CREATING.search(text):
        return []
    if re.search(r"defam|libel|diffamation|cyber-?squat|signature électronique|electronic signature", text,
                 re.IGNORECASE):
        return []
    chosen_language = language or detect_language(text)
    candidates = [suggestion for rule in RULES if instrument in (None, rule.instrument)
                  if (suggestion := _score(rule, text, chosen_language, provision.heading)) is not None]
    candidates = [candidate for candidate in candidates if candidate.score >= MINIMUM_SCORE]
    candidates.sort(key=lambda candidate: (-candidate.score, int(candidate.article)))
    return candidates[:top]


def map_provisions(provisions: list[Provision], *, language: str | None = None, instrument: str | None = None,
                   top: int = 3) -> list[dict[str, object]]:
    return [{"ref": provision.ref, "heading": provision.heading, "text": provision.text,
             "suggestions": [suggestion.as_dict() for suggestion in suggest(provision, language=language,
                                                                            instrument=instrument, top=top)]}
            for provision in provisions]
