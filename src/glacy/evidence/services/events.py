"""Recording custody events by people, and reading evidence content (itself a custody event)."""

from __future__ import annotations

import datetime
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.evidence.custody import EventType
from glacy.evidence.models import CustodyEvent, EvidenceItem
from glacy.evidence.services.custody import custody_append
from glacy.evidence.services.ingest import CLOCK_SKEW, blob_store

#: Events a person records by hand; acquired/received/accessed/exported are recorded by the platform itself.
MANUAL_EVENTS = (EventType.SEIZED, EventType.TRANSFERRED, EventType.EXAMINED, EventType.COPIED, EventType.VERIFIED,
                 EventType.SEALED, EventType.RETURNED, EventType.DISPOSED)


def _performer(actor: Any) -> str:
    return str(actor.get_full_name() or actor.get_username())


@transaction.atomic
def custody_event_record(*, actor: Any, item: EvidenceItem, event_type: str, place: str = "", purpose: str = "",
                         tool: str = "", releasing_person: str = "", receiving_person: str = "",
                         notes: str = "", time: datetime.datetime | None = None) -> CustodyEvent:
    """A custodian records what happened to the exhibit (ISO/IEC 27037 §5.2 chain of custody).

    ``time`` is when it happened, which may be earlier than now (a seizure recorded the next day): the record
    keeps both that time and the time it was written, and the chain stays in the order of writing.
    """
    require_role(actor, Role.CUSTODIAN)
    if item.case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only custodians of the exhibit's authority may record its custody."))
    errors: dict[str, list[str]] = {}
    if time is not None and (time.tzinfo is None or time > timezone.now() + CLOCK_SKEW):
        errors["time"] = [str(_("The time of the event cannot be in the future.") if time.tzinfo
                              else _("Give the time of the event with its time zone."))]
    if event_type not in {kind.value for kind in MANUAL_EVENTS}:
        errors["event_type"] = [str(_("Choose an event among: %(events)s.") % {
            "events": ", ".join(kind.value for kind in MANUAL_EVENTS)})]
    if event_type == EventType.TRANSFERRED and not (releasing_person.strip() and receiving_person.strip()):
        errors["receiving_person"] = [str(_("A transfer names the person releasing and the person receiving."))]
    if errors:
        raise ValidationFailed(errors)
    event = custody_append(item=item, event_type=event_type, performer=_performer(actor), place=place.strip(),
                           purpose=purpose.strip(), tool=tool.strip(), releasing_person=releasing_person.strip(),
                           receiving_person=receiving_person.strip(), notes=notes.strip(), time=time)
    if event_type == EventType.TRANSFERRED:
        item.custodians.add(actor)
    record_event(actor=actor, action=f"evidence.custody.{event_type}", obj=item, authority=item.case.authority,
                 after={"sequence": event.sequence, "event_hash": event.event_hash, "time": event.time,
                        "recorded_at": event.recorded_at})
    return event


def evidence_content_open(*, actor: Any, item: EvidenceItem, purpose: str) -> BinaryIO:
    """Open the exhibit's content for download or viewing; every access is an `accessed` custody event.

    The stored copy is re-hashed first: a copy that no longer hashes to its identity is never sent (the failure
    is a fixity event, and the exhibit is flagged)."""
    from glacy.evidence.services.fixity import fixity_require

    if not purpose.strip():
        raise ValidationFailed({"purpose": [str(_("State why you open the exhibit."))]})
    fixity_require(item=item, actor=actor, occasion="download")
    with transaction.atomic():
        custody_append(item=item, event_type=EventType.ACCESSED, performer=_performer(actor),
                       purpose=purpose.strip(), hashes_before={"sha256": item.sha256})
        record_event(actor=actor, action="evidence.access", obj=item, authority=item.case.authority,
                     after={"purpose": purpose.strip()})
    return blob_store().open(item.sha256)
