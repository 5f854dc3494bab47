"""`glacy peers add | list | show | confirm | suspend | resume | leave | sync`: the nodes this node trusts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.commands import command_error
from glacy.core.errors import DomainError
from glacy.exchange.identity import grouped
from glacy.exchange.keyhistory import SIGNING
from glacy.exchange.keys import history_of, is_confirmed
from glacy.exchange.models import Peer


class Command(BaseCommand):
    help = "Add a peer from its signed identity document, confirm its keys, suspend it, or synchronise it."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Trust a node: its identity document FILE and the fingerprint its "
                                             "operator read to you by another channel.")
        add.add_argument("file", type=Path)
        add.add_argument("--fingerprint", required=True, help="64 hex digits (spaces and colons are ignored).")
        add.add_argument("--channel", default="", help="How the fingerprint was confirmed (e.g. 'phone call').")
        add.add_argument("--no-sync", action="store_true", help="Do not fetch its directory now.")
        actions.add_parser("list", help="Every peer, its status and current key.")
        show = actions.add_parser("show", help="A peer's key history.")
        show.add_argument("node")
        confirm = actions.add_parser("confirm", help="Confirm a peer's replacement key (after a revocation).")
        confirm.add_argument("node")
        confirm.add_argument("--fingerprint", required=True)
        confirm.add_argument("--channel", default="")
        for verb, text in (("suspend", "Stop sending to and accepting from the peer."),
                           ("resume", "Exchange with a suspended peer again."),
                           ("leave", "Record that the peer left the network (final).")):
            actions.add_parser(verb, help=text).add_argument("node")
        ping = actions.add_parser("ping", help="Queue a connectivity check from this node's 24/7 point (or central "
                                               "authority) to the peer's; the worker delivers it and stores the "
                                               "peer's signed receipt (see `glacy exchange status`).")
        ping.add_argument("node")
        sync = actions.add_parser("sync", help="Fetch the peer's identity and directory now.")
        sync.add_argument("node", nargs="?", help="One peer (default: every active peer).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise command_error(error) from error

    @staticmethod
    def _peer(node: str) -> Peer:
        peer = Peer.objects.filter(node=node).first()
        if peer is None:
            raise CommandError(f"No peer {node!r}: see `glacy peers list`.")
        return peer

    def _add(self, options: dict[str, Any]) -> None:
        from glacy.exchange.services.peers import peer_add

        try:
            document = options["file"].read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['file']}: cannot read an identity document ({error}).") from error
        peer = peer_add(actor=None, document=document, fingerprint=options["fingerprint"],
                        channel=options["channel"])
        self.stdout.write(f"Peer {peer.node} ({peer.name}, {peer.base_url}) added.")
        if not options["no_sync"]:
            self._sync({"node": peer.node})

    def _list(self, options: dict[str, Any]) -> None:
        peers = list(Peer.objects.order_by("name"))
        if not peers:
            self.stdout.write("No peers yet: `glacy peers add FILE --fingerprint …`.")
        for peer in peers:
            current = history_of(peer.node).current(SIGNING)
            key = current.fingerprint[:16] + "…" if current else "none"
            self.stdout.write(f"{peer.node:20} {peer.get_status_display():18} {peer.name:40} key {key} "
                              f"{peer.base_url}")

    def _show(self, options: dict[str, Any]) -> None:
        peer = self._peer(options["node"])
        self.stdout.write(f"{peer.name} ({peer.node}) at {peer.base_url}: {peer.get_status_display()}")
        for record in history_of(peer.node).records:
            state = ("revoked" if record.revoked_at else "retired" if record.retired_at else "current")
            pending = record.needs_confirmation and not is_confirmed(node=peer.node, fingerprint=record.fingerprint)
            self.stdout.write(f"  {record.use} {record.algorithm:12} {grouped(record.fingerprint)}  {state}"
                              + ("  AWAITING CONFIRMATION" if pending else ""))

    def _confirm(self, options: dict[str, Any]) -> None:
        from glacy.exchange.services.peers import peer_key_confirm

        peer_key_confirm(actor=None, peer=self._peer(options["node"]), fingerprint=options["fingerprint"],
                         channel=options["channel"])
        self.stdout.write("Key confirmed.")

    def _set(self, node: str, status: str) -> None:
        from glacy.exchange.services.peers import peer_status_set

        peer = peer_status_set(actor=None, peer=self._peer(node), status=status)
        self.stdout.write(f"Peer {peer.node}: {peer.get_status_display()}.")

    def _suspend(self, options: dict[str, Any]) -> None:
        self._set(options["node"], Peer.Status.SUSPENDED)

    def _resume(self, options: dict[str, Any]) -> None:
        self._set(options["node"], Peer.Status.ACTIVE)

    def _leave(self, options: dict[str, Any]) -> None:
        self._set(options["node"], Peer.Status.LEFT)

    def _ping(self, options: dict[str, Any]) -> None:
        from django.db import transaction

        from glacy.directory.models import Authority, AuthorityKind
        from glacy.exchange.handlers import ping_send

        peer = self._peer(options["node"])

        def first(home_node: str) -> Authority:
            for kind in (AuthorityKind.POINT_OF_CONTACT_24_7, AuthorityKind.CENTRAL_AUTHORITY):
                found = Authority.objects.filter(home_node=home_node, kind=kind, is_active=True).order_by(
                    "name").first()
                if found is not None:
                    return found
            raise CommandError(f"No active 24/7 point or central authority {'of ' + home_node if home_node else 'here'}"
                               " (synchronise the peer's directory first: `glacy peers sync`).")

        sender, recipient = first(""), first(peer.node)
        with transaction.atomic():
            message = ping_send(sender_authority=sender, recipient_authority=recipient, note="connectivity check")
        self.stdout.write(f"Ping {message.pk} queued from {sender} to {recipient} ({peer.node}).")

    def _sync(self, options: dict[str, Any]) -> None:
        from glacy.exchange.services.delivery import peer_directory_refresh, peer_identity_refresh

        peers = [self._peer(options["node"])] if options.get("node") else list(
            Peer.objects.filter(status=Peer.Status.ACTIVE))
        for peer in peers:
            identity_ok = peer_identity_refresh(peer)
            summary = peer_directory_refresh(peer)
            if summary is None:
                self.stderr.write(f"{peer.node}: directory not synchronised "
                                  f"({Peer.objects.get(pk=peer.pk).last_error}).")
                continue
            self.stdout.write(f"{peer.node}: identity {'refreshed' if identity_ok else 'unchanged'}; "
                              f"authorities {summary['created']} new, {summary['updated']} updated, "
                              f"{summary['deactivated']} withdrawn"
                              + (f", {len(summary['skipped'])} skipped: {'; '.join(summary['skipped'])}"
                                 if summary["skipped"] else "") + ".")
