"""`glacy requests due [--authority ID] [--days N]`, `glacy requests remind` and `glacy requests rules`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from glacy.cooperation import selectors
from glacy.cooperation.rules import registry
from glacy.cooperation.tasks import send_due_reminders
from glacy.directory.models import Authority

GUIDE_START, GUIDE_END = "<!-- legal-rules:start -->", "<!-- legal-rules:end -->"


class Command(BaseCommand):
    help = "List requests due and overdue per authority, enqueue the reminder job, or print the legal rules."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        due = actions.add_parser("due", help="Requests whose next deadline is within N days or past.")
        due.add_argument("--authority", help="Authority id (default: every authority).")
        due.add_argument("--days", type=int, default=7)
        actions.add_parser("remind", help="Enqueue the reminder e-mails job (run it from cron).")
        rules = actions.add_parser("rules", help="Print the legal rules the platform applies, with their articles.")
        rules.add_argument("--format", choices=["json", "markdown"], default="json")
        rules.add_argument("--update-guide", metavar="PATH", help="Write the markdown between the legal-rules "
                                                                 "markers of the user guide at PATH.")

    def _update_guide(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        start, end = text.find(GUIDE_START), text.find(GUIDE_END)
        if start < 0 or end < start:
            raise CommandError(f"{path}: the markers {GUIDE_START} and {GUIDE_END} are missing.")
        path.write_text(text[: start + len(GUIDE_START)] + "\n" + registry.rules_markdown() + text[end:],
                        encoding="utf-8")
        self.stdout.write(f"{path}: legal rules section written.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rules":
            if options["update_guide"]:
                self._update_guide(Path(options["update_guide"]))
            elif options["format"] == "json":
                self.stdout.write(json.dumps(registry.rules_json(), indent=2, ensure_ascii=False))
            else:
                self.stdout.write(registry.rules_markdown(), ending="")
            return
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
