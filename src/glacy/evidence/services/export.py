"""Exporting an exhibit as a signed package, and importing a package received from abroad.

Provenance across borders: the package is built first (its custody lines are the exhibit's chain up to the
checkpoint it carries); only then, in one transaction, the `exported` event records the package's digest (the
SHA-256 of its tag manifest), purpose and checkpoint, and the package is moved to its destination — if that
transaction fails, the package is removed, so no package exists without its event and no event without its
package. On import, the `received` event records the sender's node, key fingerprint, last event hash, checkpoint
and the same package digest: the two nodes' logs join on it.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.evidence.custody import EventType, format_utc
from glacy.evidence.integrity import item_discrepancies
from glacy.evidence.models import CustodyCheckpoint, EvidenceItem
from glacy.evidence.package import BlobMismatch, build_package, package_digest
from glacy.evidence.services.checkpoints import checkpoint_sign
from glacy.evidence.services.custody import custody_append
from glacy.evidence.services.fixity import FixityFailed, fixity_record
from glacy.evidence.services.ingest import blob_store, evidence_ingest
from glacy.evidence.trust import TrustList
from glacy.evidence.verify_package import PackageVerdict, verify_package


def _performer(actor: Any) -> str:
    return str(actor.get_full_name() or actor.get_username())


def _refuse_if_altered(*, actor: Any, item: EvidenceItem, problems: list[str], occasion: str) -> None:
    if problems:
        fixity_record(item=item, problems=problems, actor=actor, occasion=occasion)
        raise FixityFailed(_("The exhibit's records or stored copy no longer match its custody record; nothing was "
                             "exported: %(problems)s") % {"problems": "; ".join(problems)})


def evidence_export_package(*, actor: Any, item: EvidenceItem, destination: Path, purpose: str) -> Path:
    """Build the signed package of the exhibit at ``destination`` and record the export (custodians only)."""
    from glacy.evidence.report import cover_sheets_pdf
    from glacy.exchange.keys import node_signing_key

    require_role(actor, Role.CUSTODIAN)
    if item.case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only custodians of the exhibit's authority may export it."))
    purpose = purpose.strip()
    if not purpose:
        raise ValidationFailed({"purpose": [str(_("State why the exhibit is exported (e.g. the request answered)."))]})
    if destination.exists():
        raise ValidationFailed({"output": [str(_("%(path)s already exists: choose a new folder for the package.") % {
            "path": destination})]})
    first = item.custody_events.order_by("log_index").first()
    _refuse_if_altered(actor=actor, item=item, occasion="export", problems=item_discrepancies(
        item, first.as_record(), item.members.all()) if first is not None else ["the exhibit has no custody record"])
    checkpoint = checkpoint_sign()
    witnessed = CustodyCheckpoint.objects.filter(tree_size__lte=checkpoint.tree_size,
                                                 cosignatures__isnull=False).order_by("-tree_size").first()
    exported_at, performer = timezone.now(), _performer(actor)
    staging = destination.with_name(destination.name + ".building")
    try:
        build_package(
            item=item, open_blob=blob_store().open, destination=staging, checkpoint=checkpoint, witnessed=witnessed,
            key=node_signing_key(), bag_info={
                "Source-Organization": item.case.authority.name, "External-Identifier": item.exhibit_number,
                "External-Description": item.description[:500], "Glacy-Node": settings.NODE_ID,
                "Glacy-Export-Purpose": purpose, "Glacy-Exported-By": performer,
                "Glacy-Exported-At": format_utc(exported_at)},
            cover_sheets=lambda events: cover_sheets_pdf(item=item, events=events, checkpoint=checkpoint,
                                                         witnessed=witnessed, purpose=purpose, performer=performer,
                                                         exported_at=exported_at))
    except BlobMismatch as error:
        _refuse_if_altered(actor=actor, item=item, occasion="export", problems=[str(error)])
    digest = package_digest(staging)
    moved = False
    try:
        with transaction.atomic():
            custody_append(item=item, event_type=EventType.EXPORTED, performer=performer, purpose=purpose,
                           hashes_before={"sha256": item.sha256}, details={
                               "package_sha256": digest, "checkpoint_size": str(checkpoint.tree_size),
                               "checkpoint_root": checkpoint.root_hash, "key_fingerprint": checkpoint.key_fingerprint})
            record_event(actor=actor, action="evidence.export", obj=item, authority=item.case.authority,
                         after={"purpose": purpose, "package_sha256": digest, "checkpoint_size": checkpoint.tree_size})
            staging.rename(destination)
            moved = True
    except BaseException:
        # Nothing committed: no package may exist without its `exported` event.
        shutil.rmtree(destination if moved else staging, ignore_errors=True)
        raise
    return destination


def evidence_export_zip(*, actor: Any, item: EvidenceItem, purpose: str) -> tuple[bytes, str]:
    """The signed package as one ZIP (the bag folder inside) for download, and its file name."""
    folder = Path(tempfile.mkdtemp())
    try:
        bag = evidence_export_package(actor=actor, item=item, destination=folder / "package", purpose=purpose)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(bag.rglob("*")):
                if path.is_file():
                    archive.write(path, Path(bag.name) / path.relative_to(bag))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return buffer.getvalue(), f"{item.exhibit_number.replace('/', '_')}-package.zip"


def evidence_package_import(*, actor: Any, case: Case, package: Path, description: str,
                            trust: TrustList) -> tuple[EvidenceItem, PackageVerdict]:
    """Verify a received package against ``trust`` (keys held outside the package); only a package that passes
    every check becomes an exhibit, whose first event joins it to the sender's log."""
    with verify_package(package, trust=trust) as verdict:
        if not verdict.passed:
            failed = [f"{check.name}: {check.detail}" for check in verdict.checks if not check.passed]
            raise ValidationFailed({"package": [str(_("The package failed verification and was not imported.")),
                                                *failed]})
        bag = verdict.bag_dir
        entries = sorted((bag / "data").iterdir())
        folders = [path for path in entries if path.is_dir()]
        if len(folders) == 1 and [path.name for path in entries if path.is_file()] == [f"{folders[0].name}.sha256"]:
            payload = folders[0]  # a file set: its manifest is recomputed on ingest and must equal the one sent
        elif len(entries) == 1 and entries[0].is_file():
            payload = entries[0]
        else:
            raise ValidationFailed({"package": [str(_("The package must hold exactly one exhibit file or folder."))]})
        sender = verdict.sender
        item = evidence_ingest(
            actor=actor, case=case, path=payload, description=description,
            source=EvidenceItem.Source.RECEIVED_FROM_ABROAD,
            legal_basis=str(_("received in a verified package")), stated_hashes={"sha256": sender["exhibit_sha256"]},
            provenance={f"sender_{name}": value for name, value in sender.items()})
    return item, verdict
