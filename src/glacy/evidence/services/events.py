"""Recording custody events by people, and reading evidence content (itself a custody event)."""

from __future__ import annotations

from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.evidence.custody import EventType
from glacy.evidence.models import CustodyEvent, EvidenceItem
from glacy.evidence.services.custody import custody_append
from glacy.evidence.services.ingest import blob_store

#: Events a person records by hand; acquired/received/accessed/exported are recorded by the platform itself.
MANUAL_EVENTS = (EventType.SEIZED, EventType.TRANSFERRED, EventType.EXAMINED, EventType.COPIED, EventType.VERIFIED,
                 EventType.SEALED, EventType.RETURNED, EventType.DISPOSED)


def _performer(actor: Any) -> str:
    return str(actor.get_full_name() or actor.get_username())


@transaction.atomic
def custody_event_record(*, actor: Any, item: EvidenceItem, event_type: str, place: str = "", purpose: str = "",
                         tool: str = "", releasing_person: str = "", receiving_person: str = "",
                         notes: str = "") -> CustodyEvent:
    """A custodian records what happened to the exhibit (ISO/IEC 27037 §5.2 chain of custody)."""
    require_role(actor, Role.CUSTODIAN)
    if item.case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only custodians of the exhibit's authority may record its custody."))
    errors: dict[str, list[str]] = {}
    if event_type not in {kind.value for kind in MANUAL_EVENTS}:
        errors["event_type"] = [str(_("Choose an event among: %(events)s.") % {
            "events": ", ".join(kind.value for kind in MANUAL_EVENTS)})]
    if event_type == EventType.TRANSFERRED and not (releasing_person.strip() and receiving_person.strip()):
        errors["receiving_person"] = [str(_("A transfer names the person releasing and the person receiving."))]
    if errors:
        raise ValidationFailed(errors)
    event = custody_append(item=item, event_type=event_type, performer=_performer(actor), place=place.strip(),
                           purpose=purpose.strip(), tool=tool.strip(), releasing_person=releasing_person.strip(),
                           receiving_person=receiving_person.strip(), notes=notes.strip())
    if event_type == EventType.TRANSFERRED:
        item.custodians.add(actor)
    record_event(actor=actor, action=f"evidence.custody.{event_type}", obj=item, authority=item.case.authority,
                 after={"sequence": event.sequence, "event_hash": event.event_hash})
    return event


@transaction.atomic
def evidence_content_open(*, actor: Any, item: EvidenceItem, purpose: str) -> BinaryIO:
    """Open the exhibit's content for download or viewing; every access is an `accessed` custody event."""
    if not purpose.strip():
        raise ValidationFailed({"purpose": [str(_("State why you open the exhibit."))]})
    custody_append(item=item, event_type=EventType.ACCESSED, performer=_performer(actor), purpose=purpose.strip(),
                   hashes_before={"sha256": item.sha256})
    record_event(actor=actor, action="evidence.access", obj=item, authority=item.case.authority,
                 after={"purpose": purpose.strip()})
    return blob_store().open(item.sha256)
