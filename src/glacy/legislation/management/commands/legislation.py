"""`glacy legislation map FILE [--lang en|fr] [--instrument ETS185] [--top 3] --format json|text`.

Prints one JSON object {"provisions": [{"ref", "heading", "text", "suggestions": [...]}]}; suggestions best
first, each {"instrument", "article", "score" (0–1), "coverage" ("full"|"partial"), "reasons"}. This output is
a contract used by automated checks: keep it stable. The command does not touch the database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.legislation.cli import map_file_to_json
from glacy.legislation.extract import ExtractionError


class Command(BaseCommand):
    help = "Segment a national law and suggest the Convention articles each provision implements."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        mapper = actions.add_parser("map", help="Segment and map a law (PDF, DOCX, HTML or text).")
        mapper.add_argument("file", type=Path)
        mapper.add_argument("--lang", choices=["en", "fr"], default=None)
        mapper.add_argument("--instrument", choices=["ETS185", "ETS189", "CETS224"], default=None)
        mapper.add_argument("--top", type=int, default=3)
        mapper.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if options["top"] < 1:
            raise CommandError("--top must be 1 or more.")
        try:
            result = map_file_to_json(path, language=options["lang"], instrument=options["instrument"],
                                      top=options["top"])
        except ExtractionError as error:
            raise CommandError(str(error.message)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        provisions: Any = result["provisions"]
        for provision in provisions:
            suggestions = ", ".join(f"{item['instrument']} Art. {item['article']} ({item['score']:.2f}, "
                                    f"{item['coverage']})" for item in provision["suggestions"]) or "—"
            self.stdout.write(f"{provision['ref']}: {suggestions}")
