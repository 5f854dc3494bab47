"""Ranking the Convention and Protocol articles a provision implements, with calibrated scores and reasons.

The trained ranker (model.py) gives, for each article and for "implements nothing", the probability that it
applies, from the provision's words, the named cues of cues.py (co-operation context, general part, kind of
power) and what the element rules of articles.py found. The answer is "nothing" when that is more probable than
any article. Each suggestion's score is calibrated on out-of-fold predictions: it estimates the probability that
the suggestion is right, so a reviewer can sort by it and check the low ones first.

Every suggestion is explained: the elements of the article found or missing (where the article has element
rules), the context and general-part cues seen, and the words that weigh most for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from glacy.legislation import cues
from glacy.legislation.articles import RULES
from glacy.legislation.ranker.model import NOTHING, load
from glacy.legislation.ranker.pairs import ARTICLE_CUES
from glacy.legislation.segmenter import Provision

MINIMUM_PROBABILITY = 0.05


@dataclass
class Ranking:
    """The answer for one provision: suggestions best first (empty = maps to nothing), the calibrated
    probability that "nothing" is right, the provision's context and the reasons for a "nothing" answer."""

    suggestions: list
    nothing_score: float
    context: str
    nothing_reasons: list[str] = field(default_factory=list)


@functools.cache
def _titles() -> dict[str, dict[str, str]]:
    path = Path(__file__).resolve().parents[2] / "treaty" / "data" / "instruments.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    titles: dict[str, dict[str, str]] = {}

    def walk(node: object, code: str) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child, code)
        elif isinstance(node, dict):
            for article in node.get("articles") or []:
                if isinstance(article, dict) and isinstance(article.get("title"), dict):
                    titles[f"{code}:{article['number']}"] = article["title"]
            walk(node.get("divisions"), code)

    for instrument in document.get("instruments") or []:
        walk(instrument.get("divisions"), instrument.get("code", ""))
        walk([{"articles": instrument.get("articles")}], instrument.get("code", ""))
    return titles


def article_title(key: str, language: str) -> str:
    title = _titles().get(key, {})
    return title.get(language) or title.get("en") or key


def _element_reasons(key: str, provision: Provision, language: str, rule_reasons: dict[str, list[str]]) \
        -> tuple[list[str], str]:
    """The element rules' reasons and coverage for an article: full when every element is present."""
    from glacy.legislation import mapper

    if key in rule_reasons:
        incomplete = any(reason.startswith(("missing elements", "éléments manquants")) for reason in rule_reasons[key])
        return rule_reasons[key], "partial" if incomplete else "full"
    rule = next((rule for rule in RULES if f"{rule.instrument}:{rule.article}" == key), None)
    if rule is None:
        return [], "partial"
    text = mapper._Text(f"{provision.heading}. {provision.text}")
    matched = text.matched(rule.elements)
    missing = [element for element in rule.elements if element not in matched]
    found_label = "éléments trouvés" if language == "fr" else "matched elements"
    missing_label = "éléments manquants" if language == "fr" else "missing elements"
    reasons = []
    if matched:
        reasons.append(f"{found_label}: " + "; ".join(mapper._label(e.key, rule, language) for e in matched))
    if missing:
        reasons.append(f"{missing_label}: " + "; ".join(mapper._label(e.key, rule, language) for e in missing))
    return reasons, "full" if not missing else "partial"


