"""Legislation mapping: accuracy per labelled file and on their union, time per provision, and linear scaling.

    .venv/bin/python benchmarks/bench_legislation.py

Accuracy is printed per fixture file and for their union: count (EN/FR split, maps-to-nothing items), top-1,
top-3, and maps-to-nothing precision and recall. Baseline measured in the same run: plain regex tokenisation
of the same text. Target (issue 5): a 300-provision law segmented and mapped in under 10 s, time growing
linearly with length.
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
# evaluation: tuned on; held_out, unseen and blind: written before a round of tuning (their misses informed general
# vocabulary), blind2 too (seen when the low-confidence fallback was added); blind3: written and committed before
# that change and measured once (its misses then informed general rules: Art. 11 attached to an offence, offences
# before powers, deception fraud, "capter … contenu", saturation, obscene-message nuisance); blind4: written and
# committed before those rules, measured once (top-1 0.853, top-3 0.880, nothing P 0.800 R 0.800), then its misses
# informed general rules (real-time collection before production orders, powers authorised by any body, Art. 6
# nouns, forgery of e-signatures/documents, false news and distress as nothing); blind5: written and committed
# before those rules and never tuned on, now the estimate for a law not seen.
FILES = ("evaluation.yaml", "held_out.yaml", "unseen.yaml", "blind.yaml", "blind2.yaml", "blind3.yaml",
         "blind4.yaml", "blind5.yaml")


def load(name: str) -> list[dict]:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def accuracy(name: str, items: list[dict]) -> str:
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
    french = sum(item["lang"] == "fr" for item in items)
    return (f"{name:16s} {count:4d} provisions (EN {count - french}, FR {french}, nothing {actual_nothing}): "
            f"top-1 {top1 / count:.3f}, top-3 {top3 / count:.3f}, "
            f"maps-to-nothing precision {correct_nothing / max(predicted_nothing, 1):.3f} "
            f"recall {correct_nothing / max(actual_nothing, 1):.3f}")


def law_of(size: int) -> str:
    items = [item for name in FILES for item in load(name)]
    # A prime stride spreads every size over all files, so short and long provisions mix alike at 100 and 1000.
    return "\n".join(f"Section {number + 1}. {items[number * 101 % len(items)]['text']}" for number in range(size))


def timed(text: str) -> tuple[float, int]:
    """Best of three runs, so one scheduler hiccup does not read as non-linearity."""
    best, count = float("inf"), 0
    for _repeat in range(3):
        start = time.perf_counter()
        provisions = segment(text)
        map_provisions(provisions)
        best, count = min(best, time.perf_counter() - start), len(provisions)
    return best, count


def main() -> None:
    union = []
    for name in FILES:
        items = load(name)
        union.extend(items)
        print(accuracy(name, items))
    print(accuracy("union", union))
    print(accuracy(f"all but {FILES[0]}", [item for name in FILES[1:] for item in load(name)]))
    # The honest estimate for laws nobody has seen is the newest blind file's line above: each blind file was
    # written before the round of rule changes that followed it and measured once (scores in its header).
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
