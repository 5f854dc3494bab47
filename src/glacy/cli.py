"""The `glacy` console script: Django's manage.py with the platform's settings and a CLI audit origin."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. `glacy migrate`, `glacy demo`, `glacy treaty load`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")
    from django.core.management import execute_from_command_line

    from glacy.core.context import origin

    with origin("cli"):
        execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
