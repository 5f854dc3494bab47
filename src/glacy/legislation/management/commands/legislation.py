"""`glacy legislation map FILE [--lang en|fr] [--instrument ETS185] [--top 3] --format json|text`, and the
reviewer's verbs `glacy legislation import FILE --country GH --title … --as USER` and
`glacy legislation assess --country GH --instrument ETS185 --as USER` (audited on the command-line channel).

Prints one JSON object {"provisions": [{"ref", "heading", "text", "suggestions": [...]}]}; suggestions best
first, each {"instrument", "article", "score" (0–1), "coverage" ("full"|"partial"), "reasons"}. This output is
a contract used by automated checks: keep it stable. The command does not touch the database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.commands import acting_user, command_error
from glacy.core.errors import DomainError
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
        importer = actions.add_parser("import", help="Import a law for review (segmented, with suggestions).")
        importer.add_argument("file", type=Path)
        importer.add_argument("--country", required=True, help="ISO 3166 alpha-2 code, e.g. GH")
        importer.add_argument("--title", required=True)
        importer.add_argument("--kind", default="act", choices=["act", "code", "bill", "amendment", "regulation"])
        importer.add_argument("--lang", choices=["en", "fr"], default="")
        importer.add_argument("--as", dest="username", required=True, help="The reviewer importing the law.")
        assess = actions.add_parser("assess", help="Compute the next version of a country's compliance matrix.")
        assess.add_argument("--country", required=True)
        assess.add_argument("--instrument", default="ETS185", choices=["ETS185", "ETS189", "CETS224"])
        assess.add_argument("--as", dest="username", required=True)
        trainer = actions.add_parser("train", help="Train the ranker on the committed labelled data (model.json).")
        trainer.add_argument("--check", action="store_true",
                             help="Do not write: fail if training again would change the shipped model.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            self._train(options)
            return
        if options["action"] in {"import", "assess"}:
            try:
                getattr(self, f"_{options['action']}")(options)
            except DomainError as error:
                raise command_error(error) from error
            return
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

    def _train(self, options: dict[str, Any]) -> None:
        from glacy.legislation.ranker import model as shipped
        from glacy.legislation.ranker.train import train, write

        document = train()
        if options["check"]:
            current = json.loads(shipped.MODEL_PATH.read_text(encoding="utf-8"))
            if current != json.loads(json.dumps(document, ensure_ascii=False)):
                raise CommandError("Training again changes the shipped ranker: run 'glacy legislation train'.")
            self.stdout.write("The shipped ranker is what the committed data trains.")
            return
        write(document)
        self.stdout.write(f"{document['examples']} labelled provisions, {len(document['classes'])} classes, "
                          f"{len(document['vocabulary'])} terms → {shipped.MODEL_PATH.name}")

    def _import(self, options: dict[str, Any]) -> None:
        from glacy.legislation.services.laws import law_import

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        law = law_import(actor=acting_user(options["username"]), country_code=options["country"],
                         title=options["title"], file_name=path.name, data=path.read_bytes(), kind=options["kind"],
                         language=options["lang"])
        suggested = sum(1 for provision in law.provisions.all() if provision.suggestions.exists())
        self.stdout.write(f"{law.pk}\t{law.provisions.count()} provisions, {suggested} with suggestions\t{law.title}")

    def _assess(self, options: dict[str, Any]) -> None:
        from glacy.legislation.selectors import laws_for_user
        from glacy.legislation.services.assessments import assessment_create

        user = acting_user(options["username"])
        laws = laws_for_user(user=user).filter(country_id=options["country"].upper())
        assessment = assessment_create(actor=user, country_code=options["country"],
                                       instrument_code=options["instrument"], laws=laws)
        for row in assessment.rows.select_related("article").order_by("article__position"):
            self.stdout.write(f"Art. {row.article.number}\t{row.coverage}\t{row.article.title_en}")
        self.stdout.write(f"version {assessment.version}\t{assessment.pk}")
