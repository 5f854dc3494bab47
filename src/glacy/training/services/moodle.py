"""Course completions from Moodle's completion report export (report/completion, "Download in CSV format").

Moodle writes a header row `ID, Name, <identity fields such as "Email address">, <one or two columns per
completion criterion>, Course complete` and, per user, the completion date of the course in the site's
`strftimedatetimeshort` format (English: `14/11/25, 10:30`) or nothing. The "Excel" variant is the same in
UTF-16 with tabs. GLACY reads the e-mail and the last column only: it matches the session's participants by
e-mail and records the completion date; users it cannot match are listed, never created (their consent to
GLACY keeping their data is not known).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.training.models import Participant, Session
from glacy.training.services.access import require_training_staff

EMAIL_HEADERS = {"email address", "email", "e-mail", "adresse de courriel", "adresse courriel", "courriel"}
COMPLETE_HEADERS = {"course complete", "cours terminé", "course completed"}
DATE_FORMATS = ("%d/%m/%y, %H:%M", "%d/%m/%Y, %H:%M", "%d/%m/%y %H:%M", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d %H:%M",
                "%Y-%m-%d")


@dataclass
class MoodleImport:
    completed: list[tuple[Participant, datetime.date]] = field(default_factory=list)
    not_completed: int = 0
    unmatched: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _parse_date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 — a day, no time zone
        except ValueError:
            continue
    return None


def read_completion_export(*, session: Session, data: bytes) -> MoodleImport:
    """Check a Moodle export against a session; raise ValidationFailed naming the row and column of a problem."""
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise ValidationFailed({"file": [_("The file is not UTF-8 or UTF-16 text.")]}) from error
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ValidationFailed({"file": [_("The file is empty.")]})
    header = [name.strip().lower() for name in rows[0]]
    email_column = next((index for index, name in enumerate(header) if name in EMAIL_HEADERS), None)
    complete_column = next((index for index, name in enumerate(header) if name in COMPLETE_HEADERS), None)
    if email_column is None or complete_column is None:
        raise ValidationFailed({"file": [_("This is not a Moodle course completion export: it needs the columns "
                                           "“Email address” and “Course complete”.")]})
    participants = {item.email.lower(): item for item in session.participants.exclude(email="")}
    result = MoodleImport()
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        email = row[email_column].strip().lower() if email_column < len(row) else ""
        completed = row[complete_column].strip() if complete_column < len(row) else ""
        if not completed:
            result.not_completed += 1
            continue
        day = _parse_date(completed)
        if day is None:
            problems.append(_("Row %(row)s, column “%(column)s”: “%(value)s” is not a Moodle date.") % {
                "row": number, "column": rows[0][complete_column], "value": completed})
            continue
        participant = participants.get(email)
        if participant is None:
            result.unmatched.append(email or _("(no e-mail, row %(row)s)") % {"row": number})
            continue
        result.completed.append((participant, day))
    if problems:
        raise ValidationFailed({"file": problems})
    return result


@transaction.atomic
def moodle_completions_import(*, actor: Any, session: Session, data: bytes, file_name: str) -> MoodleImport:
    """Record the course completions of a Moodle export for the session's participants (all or nothing)."""
    require_training_staff(actor, session.course.authority_id)
    result = read_completion_export(session=session, data=data)
    for participant, day in result.completed:
        Participant.objects.filter(pk=participant.pk).update(completed_on=day)
    record_event(actor=actor, action="training.moodle_imported", obj=session, after={
        "file": file_name, "completed": len(result.completed), "not_completed": result.not_completed,
        "unmatched": len(result.unmatched)})
    return result
