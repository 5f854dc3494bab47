"""`glacy programme report --year 2025 --format json|pdf|docx [--language en|fr] [--output FILE]`,
`glacy programme iati --all | --project CODE [--year Y] [--validate]` (XML on standard output),
`glacy programme import FILE --as USER [--dry-run]`, `glacy programme export [--year Y] --output FILE` and
`glacy programme recount` (rebuild the derived totals), and the staff's `grant`, `revoke` and `topic` verbs.

The JSON report is a contract read by automated checks: {"year", "activities": {"total", "by_type", …},
"projects": {"total", "by_funding"}, "staff", "parties": {"ETS185", …}, …} — keep its keys stable.
The commands read the whole node (they run as the node's operator); imports act for `--as USER`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from glacy.core.commands import acting_user, command_error
from glacy.core.errors import DomainError
from glacy.programme.figures import yearly_figures
from glacy.programme.iati import iati_document, iati_validate
from glacy.programme.models import Activity, Project
from glacy.programme.report import report_docx, report_pdf
from glacy.programme.selectors import projects_for_user
from glacy.programme.services.activities import activities_save
from glacy.programme.spreadsheet import export_csv, export_queryset, export_xlsx, parse_activity_sheet


class Command(BaseCommand):
    help = "The programme's yearly results report, IATI export and activity spreadsheets."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        report = actions.add_parser("report", help="The yearly results figures (JSON) or report (PDF, DOCX).")
        report.add_argument("--year", type=int, required=True)
        report.add_argument("--format", choices=["json", "pdf", "docx"], default="json")
        report.add_argument("--language", choices=["en", "fr"], default="en")
        report.add_argument("--output", type=Path, help="File to write (PDF and DOCX need it).")
        iati = actions.add_parser("iati", help="IATI 2.03 activity XML of the projects, on standard output.")
        which = iati.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="Every project of the node.")
        which.add_argument("--project", help="One project, by its short name.")
        iati.add_argument("--year", type=int, default=None, help="Actual values up to this year (default: now).")
        iati.add_argument("--validate", action="store_true", help="Check the XML against the IATI 2.03 schema.")
        importer = actions.add_parser("import", help="Import activities from an XLSX or CSV file (all or nothing).")
        importer.add_argument("file", type=Path)
        importer.add_argument("--as", dest="username", required=True)
        importer.add_argument("--dry-run", action="store_true", help="Check the file and print the report only.")
        exporter = actions.add_parser("export", help="Export activities in the import format.")
        exporter.add_argument("--year", type=int, default=None)
        exporter.add_argument("--output", type=Path, required=True, help="FILE.xlsx or FILE.csv")
        grant = actions.add_parser("grant", help="Let a user read one country's records (focal point) or a "
                                                 "donor's projects (donor representative).")
        grant.add_argument("username")
        scope = grant.add_mutually_exclusive_group(required=True)
        scope.add_argument("--focal-point", metavar="COUNTRY", help="ISO 3166 alpha-2 code, e.g. GH")
        scope.add_argument("--donor", metavar="NAME", help="The donor's name as registered")
        grant.add_argument("--as", dest="actor", required=True, help="The programme officer giving access.")
        revoke = actions.add_parser("revoke", help="Withdraw every programme access a user was given by your office.")
        revoke.add_argument("username")
        revoke.add_argument("--as", dest="actor", required=True)
        topic = actions.add_parser("topic", help="Add a topic to the managed vocabulary.")
        topic.add_argument("code")
        topic.add_argument("--en", required=True, help="Name in English")
        topic.add_argument("--fr", required=True, help="Name in French")
        topic.add_argument("--as", dest="actor", required=True)
        actions.add_parser("recount", help="Rebuild the activity tallies and the training sessions' totals (after "
                                           "a restore, or when countries change region).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise command_error(error) from error

    def _report(self, options: dict[str, Any]) -> None:
        figures = yearly_figures(year=options["year"])
        if options["format"] == "json":
            text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        if not options["output"]:
            raise CommandError("--output FILE is needed for PDF and DOCX.")
        build = report_pdf if options["format"] == "pdf" else report_docx
        options["output"].write_bytes(build(figures, language=options["language"]))
        self.stderr.write(f"Wrote {options['output']}")

    def _iati(self, options: dict[str, Any]) -> None:
        projects = projects_for_user(user=None).prefetch_related("donors", "countries", "budgets").order_by("code")
        if options["project"]:
            projects = projects.filter(code=options["project"])
            if not projects.exists():
                raise CommandError(f"--project: no project {options['project']!r}.")
        document = iati_document(projects, as_of_year=options["year"] or timezone.now().year)
        if options["validate"]:
            problems = iati_validate(document)
            if problems:
                raise CommandError("The IATI document does not validate:\n" + "\n".join(problems[:20]))
        sys.stdout.buffer.write(document)
        sys.stdout.flush()

    def _import(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        sheet = parse_activity_sheet(data=path.read_bytes(), file_name=path.name,
                                     projects=projects_for_user(user=user).filter(authority_id=user.authority_id))
        for problem in sheet.problems:
            self.stderr.write(f"row {problem.row}, column {problem.column or '-'}: {problem.message}")
        if not sheet.is_valid:
            raise CommandError(f"{len(sheet.problems)} problem(s): nothing was imported.")
        if options["dry_run"]:
            self.stdout.write(f"{sheet.creates} to create, {sheet.updates} to update (dry run: nothing written).")
            return
        activities_save(actor=user, items=sheet.items, source="import")
        self.stdout.write(f"{sheet.creates} created, {sheet.updates} updated.")

    def _grant(self, options: dict[str, Any]) -> None:
        from glacy.programme.models import Donor
        from glacy.programme.services.projects import access_grant

        actor, user = acting_user(options["actor"]), acting_user(options["username"])
        if options["donor"]:
            donor = Donor.objects.filter(name=options["donor"]).first()
            if donor is None:
                raise CommandError(f"--donor: no donor named {options['donor']!r}.")
            access_grant(actor=actor, user=user, kind="donor", donor=donor)
        else:
            access_grant(actor=actor, user=user, kind="focal_point", country=options["focal_point"])
        self.stdout.write(f"{user.username} may now read {options['donor'] or options['focal_point'].upper()}.")

    def _revoke(self, options: dict[str, Any]) -> None:
        from glacy.programme.models import ProgrammeAccess
        from glacy.programme.services.projects import access_revoke

        actor, user = acting_user(options["actor"]), acting_user(options["username"])
        grants = list(ProgrammeAccess.objects.filter(user=user, authority_id=actor.authority_id))
        for grant in grants:
            access_revoke(actor=actor, grant=grant)
        self.stdout.write(f"{len(grants)} access grant(s) withdrawn.")

    def _topic(self, options: dict[str, Any]) -> None:
        from glacy.programme.services.projects import topic_create

        topic_create(actor=acting_user(options["actor"]), code=options["code"], name_en=options["en"],
                     name_fr=options["fr"])
        self.stdout.write(f"Topic {options['code']} added.")

    def _recount(self, options: dict[str, Any]) -> None:
        from django.db import transaction

        from glacy.programme.tallies import tallies_refresh
        from glacy.training.models import Session
        from glacy.training.services.stats import sessions_stats_refresh

        with transaction.atomic():
            rows = tallies_refresh()
            sessions = sessions_stats_refresh(sessions=Session.objects.all())
        self.stdout.write(f"{rows} tally rows and {sessions} session totals rebuilt.")

    def _export(self, options: dict[str, Any]) -> None:
        activities = Activity.objects.filter(project__in=Project.objects.all())
        if options["year"]:
            activities = activities.filter(year=options["year"])
        output: Path = options["output"]
        rows = export_queryset(activities)
        output.write_bytes(export_xlsx(rows) if output.suffix.lower() == ".xlsx" else export_csv(rows))
        self.stderr.write(f"Wrote {output}")
