"""The labelled provisions the ranker learns from: the in-house labelled sets (tests/fixtures/legislation/*.yaml)
and the development split of the real laws (tests/fixtures/legislation/real/, split.yaml). The frozen test split
of the real laws is never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from glacy.legislation.evaluation import real_laws
from glacy.legislation.segmenter import Provision, segment

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "legislation"
IN_HOUSE = ("evaluation.yaml", "held_out.yaml", "unseen.yaml", "blind.yaml", "blind2.yaml", "blind3.yaml",
            "blind4.yaml", "blind5.yaml")


@dataclass
class Example:
    provision: Provision
    language: str
    labels: list[str]
    group: str  # the file or law it comes from: cross-validation never splits one


def in_house(root: Path = FIXTURES) -> list[Example]:
    examples: list[Example] = []
    for name in IN_HOUSE:
        examples.extend(Example(Provision("x", "", item["text"]), item["lang"], list(item["expected"]), name)
                        for item in yaml.safe_load((root / name).read_text(encoding="utf-8")))
    return examples


def group_of(law_key: str) -> str:
    """The cross-validation group of a real law: the Canadian Act in English and in French is one law, so a fold
    never sees its translation."""
    return law_key.rsplit("-", 1)[0] if law_key.startswith("ca-") else law_key


def real_development(root: Path = real_laws.ROOT) -> list[Example]:
    examples: list[Example] = []
    for law in real_laws.laws("dev", root):
        provisions = segment(law.text)
        for key, positions in real_laws.keyed(provisions).items():
            if key not in law.labels:
                continue
            group = group_of(law.key)
            examples.extend(Example(provisions[position], law.language, law.labels[key], group)
                            for position in positions)
    return examples


def training_set() -> list[Example]:
    return in_house() + real_development()
