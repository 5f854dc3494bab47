"""The trained ranker as shipped: model.json (vocabulary, IDF weights, one logistic model per article and one
for "implements nothing", and the calibration tables), read once with numpy. Built by
`glacy legislation train` from the committed labelled data (see train.py); never downloaded.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from glacy.legislation.ranker import features
from glacy.legislation.segmenter import Provision

MODEL_PATH = Path(__file__).with_name("model.json")
NOTHING = "NOTHING"


@dataclass
class Model:
    classes: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    dense_names: list[str]
    text_weights: np.ndarray  # classes × vocabulary
    dense_weights: np.ndarray  # classes × dense features
    intercepts: np.ndarray
    calibration: dict[str, tuple[np.ndarray, np.ndarray]]
    pair_weights: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the shared pair model (pairs.py)
    pair_intercept: float = 0.0
    #: The share of the pair model in the final score (the rest is the per-article word model), and the floor
    #: under which the best article is not suggested (the provision maps to nothing): both chosen on the
    #: development laws left out one at a time (train.py).
    pair_share: float = 0.0
    article_floor: float = 0.0
    _terms: list[str] = field(default_factory=list)  # vocabulary by index, built on first use

    def text_vector(self, provision: Provision) -> np.ndarray:
        """Sub-linear TF-IDF of the known terms, L2-normalised."""
        counts: dict[int, int] = {}
        for term in features.provision_terms(provision):
            index = self.vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        vector = np.zeros(len(self.vocabulary))
        for index, count in counts.items():
            vector[index] = (1.0 + math.log(count)) * self.idf[index]
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def dense_vector(self, values: dict[str, float]) -> np.ndarray:
        return np.array([values.get(name, 0.0) for name in self.dense_names])

    def probabilities(self, provision: Provision, language: str) -> tuple[dict[str, float], np.ndarray]:
        """P(provision implements class) for every class, and the provision's TF-IDF vector (for reasons)."""
        vector = self.text_vector(provision)
        logits = self.text_weights @ vector + self.dense_weights @ self.dense_vector(
            features.dense(provision, language)) + self.intercepts
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return dict(zip(self.classes, probabilities.tolist(), strict=True)), vector

    def pair_probabilities(self, provision: Provision, language: str) -> tuple[dict[str, float], np.ndarray]:
        """P(candidate is right) for every article and for "nothing": the mean, weighted by pair_share, of the
        per-article word model and of the shared pair model over the evidence of each (provision, candidate)
        pair (pairs.py); and the provision's TF-IDF vector (for the telling words)."""
        from glacy.legislation.ranker import pairs

        stage_one, vector = self.probabilities(provision, language)
        if not self.pair_weights.size:
            return stage_one, vector
        rows = pairs.matrix(stage_one, features.dense(provision, language), provision.heading,
                            " ".join(provision.context), self.classes, cooperation(provision))
        second = 1.0 / (1.0 + np.exp(-(rows @ self.pair_weights + self.pair_intercept)))
        share = self.pair_share
        return {key: (1 - share) * stage_one[key] + share * float(value)
                for key, value in zip(self.classes, second, strict=True)}, vector

    def calibrated(self, table: str, raw: float) -> float:
        xs, ys = self.calibration[table]
        return float(np.interp(raw, xs, ys))

    def telling_terms(self, label: str, vector: np.ndarray, limit: int = 4) -> list[str]:
        """The provision's words that weigh most for the class."""
        row = self.text_weights[self.classes.index(label)]
        contributions = row * vector
        order = np.argsort(-contributions)[:limit]
        if not self._terms:
            self._terms.extend(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        return [self._terms[int(index)] for index in order if contributions[int(index)] > 0.01]


def cooperation(provision: Provision) -> bool:
    """Whether the provision acts for or towards another State (its words or the headings above it)."""
    from glacy.legislation import cues

    return cues.context(" ".join([features.provision_text(provision), *provision.context])) == "cooperation"


def from_json(document: dict) -> Model:
    vocabulary = {term: index for index, term in enumerate(document["vocabulary"])}
    return Model(
        classes=list(document["classes"]), vocabulary=vocabulary, idf=np.array(document["idf"]),
        dense_names=list(document["dense_names"]), text_weights=np.array(document["text_weights"]),
        dense_weights=np.array(document["dense_weights"]), intercepts=np.array(document["intercepts"]),
        calibration={name: (np.array(table["x"]), np.array(table["y"]))
                     for name, table in document["calibration"].items()},
        pair_weights=np.array(document.get("pair_weights", [])),
        pair_intercept=float(document.get("pair_intercept", 0.0)),
        pair_share=float(document.get("pair_share", 0.0)), article_floor=float(document.get("article_floor", 0.0)))


@functools.cache
def load(path: Path = MODEL_PATH) -> Model:
    return from_json(json.loads(path.read_text(encoding="utf-8")))
