"""`glacy requests due [--authority ID] [--days N]` and `glacy requests remind`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from glacy.cooperation import selectors
from glacy.cooperation.tasks import send_due_reminders
from glacy.directory.models import Authority


class Command(BaseCommand):
    help = "List requests due and overdue per authority, or enqueue the reminder job."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        due = actions.add_parser("due", help="Requests whose next deadline is within N days or past.")
        due.add_argument("--authority", help="Authority id (default: every authority).")
        due.add_argument("--days", type=int, default=7)
        actions.add_parser("remind", help="Enqueue the reminder e-mails job (run it from cron).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            result = send_due_reminders.enqueue()
            self.stdout.write(f"Reminder job enqueued ({result.id}).")
            return
        if options["days"] < 0:
            raise CommandError("--days must be zero or more.")
        authorities = Authority.objects.filter(is_active=True)
        if options["authority"]:
            authorities = authorities.filter(pk=options["authority"]) if len(options["authority"]) == 36 else \
                authorities.none()
            if not authorities.exists():
                raise CommandError(f"--authority: no authority with id {options['authority']!r}.")
        now = timezone.now()
        count = 0
        for authority in authorities:
            for request in selectors.requests_due_for_authority(
                    authority_id=authority.pk, within=datetime.timedelta(days=options["days"]), now=now):
                state = "OVERDUE" if request.next_deadline_at and request.next_deadline_at < now else "due"
                self.stdout.write(f"{authority.name}\t{request.reference}\t{request.request_type}\t"
                                  f"{request.next_deadline_code}\t{request.next_deadline_at:%Y-%m-%dT%H:%MZ}\t{state}")
                count += 1
        self.stdout.write(f"{count} request(s) due within {options['days']} day(s) or overdue.")
