"""What the ranker sees of a provision: its words (TF-IDF of words and word pairs, English and French), the
named cues of cues.py and their telling pairs, and what the element rules of articles.py found (the rule score of
each article, and whether the rules see a definitions/title clause or an offence outside the Convention).

Pure Python and numpy at run time: the vocabulary and weights come from the trained model (model.json).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata

from glacy.legislation import cues
from glacy.legislation.articles import RULES
from glacy.legislation.segmenter import Provision

_WORD = re.compile(r"[a-zà-ÿœæ]{2,}")
RULE_KEYS: tuple[str, ...] = tuple(f"{rule.instrument}:{rule.article}" for rule in RULES)


def provision_text(provision: Provision) -> str:
    return f"{provision.heading}. {provision.text}".strip(" .") if provision.heading else provision.text


#: Words are cut to this many letters: "preserve", "preserved", "preservation" are one term, and so are "données"
#: and "donnée", so a law's own inflections still meet the words the ranker learnt (English and French alike).
STEM = 7


def stem(word: str) -> str:
    return word[:STEM]


def terms(text: str) -> list[str]:
    """Lower-cased word stems (accents kept, apostrophes split) and adjacent stem pairs."""
    normal = unicodedata.normalize("NFC", text.lower().replace("’", "'"))
    words = [stem(word) for word in _WORD.findall(normal)]
    return words + [f"{first} {second}" for first, second in itertools.pairwise(words)]


def provision_terms(provision: Provision) -> list[str]:
    """The body's terms, and the words of its heading ("h:") and of the Part/Chapter headings above it ("c:"):
    "Refusal of assistance", "Part 3 — Requests by foreign countries" say much about what follows."""
    words = terms(provision_text(provision))
    words += [f"h:{stem(word)}" for word in _WORD.findall(provision.heading.lower())]
    words += [f"c:{stem(word)}" for heading in provision.context for word in _WORD.findall(heading.lower())]
    return words


#: Cues also read in the provision's own heading and in the headings above it.
HEADING_CUES = ("foreign", "extradition", "preserve", "traffic", "real_time", "intercept", "search", "produce",
                "definition", "territory", "attempt", "complicity", "legal_person", "penalty", "safeguard", "refusal",
                "formal", "confidential", "offence", "power")


def dense_names() -> list[str]:
    names = [f"cue:{cue.name}" for cue in cues.CUES]
    names += [f"pair:{first}&{second}" for first, second in cues.INTERACTIONS]
    names += [f"rule:{key}" for key in RULE_KEYS]
    names += [f"hcue:{name}" for name in HEADING_CUES] + [f"ccue:{name}" for name in HEADING_CUES]
    names += ["rule:any", "rule:nothing_cue", "rule:outside_convention", "lang:fr", "length"]
    names += [f"lex:{key}" for key in RULE_KEYS]
    return names


def dense(provision: Provision, language: str) -> dict[str, float]:
    """Named features in [0, 1]."""
    values = dict(_dense(provision.heading, provision.text, language))
    heading_cues = cues.found(provision.heading) if provision.heading else {}
    context_cues = cues.found(" ".join(provision.context)) if provision.context else {}
    for name in HEADING_CUES:
        values[f"hcue:{name}"] = float(heading_cues.get(name, False))
        values[f"ccue:{name}"] = float(context_cues.get(name, False))
    return values


@functools.lru_cache(maxsize=4096)
def _dense(heading: str, body: str, language: str) -> tuple[tuple[str, float], ...]:
    from glacy.legislation import mapper

    provision = Provision("x", heading, body)
    text = provision_text(provision)
    found = cues.found(text)
    values: dict[str, float] = {f"cue:{name}": float(present) for name, present in found.items()}
    for first, second in cues.INTERACTIONS:
        values[f"pair:{first}&{second}"] = float(found[first] and found[second])
    rule_scores = {f"{s.instrument}:{s.article}": s.score
                   for s in mapper.rule_suggest(provision, language=language, top=len(RULES))}
    for key in RULE_KEYS:
        values[f"rule:{key}"] = rule_scores.get(key, 0.0)
    wrapped = mapper._Text(f"{provision.heading}. {provision.text}")
    values["rule:any"] = float(bool(rule_scores))
    values["rule:nothing_cue"] = float(wrapped.has(mapper.NOTHING_CUES))
    values["rule:outside_convention"] = float(mapper._outside_convention(wrapped))
    values["lang:fr"] = float(language == "fr")
    for key, similarity in mapper.treaty_similarity(text).items():
        values[f"lex:{key}"] = similarity
    values["length"] = min(1.0, math.log1p(len(text.split())) / math.log(400))
    return tuple(values.items())
