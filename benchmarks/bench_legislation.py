"""Legislation review: accuracy on REAL laws (frozen test split, development split), the old in-house sets, time
per law and memory.

    .venv/bin/python benchmarks/bench_legislation.py [--quick | --timing-only]

--timing-only prints only the time and memory part (no accuracy line, no split read): what a developer runs
while the test split stays closed. The development-only accuracy estimate is benchmarks/legislation_lolo.py.

Real laws: tests/fixtures/legislation/real/ with split.yaml. The TEST split was frozen before any tuning and is
never trained or tuned on: its lines are the estimate for a law not seen. The DEVELOPMENT split is training data
of the ranker: it is reported as the training fit with the shipped model and, the honest development estimate,
leave-one-law-out (each development law predicted by a ranker trained without it; --quick skips this).
Top-1 counts the first suggestion right when it is one of the articles the provision implements ("nothing" when
it implements none); top-3 when one of the first three is; segmentation recall is the share of labelled
provisions the segmenter emits; ECE is the expected calibration error of the first suggestion's score as the
probability that it is right (reliability chart printed). Targets (issue 14): top-1 ≥ 0.80, top-3 ≥ 0.90,
segmentation ≥ 0.98, nothing precision ≥ 0.85 and recall ≥ 0.80, ECE ≤ 0.05, a 300-provision law in < 10 s,
linear in length, memory < 500 MB. Baseline measured in the same run: plain regex tokenisation of the same text.
"""

from __future__ import annotations

import os
import re
import resource
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")

import django

django.setup()

from glacy.legislation.evaluation import metrics, real_laws, report
from glacy.legislation.mapper import map_provisions, suggest
from glacy.legislation.ranker import model as shipped
from glacy.legislation.segmenter import Provision, segment

IN_HOUSE = ROOT / "tests" / "fixtures" / "legislation"
IN_HOUSE_FILES = ("evaluation.yaml", "held_out.yaml", "unseen.yaml", "blind.yaml", "blind2.yaml", "blind3.yaml",
                  "blind4.yaml", "blind5.yaml")


def mapper(provisions: list[Provision], language: str) -> list[list[tuple[str, float]]]:
    return [[(f"{s.instrument}:{s.article}", s.score) for s in suggest(p, language=language)] for p in provisions]


def split_report(part: str) -> metrics.Scores:
    outcomes = []
    for law in real_laws.laws(part):
        found = real_laws.outcomes(law, mapper)
        outcomes += found
        print(report.line(f"{law.key} ({law.country}, {law.language})", metrics.score(found)))
    overall = metrics.score(outcomes)
    print(report.line(f"ALL {part.upper()} ({len(real_laws.split()[part])} laws)", overall))
    return overall


def leave_one_law_out() -> None:
    """The development estimate, the same as benchmarks/legislation_lolo.py (trained and calibrated without the
    law it predicts)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from legislation_lolo import leave_one_law_out as development_estimate

    print(report.reliability_chart(development_estimate(calibrate=True)))


def in_house() -> None:
    for name in IN_HOUSE_FILES:
        items = yaml.safe_load((IN_HOUSE / name).read_text(encoding="utf-8"))
        outcomes = []
        for item in items:
            got = suggest(Provision("x", "", item["text"]), language=item["lang"])
            articles = [f"{s.instrument}:{s.article}" for s in got]
            outcomes.append(metrics.Outcome(item["id"], list(item["expected"]), articles, [s.score for s in got]))
        print(report.line(f"{name} (in-house, training data)", metrics.score(outcomes)))


def law_of(size: int) -> str:
    items = [item for name in IN_HOUSE_FILES for item in yaml.safe_load((IN_HOUSE / name).read_text("utf-8"))]
    return "\n".join(f"Section {number + 1}. {items[number * 101 % len(items)]['text']}" for number in range(size))


def timed(text: str) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _repeat in range(3):
        start = time.perf_counter()
        provisions = segment(text)
        map_provisions(provisions)
        best, count = min(best, time.perf_counter() - start), len(provisions)
    return best, count


def timing() -> None:
    timings = {}
    for size in (100, 300, 1000):
        text = law_of(size)
        start = time.perf_counter()
        for _repeat in range(3):
            re.findall(r"\w+", text)
        baseline = (time.perf_counter() - start) / 3
        seconds, count = timed(text)
        timings[size] = seconds
        print(f"{size:5d} provisions ({count} segmented): {seconds:6.3f} s, {seconds / count * 1000:6.2f} ms per "
              f"provision, {seconds / baseline:8.1f}x plain tokenisation")
    print(f"linearity time(1000)/time(100)/10 = {timings[1000] / timings[100] / 10:.2f} (1.0 = linear)")
    print(f"300-provision law: {timings[300]:.2f} s (target < 10 s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB (target < 500 MB)")


def main() -> None:
    shipped.load()
    if "--timing-only" in sys.argv:
        timing()
        return
    print("== Real laws, FROZEN TEST split (never tuned on)")
    test = split_report("test")
    print(report.reliability_chart(test))
    print("== Real laws, DEVELOPMENT split: training fit of the shipped ranker")
    dev = split_report("dev")
    print(report.reliability_chart(dev))
    if "--quick" not in sys.argv:
        print("== Real laws, DEVELOPMENT split: leave one law out (honest development estimate)")
        leave_one_law_out()
    print("== In-house labelled sets (training data of the ranker since issue 14: a fit, not an estimate)")
    in_house()
    timing()


if __name__ == "__main__":
    main()
