"""`glacy evidence ingest|export|verify|import|fixity|cleanup`: the evidence vault on the command line."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

from glacy.cooperation.models import Case, Request
from glacy.core.commands import acting_user, command_error
from glacy.core.errors import DomainError
from glacy.directory.models import User
from glacy.evidence.models import EvidenceItem
from glacy.evidence.trust import TrustFileError, TrustList


def _moment(text: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("give the time zone, e.g. 2026-03-01T14:30:00+01:00")
    return moment


def trust_from_options(paths: list[Path] | None, *, own: bool = True) -> TrustList:
    """The keys a command trusts: the files given with --trust; else the node's trust file, its peer list and
    (``own``) its own key history. Never keys taken from what is being verified."""
    from glacy.evidence.services.node_history import own_trust, peer_trust, trust_file

    try:
        if paths:
            trust = TrustList.from_file(paths[0])
            for path in paths[1:]:
                trust = trust.merged(TrustList.from_file(path))
            return trust
        trust = peer_trust()
        anchored = trust_file()
        if anchored is not None:
            trust = anchored.merged(trust)
        return own_trust().merged(trust) if own else trust
    except TrustFileError as error:
        raise CommandError(f"--trust: {error}") from error


class Command(BaseCommand):
    help = "Ingest, export, verify and import electronic evidence; check its fixity; clean up after crashes."

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
        ingest.add_argument("--legal-basis", default="", help="The warrant or order (reference and date).")
        ingest.add_argument("--request", default="", help="Reference of the case's request the exhibit answers.")
        ingest.add_argument("--acquired-at", default="", help="When it was seized or acquired, with its zone "
                                                             "(ISO 8601, may be in the past; default: now).")
        ingest.add_argument("--acquired-by", default="", help="The seizing or acquiring officer (default: --as).")
        ingest.add_argument("--acquired-place", default="", help="Where it was seized or acquired.")
        ingest.add_argument("--device", default="", help="The device: make, model, serial number.")
        ingest.add_argument("--seal-number", default="")
        ingest.add_argument("--tool", default="", help="Acquisition tool and version.")
        ingest.add_argument("--blake3", dest="with_blake3", action="store_true", default=None,
                            help="Also compute BLAKE3 in the same pass (default: setting GLACY_EVIDENCE_BLAKE3).")
        export = actions.add_parser("export", help="Export an exhibit as a signed BagIt package.")
        export.add_argument("item", help="Exhibit number or id.")
        export.add_argument("output", type=Path, help="Folder to create for the package.")
        export.add_argument("--as", dest="username", required=True)
        export.add_argument("--purpose", required=True)
        verify = actions.add_parser("verify", help="Verify a package (its folder or its ZIP as downloaded) against "
                                                   "trusted keys; exit 1 if any check fails.")
        verify.add_argument("package", type=Path)
        verify.add_argument("--trust", type=Path, action="append", metavar="KEYS",
                            help="Trust file of the keys to accept (repeatable; default: the node's trust file, "
                                 "peer list and own keys).")
        verify.add_argument("--tsa-certs", type=Path, help="PEM root certificates of the time-stamping authority.")
        receive = actions.add_parser("import", help="Verify a received package against trusted keys, then register "
                                                    "it.")
        receive.add_argument("package", type=Path)
        receive.add_argument("--case", required=True)
        receive.add_argument("--as", dest="username", required=True)
        receive.add_argument("--description", required=True)
        receive.add_argument("--trust", type=Path, action="append", metavar="KEYS",
                             help="Trust file naming the sender's key (default: the node's trust file and peers).")
        fixity = actions.add_parser("fixity", help="Re-hash stored originals and record the result (cron); exit 1 "
                                                   "on a mismatch.")
        fixity.add_argument("--days", type=int, default=None,
                            help="Check a rotating share so that each exhibit is checked every DAYS days "
                                 "(run daily); default: every exhibit now.")
        cleanup = actions.add_parser("cleanup", help="Remove what interrupted ingests left (cron).")
        cleanup.add_argument("--older-than-hours", type=float, default=24.0)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise command_error(error) from error

    def _case(self, reference: str, user: User) -> Case:
        case = Case.objects.filter(reference=reference, authority=user.authority).first()
        if case is None:
            raise CommandError(f"--case: no case {reference!r} in your authority.")
        return case

    def _ingest(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.ingest import evidence_ingest, ingest_size

        user = acting_user(options["username"])
        case = self._case(options["case"], user)
        try:
            acquired_at = _moment(options["acquired_at"]) if options["acquired_at"] else None
        except ValueError as error:
            raise CommandError(f"--acquired-at: {error}") from error
        request = None
        if options["request"]:
            request = Request.objects.filter(case=case, reference=options["request"]).first()
            if request is None:
                raise CommandError(f"--request: no request {options['request']!r} in case {case.reference}.")
        path: Path = options["path"]
        total = ingest_size(path)
        with Progress(*Progress.get_default_columns()[:1], BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                      console=None, transient=True, disable=not self.stdout.isatty()) as progress:
            task = progress.add_task(f"Ingesting {path.name}", total=total)
            item = evidence_ingest(
                actor=user, case=case, path=path, description=options["description"], source=options["source"],
                legal_basis=options["legal_basis"], answers_request=request, acquired_at=acquired_at,
                acquired_by=options["acquired_by"], acquired_place=options["acquired_place"],
                device=options["device"], seal_number=options["seal_number"], acquisition_tool=options["tool"],
                stated_hashes={"md5": options["expected_md5"], "sha1": options["expected_sha1"],
                               "sha256": options["expected_sha256"]},
                progress=lambda done: progress.update(task, completed=done), with_blake3=options["with_blake3"])
        self.stdout.write(f"{item.exhibit_number}\t{item.sha256}\t{item.size} bytes")
        if item.stated_hashes_match is False:
            self.stdout.write(self.style.WARNING("The hash stated in the acquisition report does NOT match."))

    def _export(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.export import evidence_export_package

        user = acting_user(options["username"])
        item = EvidenceItem.objects.filter(exhibit_number=options["item"]).first() or (
            EvidenceItem.objects.filter(pk=options["item"]).first() if len(options["item"]) == 36 else None)
        if item is None or item.case.authority_id != user.authority_id:
            raise CommandError(f"No exhibit {options['item']!r} in your authority.")
        path = evidence_export_package(actor=user, item=item, destination=options["output"],
                                       purpose=options["purpose"])
        self.stdout.write(f"Package written to {path}")

    def _verify(self, options: dict[str, Any]) -> None:
        from glacy.evidence.verify_package import verify_package

        trust = trust_from_options(options["trust"])
        with verify_package(options["package"], trust=trust, tsa_roots=options["tsa_certs"]) as verdict:
            if verdict.signer:
                self.stdout.write(f"Signing key fingerprint: {verdict.signer}")
            for check in verdict.checks:
                self.stdout.write(f"{'PASS' if check.passed else 'FAIL'}\t{check.name}\t{check.detail}")
            if not verdict.passed:
                raise CommandError("The package did NOT verify.")
        self.stdout.write("The package verifies.")

    def _import(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.export import evidence_package_import

        user = acting_user(options["username"])
        trust = trust_from_options(options["trust"], own=False)
        item, verdict = evidence_package_import(actor=user, case=self._case(options["case"], user),
                                                package=options["package"], description=options["description"],
                                                trust=trust)
        self.stdout.write(f"Signing key fingerprint: {verdict.signer}")
        self.stdout.write(f"{item.exhibit_number}\t{item.sha256}\treceived")

    def _fixity(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.fixity import fixity_run

        results = fixity_run(days=options["days"])
        failed = [result for result in results if not result.is_intact]
        for result in failed:
            self.stdout.write(f"MISMATCH\t{result.item.exhibit_number}\t{'; '.join(result.problems)}")
        self.stdout.write(f"{len(results)} exhibit(s) checked, {len(failed)} mismatch(es).")
        if failed:
            raise CommandError(f"{len(failed)} exhibit(s) failed the fixity check.")

    def _cleanup(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.cleanup import evidence_cleanup

        report = evidence_cleanup(older_than=options["older_than_hours"] * 3600)
        self.stdout.write(f"Removed {len(report.partial_files)} partial file(s), {len(report.unreferenced_blobs)} "
                          f"unreferenced blob(s), {len(report.upload_folders)} abandoned upload folder(s).")
