"""Legislation mapping: accuracy on the labelled and held-out sets, time per provision, and linear scaling.

    .venv/bin/python benchmarks/bench_legislation.py

Baseline measured in the same run: plain regex tokenisation of the same text. Target (issue 5): a
300-provision law segmented and mapped in under 10 s, time growing linearly with length.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from glacy.legislation.mapper import map_provisions, suggest
from glacy.legislation.segmenter import Provision, segment

FIXTURES = ROOT / "tests" / "fixtures" / "legislation"


def accuracy(name: str) -> str:
    items = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    top1 = top3 = predicted_nothing = correct_nothing = actual_nothing = 0
    for item in items:
        got = [f"{s.instrument}:{s.article}" for s in suggest(Provision("x", "", item["text"]), language=item["lang"])]
        expected = item["expected"]
        predicted_nothing += not got
        actual_nothing += not expected
        correct_nothing += not expected and not got
        top1 += got[:1] == expected[:1] if expected else not got
        top3 += expected[0] in got[:3] if expected else not got
    count = len(items)
    return (f"{name}: {count} provisions, top-1 {top1 / count:.2f}, top-3 {top3 / count:.2f}, "
            f"maps-to-nothing precision {correct_nothing / max(predicted_nothing, 1):.2f} "
            f"recall {correct_nothing / max(actual_nothing, 1):.2f}")


def law_of(size: int) -> str:
    items = yaml.safe_load((FIXTURES / "evaluation.yaml").read_text(encoding="utf-8"))
    return "\n".join(f"Section {number + 1}. {items[number % len(items)]['text']}" for number in range(size))


def timed(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    provisions = segment(text)
    map_provisions(provisions)
    return time.perf_counter() - start, len(provisions)


def main() -> None:
    print(accuracy("evaluation.yaml"))
    print(accuracy("held_out.yaml"))
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


if __name__ == "__main__":
    main()
