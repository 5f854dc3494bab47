"""`glacy createuser USERNAME --authority ID --role drafter ...`: create an account (audited, CLI channel)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glacy.core.errors import ValidationFailed
from glacy.core.permissions import Role
from glacy.directory.models import Authority
from glacy.directory.services import user_create


class Command(BaseCommand):
    help = "Create a user in an authority with roles. The password is read from GLACY_NEW_PASSWORD or asked."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--authority", help="Authority id (UUID) or exact name.")
        parser.add_argument("--role", action="append", default=[], choices=Role.values, dest="roles")
        parser.add_argument("--email", default="")
        parser.add_argument("--superuser", action="store_true", help="Node operator with access to /admin/.")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = None
        if options["authority"]:
            value = options["authority"]
            authority = (Authority.objects.filter(name=value).first()
                         or Authority.objects.filter(pk=value).first() if len(value) == 36
                         else Authority.objects.filter(name=value).first())
            if authority is None:
                raise CommandError(f"--authority: no authority with id or name {value!r}.")
        password = os.environ.get("GLACY_NEW_PASSWORD") or getpass.getpass("Password: ")
        try:
            user = user_create(actor=None, username=options["username"], password=password, authority=authority,
                               roles=options["roles"], email=options["email"], is_superuser=options["superuser"])
        except ValidationFailed as error:
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}"
                                         for field, messages in error.errors.items())) from error
        self.stdout.write(self.style.SUCCESS(f"Created user {user.username}."))