def rank(provision: Provision, *, language: str | None = None, instrument: str | None = None,
         top: int = 3) -> Ranking:
    from glacy.legislation.mapper import Suggestion, detect_language, rule_suggest

    text = f"{provision.heading}. {provision.text}"
    chosen = language or detect_language(text)
    model = load()
    probabilities, vector = model.pair_probabilities(provision, chosen)
    nothing_raw = probabilities.pop(NOTHING)
    ranked = sorted(((key, value) for key, value in probabilities.items()
                     if instrument in (None, key.split(":")[0])), key=lambda item: -item[1])
    context = cues.context(" ".join([text, *provision.context]))
    nothing_score = model.calibrated("nothing", nothing_raw)
    # The element rules run once, and only when their reasons are shown or they may break a near-tie.
    rules = None
    maps_to_nothing = not ranked or ranked[0][1] < model.article_floor or nothing_raw >= ranked[0][1]
    if maps_to_nothing and ranked and ranked[0][1] >= model.article_floor and (
            nothing_raw - ranked[0][1] < EVIDENCE_MARGIN):
        rules = rule_suggest(provision, language=chosen, top=50)
        maps_to_nothing = not _has_every_element(ranked[0][0], rules)
    if maps_to_nothing:
        reasons = cues.evidence(text, ("formal", "definition", "amending", "penalty"), chosen)
        if ranked:
            key, value = ranked[0]
            number, title = key.split(":")[1], article_title(key, chosen)
            if nothing_raw >= value:
                reasons.append(f"article le plus proche : art. {number} ({title}), moins probable que « aucun "
                               f"article »" if chosen == "fr" else
                               f"closest article: Art. {number} ({title}), less likely than \u201cno article\u201d")
            else:
                reasons.append(f"article le plus proche : art. {number} ({title}), trop peu d'éléments "
                               f"({value:.2f} < {model.article_floor:.2f})" if chosen == "fr" else
                               f"closest article: Art. {number} ({title}), too little evidence "
                               f"({value:.2f} < {model.article_floor:.2f})")
        return Ranking([], nothing_score, context, reasons)
    if rules is None:
        rules = rule_suggest(provision, language=chosen, top=50)
    rule_reasons = {f"{s.instrument}:{s.article}": s.reasons for s in rules}
    suggestions = []
    for position, (key, raw) in enumerate(ranked[:top]):
        if position and raw < MINIMUM_PROBABILITY:
            break
        score = model.calibrated("top" if position == 0 else "other", raw)
        element_reasons, coverage = _element_reasons(key, provision, chosen, rule_reasons)
        reasons = list(element_reasons)
        reasons += cues.evidence(text, ARTICLE_CUES.get(key, ()), chosen)
        if context == "cooperation" and key in _DOMESTIC_MIRRORS:
            french = "contexte de coopération : la disposition agit pour ou envers un autre État"
            reasons.append(french if chosen == "fr"
                           else "co-operation context: the provision acts for or towards another State")
        words = model.telling_terms(key, vector)
        if words:
            reasons.append(("termes proches des dispositions étiquetées de cet article : " if chosen == "fr" else
                            "words shared with labelled provisions of this article: ") + ", ".join(words))
        reasons.append(f"probabilité estimée que la suggestion soit juste : {score:.2f}" if chosen == "fr" else
                        f"estimated probability that this suggestion is right: {score:.2f}")
        instrument_code, article = key.split(":")
        suggestions.append(Suggestion(instrument_code, article, score, coverage, reasons))
    return Ranking(suggestions, nothing_score, context)


#: A near-tie between "nothing" and the best article goes to the article when the provision has every element
#: of that article's rule (the reasons a reviewer checks): the word and pair models weigh words shared with the
#: many general-part provisions labelled "nothing" (penalties, recidivism); the elements are the article itself.
#: Chosen on the development laws left out one at a time (benchmarks/legislation_lolo.py).
EVIDENCE_MARGIN = 0.05


def _has_every_element(key: str, rules: list[Any]) -> bool:
    return any(f"{rule.instrument}:{rule.article}" == key and rule.coverage == "full" for rule in rules)


#: Domestic powers whose co-operation mirror exists (Art. 16→29, 17→30, 19→31, 20→33, 21→34): when the context
#: is co-operation, the reviewer is told so next to the suggestion.
_DOMESTIC_MIRRORS = frozenset({"ETS185:25", "ETS185:26", "ETS185:27", "ETS185:28", "ETS185:29", "ETS185:30",
                               "ETS185:31", "ETS185:33", "ETS185:34"})
