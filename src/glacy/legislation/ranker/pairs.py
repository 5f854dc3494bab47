"""The second stage of the ranker: one shared model over (provision, candidate) PAIRS.

The first stage (one logistic model per article over the provision's words) learns which words the labelled
laws used for each article; on a law written by other drafters those words change. The pair model learns instead
how much each kind of evidence counts, the same for every article: how the first stage ranks the candidate, what
the element rules of articles.py and the article's own treaty words (treaty_similarity) say about it, whether its
telling cues (co-operation, preservation, attempt …) are in the provision, its heading or the headings above it,
whether the heading echoes the article's title, and the article's GROUP (definitions, offences, general part,
domestic procedure, co-operation, "implements nothing") crossed with what the provision looks like (co-operation
context, definition, penalty, formal clause …). "Implements nothing" is a candidate of its own, with its own group,
so the decision to map a provision to nothing is weighed against the best article on the same scale.

Pure numpy at run time: the weights come from model.json.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np

from glacy.legislation.ranker import features
from glacy.legislation.ranker.model import NOTHING

GROUPS = ("definition", "offence", "general", "procedure", "cooperation", "nothing")
#: Cues whose presence tells an article (the context that tells Art. 29 from Art. 16 …).
ARTICLE_CUES: dict[str, tuple[str, ...]] = {
    "ETS185:1": ("definition", "computer"), "ETS185:11": ("attempt", "complicity"), "ETS185:12": ("legal_person",),
    "ETS185:13": ("penalty",), "ETS185:14": ("power",), "ETS185:15": ("safeguard", "confidential"),
    "ETS185:16": ("preserve",), "ETS185:17": ("traffic",), "ETS185:18": ("produce", "power"),
    "ETS185:19": ("search", "computer"), "ETS185:20": ("real_time", "traffic"), "ETS185:21": ("intercept",),
    "ETS185:22": ("territory",), "ETS185:24": ("extradition",), "ETS185:25": ("foreign",),
    "ETS185:26": ("foreign", "spontaneous"), "ETS185:27": ("foreign", "refusal"),
    "ETS185:28": ("foreign", "confidential", "speciality"), "ETS185:29": ("foreign", "preserve"),
    "ETS185:30": ("foreign", "traffic"), "ETS185:31": ("foreign", "search", "produce"),
    "ETS185:33": ("foreign", "real_time", "traffic"), "ETS185:34": ("foreign", "intercept"),
    "ETS185:35": ("contact_point",)}


def group(key: str) -> str:
    """The part of the Convention an article belongs to."""
    if key == NOTHING:
        return "nothing"
    instrument, number = key.split(":")
    article = int(number)
    if instrument != "ETS185":
        return "offence" if article >= 3 else "definition"
    if article == 1:
        return "definition"
    if article <= 10:
        return "offence"
    if article in (11, 12, 13, 22):
        return "general"
    if article <= 21:
        return "procedure"
    return "cooperation"


def _provision_names() -> list[str]:
    return [name for name in features.dense_names()
            if name.startswith(("cue:", "hcue:", "ccue:")) or name in (
                "rule:any", "rule:nothing_cue", "rule:outside_convention", "lang:fr", "length")]


CANDIDATE_NAMES = ("s1:probability", "s1:logit", "s1:first", "s1:top3", "s1:margin", "s1:over_nothing",
                   "rule:score", "rule:first", "rule:top3", "rule:margin", "lex:similarity", "lex:relative",
                   "lex:first", "lex:top3", "cue:share", "cue:heading", "cue:context", "title:heading",
                   "title:context")
SUMMARY_NAMES = ("max:s1", "max:rule", "max:lex", "context:cooperation")


def names(classes: list[str]) -> list[str]:
    """The pair features, in order: the candidate's evidence, its group crossed with the provision's look, and one
    indicator per article (its base rate)."""
    provision = [*_provision_names(), *SUMMARY_NAMES]
    result = list(CANDIDATE_NAMES)
    result += [f"{name}@{group_name}" for group_name in GROUPS for name in ("bias", *provision)]
    result += [f"article:{key}" for key in classes]
    return result


_WORD = re.compile(r"[a-zà-ÿœæ]{3,}")


@functools.cache
def _title_stems(key: str) -> frozenset[str]:
    from glacy.legislation.ranker import article_title

    if key == NOTHING:
        return frozenset()
    words = f"{article_title(key, 'en')} {article_title(key, 'fr')}".lower()
    return frozenset(features.stem(word) for word in _WORD.findall(words))


def _overlap(text: str, key: str) -> float:
    title = _title_stems(key)
    words = {features.stem(word) for word in _WORD.findall(text.lower())}
    return len(words & title) / len(title) if title and words else 0.0


def _ranks(values: dict[str, float]) -> dict[str, int]:
    order = sorted(values, key=lambda key: (-values[key], key))
    return {key: position for position, key in enumerate(order)}


def _logit(probability: float) -> float:
    probability = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(probability / (1 - probability))


def matrix(stage_one: dict[str, float], dense: dict[str, float], heading: str, context: str, classes: list[str],
           cooperation: bool) -> np.ndarray:
    """One row per candidate (the classes, "nothing" last), the columns of names(classes)."""
    articles = [key for key in classes if key != NOTHING]
    s1_ranks = _ranks({key: stage_one[key] for key in articles})
    rules = {key: dense.get(f"rule:{key}", 0.0) for key in articles}
    lex = {key: dense.get(f"lex:{key}", 0.0) for key in articles}
    rule_ranks, lex_ranks = _ranks(rules), _ranks(lex)
    best_s1, best_rule, best_lex = max(stage_one[key] for key in articles), max(rules.values()), max(lex.values())
    nothing_logit = _logit(stage_one.get(NOTHING, 0.0))
    provision = [dense.get(name, 0.0) for name in _provision_names()]
    provision += [best_s1, best_rule, best_lex, float(cooperation)]
    width = len(provision) + 1
    columns = len(CANDIDATE_NAMES) + width * len(GROUPS) + len(classes)
    rows = np.zeros((len(classes), columns))
    for index, key in enumerate(classes):
        row = rows[index]
        if key != NOTHING:
            p = stage_one[key]
            others = max((stage_one[other] for other in articles if other != key), default=0.0)
            cue_names = ARTICLE_CUES.get(key, ())
            row[:len(CANDIDATE_NAMES)] = [
                p, _logit(p) / 10, float(s1_ranks[key] == 0), float(s1_ranks[key] < 3), p - others,
                (_logit(p) - nothing_logit) / 10,
                rules[key], float(rules[key] > 0 and rule_ranks[key] == 0),
                float(rules[key] > 0 and rule_ranks[key] < 3),
                rules[key] - best_rule, lex[key], lex[key] / best_lex if best_lex else 0.0,
                float(lex[key] > 0 and lex_ranks[key] == 0), float(lex[key] > 0 and lex_ranks[key] < 3),
                (sum(dense.get(f"cue:{name}", 0.0) for name in cue_names) / len(cue_names)) if cue_names else 0.0,
                float(any(dense.get(f"hcue:{name}", 0.0) for name in cue_names)),
                float(any(dense.get(f"ccue:{name}", 0.0) for name in cue_names)),
                _overlap(heading, key), _overlap(context, key)]
        else:
            p = stage_one.get(NOTHING, 0.0)
            row[0], row[1] = p, _logit(p) / 10
        start = len(CANDIDATE_NAMES) + width * GROUPS.index(group(key))
        row[start] = 1.0
        row[start + 1:start + width] = provision
        row[len(CANDIDATE_NAMES) + width * len(GROUPS) + index] = 1.0
    return rows
