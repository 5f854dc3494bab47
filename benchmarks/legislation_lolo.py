"""Legislation ranker, DEVELOPMENT split only: leave one law out (LOLO), the estimate used while developing.

    .venv/bin/python benchmarks/legislation_lolo.py [--raw]

Each development law (the Canadian Act in English and French counts as one law) is predicted by a ranker trained,
calibration included, without it: the scores it prints are those a law never seen would get. Nothing of the
frozen test split is read, trained on or printed here (issue 14: the lead measures it once, at the end, with
`benchmarks/bench_legislation.py`). --raw trains without calibration (faster; ECE is then that of raw scores).
Prints one line per law, the overall line and the reliability chart (predicted score against observed accuracy).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")

import django

django.setup()

from glacy.legislation import ranker
from glacy.legislation.evaluation import metrics, real_laws, report
from glacy.legislation.mapper import suggest
from glacy.legislation.ranker import model as shipped
from glacy.legislation.ranker.data import group_of, training_set
from glacy.legislation.ranker.train import train
from glacy.legislation.segmenter import Provision


def mapper(provisions: list[Provision], language: str) -> list[list[tuple[str, float]]]:
    return [[(f"{s.instrument}:{s.article}", s.score) for s in suggest(p, language=language)] for p in provisions]


def leave_one_law_out(calibrate: bool) -> metrics.Scores:
    examples = training_set()
    development = real_laws.laws("dev")
    groups = sorted({group_of(law.key) for law in development})
    outcomes = []
    original = ranker.load
    try:
        for group in groups:
            model = shipped.from_json(train([e for e in examples if e.group != group], calibrate=calibrate))
            ranker.load = lambda model=model: model  # type: ignore[assignment,misc]
            for law in development:
                if group_of(law.key) == group:
                    found = real_laws.outcomes(law, mapper)
                    outcomes += found
                    print(report.line(f"{law.key} (held out)", metrics.score(found)), flush=True)
    finally:
        ranker.load = original
    overall = metrics.score(outcomes)
    kind = "calibrated" if calibrate else "raw scores"
    print(report.line(f"ALL DEV, leave-one-law-out ({len(groups)} laws, {kind})", overall))
    return overall


def main() -> None:
    start = time.perf_counter()
    print("== Real laws, DEVELOPMENT split only: leave one law out (the frozen test split is not read)")
    overall = leave_one_law_out(calibrate="--raw" not in sys.argv)
    print(report.reliability_chart(overall))
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
