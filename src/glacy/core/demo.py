"""Running every app's demo loader in order. Apps register a loader in DEMO_LOADERS (dotted paths).

Kept as a list of dotted paths so core does not import domain apps at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

from glacy.core.context import current_origin, origin

#: Each loader takes no argument, is idempotent, and returns logins to print (or None).
DEMO_LOADERS = [
    "glacy.treaty.demo.load_reference_data",
    "glacy.directory.demo.load_demo_directory",
    "glacy.cooperation.demo.load_demo_cases",
    "glacy.cooperation.demo.load_demo_requests",
    "glacy.evidence.demo.load_demo_evidence",
    "glacy.legislation.demo.load_demo_legislation",
    "glacy.programme.demo.load_demo_programme",
    "glacy.training.demo.load_demo_training",
    "glacy.profiles.demo.load_demo_recommendations",
]


def load_all_demo_data(*, progress: Callable[[str], None] = lambda message: None) -> list[dict[str, Any]]:
    logins: list[dict[str, Any]] = []
    channel = current_origin().channel
    with origin(channel if channel != "system" else "cli"):
        for dotted_path in DEMO_LOADERS:
            progress(f"Loading {dotted_path.split('.')[1]} data …")
            result = import_string(dotted_path)()
            if result:
                logins.extend(result)
    return logins
