"""`glacy demo`: load reference data and the demonstration data set (idempotent), print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from glacy.core.demo import load_all_demo_data
from glacy.directory.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load treaty reference data and demonstration data (safe to run again), then print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins table.")

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_all_demo_data(progress=lambda message: self.stdout.write(message))
        if options["quiet_logins"]:
            return
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        width = max(len(login["username"]) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login['username']:<{width}}  {', '.join(login['roles']):<32} {login['authority']}")
