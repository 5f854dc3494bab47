"""`glacy evidence ingest|export|verify|import`: the evidence vault on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

from glacy.cooperation.models import Case
from glacy.core.commands import acting_user
from glacy.core.errors import DomainError
from glacy.directory.models import User
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.export import evidence_export_package, evidence_package_import
from glacy.evidence.services.ingest import evidence_ingest, ingest_size
from glacy.evidence.verify_package import verify_package


class Command(BaseCommand):
    help = "Ingest, export, verify and import electronic evidence."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ingest = actions.add_parser("ingest", help="Ingest a file or a folder (archives, web captures and folders "
                                                   "are listed member by member).")
        ingest.add_argument("path", type=Path, help="A file, the first segment of a split image (.001) or a folder.")
        ingest.add_argument("--case", required=True, help="Case reference, e.g. GH-CASE-2026-0001.")
        ingest.add_argument("--as", dest="username", required=True, help="The custodian doing the ingest.")
        ingest.add_argument("--description", required=True)
        ingest.add_argument("--source", default=EvidenceItem.Source.SEIZURE, choices=EvidenceItem.Source.values)
        ingest.add_argument("--expected-md5", default="")
        ingest.add_argument("--expected-sha1", default="")
        ingest.add_argument("--expected-sha256", default="")
        ingest.add_argument("--legal-basis", default="")
        ingest.add_argument("--blake3", dest="with_blake3", action="store_true", default=None,
                            help="Also compute BLAKE3 in the same pass (default: setting GLACY_EVIDENCE_BLAKE3).")
        export = actions.add_parser("export", help="Export an exhibit as a signed BagIt package.")
        export.add_argument("item", help="Exhibit number or id.")
        export.add_argument("output", type=Path, help="Folder to create for the package.")
        export.add_argument("--as", dest="username", required=True)
        export.add_argument("--purpose", required=True)
        verify = actions.add_parser("verify", help="Verify a package offline; exit 1 if any check fails.")
        verify.add_argument("package", type=Path)
        receive = actions.add_parser("import", help="Verify a received package, then register it.")
        receive.add_argument("package", type=Path)
        receive.add_argument("--case", required=True)
        receive.add_argument("--as", dest="username", required=True)
        receive.add_argument("--description", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            errors = getattr(error, "errors", None)
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
                               if errors else str(error.message)) from error

    def _case(self, reference: str, user: User) -> Case:
        case = Case.objects.filter(reference=reference, authority=user.authority).first()
        if case is None:
            raise CommandError(f"--case: no case {reference!r} in your authority.")
        return case

    def _ingest(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        path: Path = options["path"]
        total = ingest_size(path)
        with Progress(*Progress.get_default_columns()[:1], BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                      console=None, transient=True, disable=not self.stdout.isatty()) as progress:
            task = progress.add_task(f"Ingesting {path.name}", total=total)
            item = evidence_ingest(
                actor=user, case=self._case(options["case"], user), path=path, description=options["description"],
                source=options["source"], legal_basis=options["legal_basis"],
                stated_hashes={"md5": options["expected_md5"], "sha1": options["expected_sha1"],
                               "sha256": options["expected_sha256"]},
                progress=lambda done: progress.update(task, completed=done), with_blake3=options["with_blake3"])
        self.stdout.write(f"{item.exhibit_number}\t{item.sha256}\t{item.size} bytes")
        if item.stated_hashes_match is False:
            self.stdout.write(self.style.WARNING("The hash stated in the acquisition report does NOT match."))

    def _export(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        item = EvidenceItem.objects.filter(exhibit_number=options["item"]).first() or (
            EvidenceItem.objects.filter(pk=options["item"]).first() if len(options["item"]) == 36 else None)
        if item is None or item.case.authority_id != user.authority_id:
            raise CommandError(f"No exhibit {options['item']!r} in your authority.")
        path = evidence_export_package(actor=user, item=item, destination=options["output"],
                                       purpose=options["purpose"])
        self.stdout.write(f"Package written to {path}")

    def _verify(self, options: dict[str, Any]) -> None:
        verdict = verify_package(options["package"])
        for check in verdict.checks:
            self.stdout.write(f"{'PASS' if check.passed else 'FAIL'}\t{check.name}\t{check.detail}")
        if not verdict.passed:
            raise CommandError("The package did NOT verify.")
        self.stdout.write("The package verifies.")

    def _import(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        item, _verdict = evidence_package_import(actor=user, case=self._case(options["case"], user),
                                                 package=options["package"], description=options["description"])
        self.stdout.write(f"{item.exhibit_number}\t{item.sha256}\treceived")
