"""`glacy custody verify|checkpoint|key|timestamp|witness-request|witness-sign|witness-import`: the node's
custody log, its signed checkpoints and the parties outside the node who vouch for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.commands import command_error
from glacy.core.errors import DomainError


class Command(BaseCommand):
    help = "Verify the whole custody log against its trust anchors, sign checkpoints, and have them witnessed."
    # Django's system checks import every URL configuration and view (half a second): nothing this command
    # reads or writes depends on them, and an auditor may run it from cron every few minutes.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="Re-check every chain, log position, checkpoint, key and anchor.")
        verify.add_argument("--trust", type=Path, action="append", metavar="KEYS",
                            help="Trust file (default: GLACY_TRUST_FILE): the node's first key, its witnesses'.")
        actions.add_parser("checkpoint", help="Sign the current Merkle root of the log (verify first, from cron).")
        actions.add_parser("key", help="Print this node's trust-file line (to give to witnesses and peers).")
        actions.add_parser("timestamp", help="Ask the configured authority (GLACY_TSA_URL) to time-stamp the latest "
                                             "checkpoint.")
        request = actions.add_parser("witness-request", help="Write the latest checkpoint for a witness to cosign.")
        request.add_argument("output", type=Path)
        request.add_argument("--from-size", type=int, action="append", default=[],
                             help="Also prove consistency from this earlier tree size (what the witness asks for).")
        cosign = actions.add_parser("witness-sign", help="As a witness: check another node's request and cosign it.")
        cosign.add_argument("request", type=Path)
        cosign.add_argument("output", type=Path)
        cosign.add_argument("--trust", type=Path, action="append", metavar="KEYS",
                            help="Trust file naming the node's key (default: the trust file and the peer list).")
        receive = actions.add_parser("witness-import", help="Keep a witness's cosignature of one of our checkpoints.")
        receive.add_argument("cosignature", type=Path)
        receive.add_argument("--trust", type=Path, action="append", metavar="KEYS",
                             help="Trust file naming the witness's key (default: the trust file and the peer list).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except DomainError as error:
            raise command_error(error) from error

    def _verify(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.log_verify import custody_log_verify
        from glacy.evidence.trust import TrustFileError, TrustList

        trust = None
        try:
            for path in options["trust"] or []:
                loaded = TrustList.from_file(path)
                trust = loaded if trust is None else trust.merged(loaded)
        except TrustFileError as error:
            raise CommandError(f"--trust: {error}") from error
        report = custody_log_verify(trust=trust)
        for warning in report.warnings:
            self.stdout.write(f"WARNING: {warning}")
        if not report.is_intact:
            raise CommandError(f"Custody log BROKEN: {report.problem}")
        anchors = f" Anchored by: {'; '.join(report.anchors)}." if report.anchors else ""
        self.stdout.write(f"Custody log intact: {report.events} events, {report.checkpoints} signed checkpoints."
                          f"{anchors}")

    def _checkpoint(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.checkpoints import checkpoint_sign

        checkpoint = checkpoint_sign()
        self.stdout.write(f"Checkpoint of {checkpoint.tree_size} events, root {checkpoint.root_hash}, "
                          f"key {checkpoint.key_fingerprint[:16]}…")

    def _key(self, options: dict[str, Any]) -> None:
        from django.conf import settings

        from glacy.evidence.trust import trust_line
        from glacy.exchange.keys import node_signing_key

        self.stdout.write(trust_line(node_signing_key().public_key(), settings.NODE_NAME))

    def _timestamp(self, options: dict[str, Any]) -> None:
        from django.conf import settings

        from glacy.evidence.models import CustodyCheckpoint
        from glacy.evidence.services.checkpoints import checkpoint_timestamp

        checkpoint = CustodyCheckpoint.objects.order_by("-tree_size").first()
        if checkpoint is None or not settings.TSA_URL:
            raise CommandError("No checkpoint to time-stamp, or no authority configured (GLACY_TSA_URL).")
        stamp = checkpoint_timestamp(checkpoint)
        if stamp is None:
            raise CommandError("The time-stamping authority gave no token (see the audit trail).")
        self.stdout.write(f"Checkpoint of {checkpoint.tree_size} events time-stamped at {stamp.stamped_at}.")

    def _witness_request(self, options: dict[str, Any]) -> None:
        from glacy.evidence.services.witnessing import witness_request_write

        checkpoint = witness_request_write(options["output"], extra_sizes=options["from_size"])
        self.stdout.write(f"Witness request for the checkpoint of {checkpoint.tree_size} events written to "
                          f"{options['output']}")

    def _witness_sign(self, options: dict[str, Any]) -> None:
        from glacy.evidence.management.commands.evidence import trust_from_options
        from glacy.evidence.services.witnessing import witness_cosign

        head = witness_cosign(options["request"], options["output"],
                              trust=trust_from_options(options["trust"], own=False))
        self.stdout.write(f"Cosigned {head.node_name}'s log of {head.tree_size} events (root {head.root_hash}); "
                          f"cosignature written to {options['output']}")

    def _witness_import(self, options: dict[str, Any]) -> None:
        from glacy.evidence.management.commands.evidence import trust_from_options
        from glacy.evidence.services.witnessing import cosignature_import

        cosignature = cosignature_import(options["cosignature"], trust=trust_from_options(options["trust"], own=False))
        self.stdout.write(f"Cosignature of {cosignature.witness_name} ({cosignature.witness_fingerprint[:16]}…) kept "
                          f"for the checkpoint of {cosignature.checkpoint.tree_size} events.")
