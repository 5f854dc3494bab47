"""`glacy treaty load | import-status FILE.csv | status COUNTRY`: manage the treaty reference data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.errors import ValidationFailed
from glacy.treaty import services
from glacy.treaty.models import PartyStatus


class Command(BaseCommand):
    help = "Load the shipped treaty data, import a newer status chart, or show a country's status."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="Load instruments, articles, statuses and declarations shipped with GLACY.")
        importer = actions.add_parser("import-status", help="Import a status chart (parties.csv columns).")
        importer.add_argument("file", type=Path)
        status = actions.add_parser("status", help="Show the status of one country (ISO code).")
        status.add_argument("country")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                for name, summary in services.reference_data_load(actor=None).items():
                    self.stdout.write(f"{name}: {summary.created} new, {summary.updated} changed, "
                                      f"{summary.unchanged} unchanged")
            elif options["action"] == "import-status":
                path: Path = options["file"]
                if not path.is_file():
                    raise CommandError(f"{path}: no such file.")
                try:
                    text = path.read_text(encoding="utf-8")
                except UnicodeDecodeError as error:
                    raise CommandError(f"{path}: not UTF-8 text.") from error
                summary = services.party_statuses_import_csv(actor=None, text=text)
                self.stdout.write(f"{summary.created} new, {summary.updated} changed, {summary.unchanged} unchanged")
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
