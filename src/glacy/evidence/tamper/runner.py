"""Applying each attack to the scene, verifying, and undoing it."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from glacy.evidence.models import EvidenceItem
from glacy.evidence.tamper.scene import CASES, Attack, Outcome, Scene

# --- running ----------------------------------------------------------------------------------------------------

@contextmanager
def _files_restored(paths: list[Path]) -> Any:
    saved = {path: path.read_bytes() if path.exists() else None for path in paths}
    modes = {path: path.stat().st_mode for path in paths if path.exists()}
    try:
        yield
    finally:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
                continue
            if path.exists():
                os.chmod(path, 0o644)
            path.write_bytes(data)
            os.chmod(path, modes[path] & 0o777)


def _verdict(scene: Scene, target: str, bag: Path) -> str:
    """The verifier's message for the target ("" when everything verified)."""
    if target == "package":
        from glacy.evidence.verify_package import verify_package

        with verify_package(bag, trust=scene.trust) as verdict:
            return "; ".join(f"{check.name}: {check.detail}" for check in verdict.checks if not check.passed)
    if target == "store":
        from glacy.evidence.services.fixity import fixity_problems

        problems = []
        for item in (scene.item, scene.folder_item):
            problems += fixity_problems(EvidenceItem.objects.get(pk=item.pk))
        return "; ".join(problems)
    from glacy.evidence.services.log_verify import custody_log_verify

    report = custody_log_verify(trust=scene.trust)
    return "" if report.is_intact else report.problem


def run_case(scene: Scene, name: str, target: str, attack: Attack) -> Outcome:
    from glacy.evidence.services.ingest import blob_store

    store = blob_store()
    blobs = [store.path_for(sha) for sha in {scene.item.sha256, *scene.folder_item.members.values_list(  # type: ignore[attr-defined]
        "sha256", flat=True)}]
    bag = scene.workdir / "attacked"
    shutil.rmtree(bag, ignore_errors=True)
    shutil.copytree(scene.package, bag)
    key_path = Path(settings.NODE_KEY_PATH)
    with _files_restored([*blobs, key_path]), transaction.atomic():
        try:
            expected = attack(scene, bag)
            message = _verdict(scene, target, bag)
        finally:
            transaction.set_rollback(True)
    shutil.rmtree(bag, ignore_errors=True)
    return Outcome(name, target, bool(message), expected in message, message, expected)


def run_suite(scene: Scene) -> list[Outcome]:
    """Every case on a fresh copy of the scene: the untouched scene must verify first (no false alarm)."""
    for target in ("package", "log", "store"):
        message = _verdict(scene, target, scene.package)
        if message:
            raise AssertionError(f"the untouched {target} does not verify: {message}")
    return [run_case(scene, name, target, attack) for name, target, attack in CASES]
