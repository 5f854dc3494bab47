"""Issue 13 acceptance: every attack of the tamper suite — package edits, re-signing with another key, full
forgery, database edits, deletions and swaps, checkpoint deletion, key swap, blob corruption, hash column edits,
non-canonical appends — is detected, with a message that names what was changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glacy.evidence.tamper import CASES, run_suite, scene_build


def test_every_attack_is_detected_and_named(world: Any, tmp_path: Path,
                                            django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        scene = scene_build(tmp_path / "scene", custodian=world.users["custodian"], case=world.objects["case"])
    outcomes = run_suite(scene)
    missed = [(outcome.name, outcome.expected, outcome.message) for outcome in outcomes
              if not (outcome.detected and outcome.named)]
    assert missed == []
    assert len(outcomes) == len(CASES) >= 33
    assert {outcome.target for outcome in outcomes} == {"package", "log", "store"}
