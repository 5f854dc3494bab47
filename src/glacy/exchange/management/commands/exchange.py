"""`glacy exchange status | retry | worker`: the outbox, its delivery worker, and failed messages."""

from __future__ import annotations

import os
import signal
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from glacy.core.commands import command_error
from glacy.core.errors import DomainError
from glacy.exchange.models import OutboundMessage, Peer
from glacy.exchange.selectors import exchange_overview


class Command(BaseCommand):
    help = "Show the outbox and peers, queue failed messages again, or run the delivery worker."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("status", help="Backlog, failures and last contact per peer; recent refusals.")
        retry = actions.add_parser("retry", help="Queue failed messages again (refused ones stay refused).")
        retry.add_argument("--message", help="One message id.")
        retry.add_argument("--node", help="Every failed message to this node.")
        worker = actions.add_parser("worker", help="Deliver the outbox until stopped (Ctrl+C or SIGTERM).")
        worker.add_argument("--interval", type=float, default=0.5, help="Seconds to wait when nothing is due.")
        worker.add_argument("--sync-every", type=float, default=600.0,
                            help="Seconds between refreshes of the peers' identities and directories.")
        worker.add_argument("--once", action="store_true", help="One round, then stop (cron, tests).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "status":
                self._status()
            elif options["action"] == "retry":
                self._retry(options["message"], options["node"])
            else:
                self._work(options["interval"], options["sync_every"], once=options["once"])
        except DomainError as error:
            raise command_error(error) from error

    def _status(self) -> None:
        overview = exchange_overview()
        self.stdout.write(f"Node {overview.node} — outbox: {overview.queued} queued, {overview.failed} failed, "
                          f"{overview.delivered} delivered, {overview.refused} refused by recipients.")
        for row in overview.peers:
            last = row.peer.last_contact_at
            contact = last.strftime("%Y-%m-%d %H:%M:%S UTC") if last else "never"
            self.stdout.write(f"  {row.peer.node:20} {row.peer.get_status_display():10} queued {row.queued:5} "
                              f"failed {row.failed:4}  last contact {contact}"
                              + (f"  last error: {row.peer.last_error[:80]}" if row.peer.last_error else ""))
        if overview.incidents:
            self.stdout.write("Recent refusals by this node's inbox:")
            for incident in overview.incidents[:10]:
                self.stdout.write(f"  {incident.occurred_at:%Y-%m-%d %H:%M:%S} {incident.reason_code:24} "
                                  f"{incident.claimed_node or '?':16} {incident.detail[:80]}")

    def _retry(self, message_id: str | None, node: str | None) -> None:
        from glacy.exchange.services.delivery import message_retry

        if not message_id and not node:
            raise CommandError("Give --message ID or --node NODE.")
        failed = OutboundMessage.objects.filter(status=OutboundMessage.Status.FAILED)
        if message_id:
            failed = failed.filter(pk=message_id)
        if node:
            failed = failed.filter(recipient_node=node)
        count = 0
        for message in failed:
            message_retry(actor=None, message=message)
            count += 1
        self.stdout.write(f"{count} failed message(s) queued again.")

    def _work(self, interval: float, sync_every: float, *, once: bool) -> None:
        from glacy.exchange.services.delivery import deliver_due, peer_directory_refresh, peer_identity_refresh
        from glacy.exchange.transfers.pump import transfers_pump

        name = f"{socket.gethostname()}:{os.getpid()}"
        stopping = False

        def stop(_signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_sync = 0.0
        self.stdout.write(f"Exchange worker {name} started.")
        while not stopping:
            close_old_connections()
            if time.monotonic() - last_sync >= sync_every:
                for peer in Peer.objects.filter(status=Peer.Status.ACTIVE):
                    peer_identity_refresh(peer)
                    peer_directory_refresh(peer)
                last_sync = time.monotonic()
            done = deliver_due(worker=name, now=timezone.now())
            done += transfers_pump(worker=name)
            if once:
                break
            if not done:
                time.sleep(interval)
        self.stdout.write(f"Exchange worker {name} stopped.")
