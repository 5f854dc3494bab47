"""`glacy treaty load | import-status FILE [--apply] | status COUNTRY`: manage the treaty reference data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.errors import ValidationFailed
from glacy.treaty import chart_imports, services
from glacy.treaty.models import PartyStatus


class Command(BaseCommand):
    help = "Load the shipped treaty data, import a newer status chart, or show a country's status."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="Load instruments, articles, statuses and declarations shipped with GLACY.")
        importer = actions.add_parser(
            "import-status", help="Show the differences a status chart (saved Treaty Office page or CSV in the "
                                  "parties.csv layout) would make; apply them with --apply.")
        importer.add_argument("file", type=Path)
        importer.add_argument("--apply", action="store_true", help="Apply the differences shown.")
        status = actions.add_parser("status", help="Show the status of one country (ISO code).")
        status.add_argument("country")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                for name, summary in services.reference_data_load(actor=None).items():
                    self.stdout.write(f"{name}: {summary.created} new, {summary.updated} changed, "
                                      f"{summary.unchanged} unchanged")
            elif options["action"] == "import-status":
                self._import_status(options["file"], apply=options["apply"])
            else:
                rows = PartyStatus.objects.filter(country_id=options["country"].upper()).select_related("instrument")
                if not rows:
                    raise CommandError(f"No treaty status recorded for {options['country'].upper()}.")
                for row in rows:
                    self.stdout.write(f"{row.instrument}: {row.status} signature={row.signature or '-'} "
                                      f"deposit={row.deposit or '-'} in force={row.entry_into_force or '-'}")
        except ValidationFailed as error:
            lines = [f"{key}: {' '.join(messages)}" for key, messages in error.errors.items()]
            raise CommandError("Nothing was imported:\n" + "\n".join(lines)) from error

    def _import_status(self, path: Path, *, apply: bool) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        chart_import = chart_imports.status_chart_preview(actor=None, data=path.read_bytes(), filename=path.name)
        found = chart_imports.preview_differences(chart_import)
        for item in found:
            if item.kind == "unchanged":
                continue
            changes = "; ".join(f"{field} {before or '-'} -> {after or '-'}" for field, before, after in item.changes)
            self.stdout.write(f"{item.kind}\t{item.instrument}\t{item.country}\t{item.state_name}\t{changes}")
        counts = {kind: sum(1 for item in found if item.kind == kind) for kind in ("new", "changed", "unchanged")}
        self.stdout.write(f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged")
        if not apply:
            self.stdout.write("Nothing was applied: run again with --apply to apply these differences.")
            return
        chart_imports.status_chart_apply(actor=None, chart_import=chart_import,
                                         expected=chart_imports.fingerprint(found))
        self.stdout.write("Applied.")
