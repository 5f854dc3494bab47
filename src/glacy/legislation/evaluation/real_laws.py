"""The real-law evaluation set: loading laws and labels, matching segmented provisions to labelled numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from glacy.legislation.evaluation.metrics import Outcome
from glacy.legislation.segmenter import LATIN, Provision, segment

ROOT = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "legislation" / "real"
Mapper = Callable[[list[Provision], str], list[list[tuple[str, float]]]]


@dataclass
class Law:
    key: str
    title: str
    country: str
    language: str
    text: str
    labels: dict[str, list[str]]


def number_key(ref: str) -> str:
    """The labelled number of a reference: "Section 487.012" → "487.012", "Art. 509-5 bis" → "509-5bis",
    "Section 19(1)(a)" → "19", "Article premier" → "1er", "Art. 19 Bis" → "19bis" (a Latin suffix in any case)."""
    number = re.sub(r"^\s*(?:section|sec\.|s\.|article|art\.)\s*", "", ref, flags=re.IGNORECASE)
    number = re.sub(r"(?:\([^)]*\))+$", "", number).strip().rstrip(".")
    number = re.sub(r"\s+", "", number)
    number = re.sub(LATIN, lambda suffix: suffix.group(0).lower(), number, flags=re.IGNORECASE)
    return "1er" if number.lower() in {"premier", "1er"} else number


def split(root: Path = ROOT) -> dict[str, list[str]]:
    return yaml.safe_load((root / "split.yaml").read_text(encoding="utf-8"))


def load(key: str, root: Path = ROOT) -> Law:
    meta = yaml.safe_load((root / f"{key}.yaml").read_text(encoding="utf-8"))
    text = (root / meta["file"]).read_text(encoding="utf-8")
    labels = {str(number): list(articles or []) for number, articles in meta["labels"].items()}
    return Law(key, meta["title"], meta["country"], meta["language"], text, labels)


def laws(part: str, root: Path = ROOT) -> list[Law]:
    return [load(key, root) for key in split(root)[part]]


def keyed(provisions: Iterable[Provision]) -> dict[str, list[int]]:
    """Number key → indexes of the provisions carrying it; a number met again after another number is the
    next occurrence ("44#2"), parts of one provision ("19(1)", "19(2)") stay under one key."""
    result: dict[str, list[int]] = {}
    seen: dict[str, int] = {}
    previous = None
    for index, provision in enumerate(provisions):
        base = number_key(provision.ref)
        if base != previous:
            seen[base] = seen.get(base, 0) + 1
        previous = base
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        result.setdefault(key, []).append(index)
    return result


def outcomes(law: Law, mapper: Mapper) -> list[Outcome]:
    provisions = segment(law.text)
    answers = mapper(provisions, law.language)
    index = keyed(provisions)
    result = []
    for key, expected in law.labels.items():
        if key not in index:
            result.append(Outcome(key, expected, [], [], segmented=False))
            continue
        merged: dict[str, float] = {}
        for position in index[key]:
            for article, probability in answers[position]:
                merged[article] = max(merged.get(article, 0.0), probability)
        ranked = sorted(merged.items(), key=lambda item: -item[1])
        result.append(Outcome(key, expected, [a for a, _ in ranked], [s for _, s in ranked]))
    return result
