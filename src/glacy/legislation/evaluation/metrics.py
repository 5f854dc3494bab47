"""Scores of a mapping against labels.

A provision labelled with several articles implements each of them: a suggestion of any of them is right. A
provision labelled [] implements none: the right answer is "maps to nothing" (no suggestion). A labelled
provision the segmenter did not emit counts as a segmentation miss and as answered "nothing".
"""

from __future__ import annotations

from dataclasses import dataclass, field

BINS = 10


@dataclass
class Outcome:
    """One labelled provision: what the tool answered and whether it was right."""

    key: str
    expected: list[str]
    got: list[str]
    scores: list[float]
    segmented: bool = True

    @property
    def top1(self) -> bool:
        return (not self.got) if not self.expected else bool(self.got) and self.got[0] in self.expected

    @property
    def top3(self) -> bool:
        return (not self.got) if not self.expected else any(article in self.expected for article in self.got[:3])


@dataclass
class Scores:
    count: int = 0
    top1: float = 0.0
    top3: float = 0.0
    nothing_precision: float = 0.0
    nothing_recall: float = 0.0
    segmentation_recall: float = 0.0
    ece: float = 0.0
    expected_nothing: int = 0
    predicted_nothing: int = 0
    reliability: list[tuple[float, float, float, int]] = field(default_factory=list)  # (low, mean score, accuracy, n)


def score(outcomes: list[Outcome]) -> Scores:
    count = len(outcomes)
    if not count:
        return Scores()
    predicted_nothing = [o for o in outcomes if not o.got]
    expected_nothing = [o for o in outcomes if not o.expected]
    correct_nothing = [o for o in predicted_nothing if not o.expected]
    result = Scores(
        count=count,
        top1=sum(o.top1 for o in outcomes) / count,
        top3=sum(o.top3 for o in outcomes) / count,
        nothing_precision=len(correct_nothing) / len(predicted_nothing) if predicted_nothing else 1.0,
        nothing_recall=len(correct_nothing) / len(expected_nothing) if expected_nothing else 1.0,
        segmentation_recall=sum(o.segmented for o in outcomes) / count,
        expected_nothing=len(expected_nothing), predicted_nothing=len(predicted_nothing))
    result.ece, result.reliability = calibration(outcomes)
    return result


def calibration(outcomes: list[Outcome]) -> tuple[float, list[tuple[float, float, float, int]]]:
    """Expected calibration error of the first suggestion's score as the probability that it is right, over the
    provisions that got a suggestion, and the reliability table (one row per score decile)."""
    pairs = [(o.scores[0], o.top1) for o in outcomes if o.got]
    if not pairs:
        return 0.0, []
    rows, error = [], 0.0
    for index in range(BINS):
        low, high = index / BINS, (index + 1) / BINS
        members = [(s, right) for s, right in pairs if low <= s < high or (index == BINS - 1 and s == 1.0)]
        if not members:
            continue
        mean = sum(s for s, _ in members) / len(members)
        accuracy = sum(right for _, right in members) / len(members)
        error += len(members) / len(pairs) * abs(mean - accuracy)
        rows.append((low, mean, accuracy, len(members)))
    return error, rows
