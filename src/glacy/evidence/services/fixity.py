"""Fixity: the stored originals are re-hashed, and each check is a custody event.

Digital preservation practice (and a court's first question) is whether the bytes kept today are the bytes
acquired. `glacy evidence fixity` (cron) re-hashes every exhibit's stored blob — a folder's or a segmented
image's every file, and its manifest — or a rotating share per run so that each exhibit is checked every N days;
it also checks that the exhibit's hash columns and member listing still say what its first custody record says.
Each check appends a ``fixity_checked`` event (result in its details) to the exhibit's chain; a mismatch marks
the exhibit (an alert on its page, a flag in lists), is audited, e-mails its custodians and makes the command
exit non-zero. Export and download re-hash what they send and refuse a mismatch the same way.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import DomainError
from glacy.evidence.custody import EventType
from glacy.evidence.integrity import item_discrepancies
from glacy.evidence.models import CustodyEvent, EvidenceItem, EvidenceMember
from glacy.evidence.services.custody import custody_append
from glacy.evidence.services.ingest import blob_store

SYSTEM_PERFORMER = "GLACY fixity check"


class FixityFailed(DomainError):
    """The stored original no longer hashes to its identity: nothing is sent, the exhibit is flagged."""


@dataclass
class FixityResult:
    item: EvidenceItem
    problems: list[str] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not self.problems


def _blobs(item: EvidenceItem) -> list[tuple[str, str]]:
    """(label, sha256) of every stored blob of the exhibit: its own, and for a file set each member's."""
    blobs = [(item.original_name, item.sha256)]
    if item.is_file_set:
        blobs += [(member.path, member.sha256) for member in item.members.order_by("path")]
    return blobs


def _first_record(item: EvidenceItem) -> Any:
    event = item.custody_events.order_by("log_index").first()
    return event.as_record() if event is not None else None


def fixity_problems(item: EvidenceItem) -> list[str]:
    """Re-hash every stored blob of the exhibit and check its columns against its custody record."""
    store = blob_store()
    problems = []
    for label, sha256 in _blobs(item):
        try:
            check = store.verify(sha256)
        except (OSError, ValueError):
            problems.append(f"{label}: the stored copy cannot be read")
            continue
        if not check.is_intact:
            problems.append(f"{label}: the stored copy hashes to {check.actual_sha256}, not {sha256}")
    record = _first_record(item)
    if record is None:
        problems.append("the exhibit has no custody record")
    else:
        problems += item_discrepancies(item, record, item.members.all())
    return problems


def _notify(item: EvidenceItem, problems: list[str]) -> None:
    """E-mail the exhibit's custodians, each in their language (after the transaction commits)."""
    for custodian in item.custodians.exclude(email=""):
        language = custodian.preferred_language if custodian.preferred_language in {"en", "fr"} else "en"
        with translation.override(language):
            subject = _("GLACY: exhibit %(exhibit)s failed its fixity check") % {"exhibit": item.exhibit_number}
            body = "\n".join([_("The stored copy of exhibit %(exhibit)s is no longer what was acquired:") % {
                "exhibit": item.exhibit_number}, *problems])
        transaction.on_commit(partial(send_mail, subject=subject, message=body, from_email=None,
                                      recipient_list=[custodian.email]))


@transaction.atomic
def fixity_record(*, item: EvidenceItem, problems: list[str], actor: Any = None, occasion: str = "") -> FixityResult:
    """Append the ``fixity_checked`` event, update the exhibit's flag, audit, and alert on a mismatch."""
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    performer = (actor.get_full_name() or actor.get_username()) if actor is not None else SYSTEM_PERFORMER
    details = {"result": "mismatch" if problems else "intact", "blobs": str(len(_blobs(item)))}
    if problems:
        details["problems"] = "; ".join(problems)[:4000]
    custody_append(item=item, event_type=EventType.FIXITY_CHECKED, performer=performer, purpose=occasion,
                   hashes_before={"sha256": item.sha256}, details=details)
    EvidenceItem.objects.filter(pk=item.pk).update(fixity_checked_at=timezone.now(), fixity_intact=not problems)
    record_event(actor=actor, action="evidence.fixity_failed" if problems else "evidence.fixity_checked", obj=item,
                 authority=item.case.authority, after={"problems": problems, "occasion": occasion})
    if problems:
        _notify(item, problems)
    return FixityResult(item, problems)


def fixity_check(*, item: EvidenceItem, actor: Any = None, occasion: str = "fixity check") -> FixityResult:
    """Re-hash the exhibit now and record the result (the hashing runs outside the transaction)."""
    return fixity_record(item=item, problems=fixity_problems(item), actor=actor, occasion=occasion)


def fixity_require(*, item: EvidenceItem, actor: Any, occasion: str) -> None:
    """Refuse to send an exhibit whose stored copy or records no longer match (export, download)."""
    problems = fixity_problems(item)
    if problems:
        fixity_record(item=item, problems=problems, actor=actor, occasion=occasion)
        raise FixityFailed(_("The stored copy of this exhibit failed its fixity check and was not sent: %(problems)s")
                           % {"problems": "; ".join(problems)})


def fixity_due(*, days: int, now: datetime.datetime | None = None) -> list[EvidenceItem]:
    """This run's share: exhibits never checked or last checked ``days`` ago or more, oldest first, as many
    as make every exhibit checked within ``days`` daily runs (at least one)."""
    moment = now or timezone.now()
    total = EvidenceItem.objects.count()
    share = max(1, math.ceil(total / max(days, 1)))
    due = EvidenceItem.objects.filter(Q(fixity_checked_at__isnull=True) | Q(
        fixity_checked_at__lte=moment - datetime.timedelta(days=days))).select_related("case__authority")
    return list(due.order_by(F("fixity_checked_at").asc(nulls_first=True), "created_at")[:share])


def fixity_run(*, days: int | None = None) -> list[FixityResult]:
    """Check every exhibit (``days`` None) or this run's rotating share."""
    items = (list(EvidenceItem.objects.select_related("case__authority").order_by("created_at")) if days is None
             else fixity_due(days=days))
    return [fixity_check(item=item) for item in items]


@transaction.atomic
def fixity_restored_record(*, sha256: str, found: str, by_item: EvidenceItem, actor: Any) -> None:
    """A new ingest found the stored copy of ``sha256`` corrupt (it hashed to ``found``) and put the pristine
    bytes back: every exhibit that keeps that blob records the corruption and the repair in its chain."""
    holders = EvidenceItem.objects.filter(
        Q(sha256=sha256) | Q(pk__in=EvidenceMember.objects.filter(sha256=sha256).values("item_id"))).exclude(
        pk=by_item.pk).filter(pk__in=CustodyEvent.objects.values("item_id"))
    problem = (f"the stored copy hashed to {found}, not {sha256}; restored from the bytes of the ingest of "
               f"{by_item.exhibit_number}")
    for item in holders:
        custody_append(item=item, event_type=EventType.FIXITY_CHECKED, performer=SYSTEM_PERFORMER,
                       purpose="re-ingest of identical content", hashes_before={"sha256": item.sha256},
                       details={"result": "restored", "problems": problem})
        EvidenceItem.objects.filter(pk=item.pk).update(fixity_checked_at=timezone.now(), fixity_intact=True)
        record_event(actor=actor, action="evidence.fixity_restored", obj=item, authority=item.case.authority,
                     after={"problem": problem})
