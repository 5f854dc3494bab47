"""`glacy training verify-certificate URL --public-key FILE` (offline: no database, no network),
`glacy training public-key` (the node's key to publish) and `glacy training cleanup` (erase the personal data
of participants whose retention period has ended; run it daily from cron, it is idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management.base import BaseCommand, CommandError

from glacy.training.certificates import check_presented, parse_verification_url


class Command(BaseCommand):
    help = "Verify a certificate offline, print the node's public key, or erase expired personal data."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify-certificate", help="Check a certificate's QR link against a public key.")
        verify.add_argument("url", help="The URL read from the certificate's QR code.")
        verify.add_argument("--public-key", type=Path, required=True,
                            help="The issuing node's Ed25519 public key (PEM), obtained from the node or the "
                                 "programme office — never from the certificate.")
        actions.add_parser("public-key", help="Print this node's certificate-signing public key (PEM).")
        actions.add_parser("cleanup", help="Erase participants' personal data after their retention period.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify-certificate":
            self._verify(options)
        elif options["action"] == "public-key":
            from glacy.training.certificates import node_public_key_pem

            self.stdout.write(node_public_key_pem().decode("ascii"), ending="")
        else:
            from glacy.training.services.participants import participants_erase_expired

            count = participants_erase_expired()
            self.stdout.write(f"Personal data erased for {count} participant(s).")

    def _verify(self, options: dict[str, Any]) -> None:
        path: Path = options["public_key"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            key = serialization.load_pem_public_key(path.read_bytes())
        except ValueError as error:
            raise CommandError(f"{path}: not a PEM public key.") from error
        if not isinstance(key, Ed25519PublicKey):
            raise CommandError(f"{path}: not an Ed25519 public key.")
        statement, signature = parse_verification_url(options["url"])
        if not statement or not signature:
            raise CommandError("The URL carries no certificate (parameters c and s).")
        check = check_presented(statement_b64=statement, signature_b64url=signature, public_key=key)
        if not check.is_signature_valid:
            raise CommandError(f"NOT VALID: {check.problem}")
        self.stdout.write("VALID: signed by the given key.")
        self.stdout.write(json.dumps(check.statement, ensure_ascii=False, indent=2))
