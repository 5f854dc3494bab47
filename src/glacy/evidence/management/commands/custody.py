"""`glacy custody verify` (exit 1 naming the first broken link) and `glacy custody checkpoint`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.evidence.services.custody import checkpoint_sign, custody_log_verify


class Command(BaseCommand):
    help = "Verify the whole custody log and its signed checkpoints, or sign a new checkpoint."
    # Django's system checks import every URL configuration and view (half a second): nothing this command
    # reads or writes depends on them, and an auditor may run it from cron every few minutes.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="Re-check every chain, log position and checkpoint.")
        actions.add_parser("checkpoint", help="Sign the current Merkle root of the log.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            checkpoint = checkpoint_sign()
            self.stdout.write(f"Checkpoint of {checkpoint.tree_size} events, root {checkpoint.root_hash}, "
                              f"key {checkpoint.key_fingerprint[:16]}…")
            return
        report = custody_log_verify()
        if not report.is_intact:
            raise CommandError(f"Custody log BROKEN: {report.problem}")
        self.stdout.write(f"Custody log intact: {report.events} events, {report.checkpoints} signed checkpoints.")
