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


def from_json(document: dict) -> Model:
    vocabulary = {term: index for index, term in enumerate(document["vocabulary"])}
    return Model(
        classes=list(document["classes"]), vocabulary=vocabulary, idf=np.array(document["idf"]),
        dense_names=list(document["dense_names"]), text_weights=np.array(document["text_weights"]),
        dense_weights=np.array(document["dense_weights"]), intercepts=np.array(document["intercepts"]),
        calibration={name: (np.array(table["x"]), np.array(table["y"]))
                     for name, table in document["calibration"].items()})


@functools.cache
def load(path: Path = MODEL_PATH) -> Model:
    return from_json(json.loads(path.read_text(encoding="utf-8")))
