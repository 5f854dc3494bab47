"""`glacy node show | rotate-key | revoke-key`: this node's identity and keys."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.commands import command_error
from glacy.core.errors import DomainError
from glacy.exchange.identity import grouped, identity_document
from glacy.exchange.keyhistory import ENCRYPTION, SIGNING, KeyHistoryError, KeyRecord
from glacy.exchange.keys import node_identity, node_key_history


def _when(value: datetime.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "—"


def _write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text + "\n", encoding="ascii")
    os.replace(temp, path)


class Command(BaseCommand):
    help = "Show this node's identity and key history, or rotate or revoke one of its keys."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="Print the identity, the key fingerprints and the key history.")
        show.add_argument("--output", type=Path,
                          help="Also write the signed identity document to this file (give it to peers).")
        rotate = actions.add_parser("rotate-key", help="Replace the signing key (or, with --encryption, the "
                                                       "encryption key); the old key signs the change.")
        rotate.add_argument("--encryption", action="store_true", help="Rotate the encryption key instead.")
        rotate.add_argument("--algorithm", default="X25519", choices=["X25519", "RSA-OAEP-256"],
                            help="Encryption key algorithm (RSA-OAEP-256 only where a Party needs RSA).")
        revoke = actions.add_parser("revoke-key", help="Withdraw a key (lost or compromised); a current key is "
                                                       "replaced at once.")
        revoke.add_argument("--fingerprint", help="The key to revoke (default: the current signing key).")
        revoke.add_argument("--reason", required=True, help="Why (lost, stolen, suspected compromise…).")
        revoke.add_argument("--since", help="Distrust signatures from this UTC time on (ISO 8601, default: now), "
                                            "e.g. when the key may have leaked.")
        demo = actions.add_parser("demo", help="Load treaty data and one country's demo authorities and users "
                                               "(a node of the local demo network, `make run-network`).")
        demo.add_argument("--country", required=True, help="ISO code of a demo country, e.g. GH.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "show":
                self._show(options["output"])
            elif options["action"] == "demo":
                self._demo(options["country"].upper())
            elif options["action"] == "rotate-key":
                self._rotate(encryption=options["encryption"], algorithm=options["algorithm"])
            else:
                self._revoke(options["fingerprint"], options["reason"], options["since"])
        except DomainError as error:
            raise command_error(error) from error
        except KeyHistoryError as error:
            raise CommandError(f"Key history problem: {error}") from error

    def _demo(self, country: str) -> None:
        from django.core.management import call_command

        from glacy.directory.demo import DEMO_PASSWORD
        from glacy.exchange.demo import load_network_node

        call_command("treaty", "load", stdout=self.stdout)
        try:
            logins = load_network_node(country)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo logins of this node (password {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login['username']:24} {', '.join(login['roles']):40} {login['authority']}")

    def _show(self, output: Path | None) -> None:
        identity = node_identity()
        records = node_key_history()
        current = next(record for record in reversed(records) if record.use == SIGNING and record.is_current)
        self.stdout.write(f"Node:          {identity.node}")
        self.stdout.write(f"Name:          {identity.name}")
        self.stdout.write(f"Country:       {identity.country or '—'}")
        self.stdout.write(f"Organisation:  {identity.organisation or '—'}")
        self.stdout.write(f"Address:       {identity.base_url}")
        self.stdout.write(f"Signing key fingerprint (confirm it with peers by another channel):\n"
                          f"  {grouped(current.fingerprint)}")
        self.stdout.write("Key history:")
        for record in records:
            self.stdout.write(f"  {self._describe(record)}")
        document = identity_document()
        if output is not None:
            _write_atomically(output, document)
            self.stdout.write(f"Signed identity document written to {output}")
        else:
            self.stdout.write("Signed identity document:")
            self.stdout.write(document)

    @staticmethod
    def _describe(record: KeyRecord) -> str:
        use = "signing" if record.use == SIGNING else "encryption"
        state = ("revoked from " + _when(record.revoked_at) + f" ({record.revocation_reason})" if record.revoked_at
                 else "retired " + _when(record.retired_at) if record.retired_at else "current")
        return (f"#{record.sequence} {use:10} {record.algorithm:12} {record.fingerprint[:16]}…  "
                f"valid from {_when(record.valid_from)}, {state}")

    def _rotate(self, *, encryption: bool, algorithm: str) -> None:
        from glacy.exchange.services.keys import node_encryption_key_rotate, node_signing_key_rotate

        record = (node_encryption_key_rotate(actor=None, algorithm=algorithm) if encryption
                  else node_signing_key_rotate(actor=None))
        kind = "encryption" if record.use == ENCRYPTION else "signing"
        self.stdout.write(f"New {kind} key {grouped(record.fingerprint)} in use. Give peers the new identity "
                          "document (glacy node show --output FILE).")

    def _revoke(self, fingerprint: str | None, reason: str, since: str | None) -> None:
        from glacy.exchange.services.keys import node_key_revoke

        invalid_from = None
        if since:
            try:
                invalid_from = datetime.datetime.fromisoformat(since)
            except ValueError as error:
                raise CommandError(f"--since: not an ISO 8601 time: {since!r}") from error
            if invalid_from.tzinfo is None:
                raise CommandError("--since: give the time zone (e.g. 2026-03-01T10:00:00+00:00).")
        current = next(record.fingerprint for record in reversed(node_key_history())
                       if record.use == SIGNING and record.is_current)
        revoked = node_key_revoke(actor=None, fingerprint=fingerprint or current, reason=reason,
                                  invalid_from=invalid_from)
        self.stdout.write(f"Key {revoked.fingerprint[:16]}… revoked from {_when(revoked.revoked_at)}.")
        if revoked.fingerprint == current:
            replacement = next(record for record in reversed(node_key_history())
                               if record.use == SIGNING and record.is_current)
            self.stdout.write(f"Replacement signing key {grouped(replacement.fingerprint)}: peers must confirm it "
                              "by another channel before they trust it again.")
