"""The real-law evaluation set: split frozen by law, never trained on for the test part, fully segmented, and the
measured scores held (the numbers are the honest estimate for a law not seen; see benchmarks/)."""

from __future__ import annotations

import yaml

from glacy.legislation.evaluation import metrics, real_laws
from glacy.legislation.mapper import suggest
from glacy.legislation.ranker.data import real_development
from glacy.legislation.segmenter import Provision

TEST_LAWS = ["nz-crimes-1961", "nz-search-surveillance-2012", "nz-mutual-assistance-1992",
             "lu-code-procedure-penale", "lu-entraide-judiciaire-2000", "sg-computer-misuse-1993"]


def _mapper(provisions: list[Provision], language: str) -> list[list[tuple[str, float]]]:
    return [[(f"{s.instrument}:{s.article}", s.score) for s in suggest(p, language=language)] for p in provisions]


def test_the_split_is_by_law_and_the_test_part_is_the_frozen_one() -> None:
    split = real_laws.split()
    assert split["test"] == TEST_LAWS
    assert not set(split["test"]) & set(split["dev"])
    # A law and its translation stay together.
    assert {"ca-2014-c31-en", "ca-2014-c31-fr", "ca-mutual-legal-assistance-en",
            "ca-mutual-legal-assistance-fr"} <= set(split["dev"])
    laws = [real_laws.load(key) for part in ("dev", "test") for key in split[part]]
    assert {law.country for law in laws} == {"AU", "BB", "BJ", "CA", "CM", "GH", "HT", "LU", "MA", "MY", "NG", "NZ",
                                             "SG", "SN", "ZM", "ZW"}
    assert {law.language for law in laws} == {"en", "fr"}
    assert sum(len(law.labels) for law in laws) == 1758
    assert sum(len(real_laws.load(key).labels) for key in split["test"]) == 142


def test_every_law_says_where_it_comes_from_and_under_which_terms() -> None:
    for part in ("dev", "test"):
        for key in real_laws.split()[part]:
            meta = yaml.safe_load((real_laws.ROOT / f"{key}.yaml").read_text(encoding="utf-8"))
            assert meta["source"].startswith("https://")
            assert meta["licence"]
            assert meta["version"]
            assert meta["title"]


def test_the_ranker_never_learns_from_the_test_laws() -> None:
    texts = {example.provision.text for example in real_development()}
    for key in TEST_LAWS:
        law = real_laws.load(key)
        assert not any(line.strip() and line.strip() in texts for line in law.text.splitlines()
                       if len(line.split()) > 12)


def test_segmentation_recall_on_every_real_law_is_complete() -> None:
    for part in ("dev", "test"):
        for law in real_laws.laws(part):
            assert metrics.score(real_laws.outcomes(law, lambda provisions, language: [[] for _ in provisions])) \
                .segmentation_recall == 1.0, law.key


def test_scores_on_the_frozen_test_split_as_measured() -> None:
    scores = metrics.score([outcome for law in real_laws.laws("test") for outcome in real_laws.outcomes(law, _mapper)])
    assert (scores.count, scores.expected_nothing) == (142, 29)
    # Measured ONCE (2026-12-03, third session), after developing on the development split only (32 laws, leave one
    # law out: top-1 0.722, top-3 0.754, nothing P 0.760 / R 0.860, ECE 0.041); below the targets (top-1
    # 0.80, top-3 0.90, nothing P 0.85 / R 0.80, ECE 0.05): see the report of issue 14. Earlier measurements on this
    # split: second session top-1 0.528, top-3 0.641, nothing P 0.452 / R 0.655, ECE 0.221; before issue 14 top-1
    # 0.423, top-3 0.528, nothing P 0.429 / R 0.621, ECE 0.272.
    assert round(scores.top1, 3) == 0.563
    assert round(scores.top3, 3) == 0.690
    assert scores.segmentation_recall == 1.0
    assert (round(scores.nothing_precision, 3), round(scores.nothing_recall, 3)) == (0.4, 0.759)
    assert round(scores.ece, 3) == 0.145
