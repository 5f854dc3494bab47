"""Printing evaluation results: one line per law and per split, and the reliability chart (predicted score against
observed accuracy, per score decile)."""

from __future__ import annotations

from glacy.legislation.evaluation.metrics import Scores


def line(name: str, scores: Scores) -> str:
    return (f"{name:48s} n={scores.count:3d} (nothing {scores.expected_nothing:3d}) top-1 {scores.top1:.3f}  "
            f"top-3 {scores.top3:.3f}  segmentation {scores.segmentation_recall:.3f}  nothing P "
            f"{scores.nothing_precision:.3f} R {scores.nothing_recall:.3f}  ECE {scores.ece:.3f}")


def reliability_chart(scores: Scores, width: int = 40) -> str:
    rows = ["  score bin   mean score  accuracy  n    accuracy (#) against mean score (|)"]
    for low, mean, accuracy, count in scores.reliability:
        bar = [" "] * (width + 1)
        bar[round(accuracy * width)] = "#"
        bar[round(mean * width)] = "|" if bar[round(mean * width)] == " " else "+"
        rows.append(f"  {low:.1f}–{low + 0.1:.1f}     {mean:.3f}       {accuracy:.3f}   {count:4d} "
                    f"[{''.join(bar)}]")
    return "\n".join(rows)
