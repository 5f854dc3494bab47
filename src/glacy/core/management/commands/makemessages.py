"""Django's makemessages without fuzzy matching: a guessed translation of a new string is worse than none,
because it looks translated (a wrong legal term can survive review)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
