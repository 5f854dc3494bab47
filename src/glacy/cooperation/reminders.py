"""Reminders of due and overdue requests, by e-mail to the authority (console backend by default).

Idempotent: a reminder is recorded on the request's timeline once per deadline and day, so running the
job twice (or on two workers) sends one e-mail.
"""

from __future__ import annotations

import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.cooperation import selectors
from glacy.cooperation.models import Request
from glacy.cooperation.services.requests import timeline_add
from glacy.core.audit import record_event
from glacy.directory.models import Authority


def _reminder_key(request: Request, today: datetime.date) -> str:
    return f"{request.next_deadline_code}:{today.isoformat()}"


def _reminder_line(request: Request, moment: datetime.datetime) -> str:
    """One line per request: its deadline (a treaty deadline or the node's own target, by its label), and
    whether the request is to be answered on an expedited basis (ETS 185 Art. 31(3))."""
    overdue = f" – {_('overdue')}" if request.next_deadline_at and request.next_deadline_at < moment else ""
    expedited = f" – {_('expedited: the data are vulnerable to loss (ETS 185 Art. 31(3))')}" \
        if request.content.get("data_vulnerable") is True else ""
    return (f"{request.reference}: {request.deadline_label} {request.next_deadline_at:%Y-%m-%d %H:%M} UTC"
            f"{overdue}{expedited}")


@transaction.atomic
def reminders_send(*, now: datetime.datetime | None = None, within: datetime.timedelta = datetime.timedelta(days=3)
                   ) -> int:
    """E-mail each authority about its requests due within `within` or overdue; returns e-mails sent."""
    moment = now or timezone.now()
    sent = 0
    for authority in Authority.objects.filter(is_active=True).exclude(email=""):
        due = [
            request for request in selectors.requests_due_for_authority(authority_id=authority.pk, within=within,
                                                                        now=moment).select_for_update(of=("self",))
            if not request.events.filter(action="reminder", authority=authority,
                                         note=_reminder_key(request, moment.date())).exists()
        ]
        if not due:
            continue
        with translation.override((authority.accepted_languages or ["en"])[0] if
                                  (authority.accepted_languages or ["en"])[0] in {"en", "fr"} else "en"):
            lines = [_reminder_line(request, moment) for request in due]
            send_mail(subject=_("GLACY: %(count)s request(s) due") % {"count": len(due)},
                      message="\n".join(lines), from_email=None, recipient_list=[authority.email])
        for request in due:
            event = timeline_add(request=request, actor=None, action="reminder",
                                 note=_reminder_key(request, moment.date()))
            event.authority = authority
            event.save(update_fields=["authority"])
        record_event(actor=None, action="request.reminders_sent", authority=authority,
                     object_type="cooperation.request", after={"references": [request.reference for request in due]})
        sent += 1
    return sent
