"""Exporting an exhibit as a signed package, and importing a package received from abroad."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.evidence.custody import EventType
from glacy.evidence.models import EvidenceItem
from glacy.evidence.package import build_package
from glacy.evidence.services.custody import checkpoint_sign, custody_append
from glacy.evidence.services.ingest import blob_store, evidence_ingest
from glacy.evidence.signing import load_or_create_key
from glacy.evidence.verify_package import PackageVerdict, verify_package


def evidence_export_package(*, actor: Any, item: EvidenceItem, destination: Path, purpose: str) -> Path:
    """Record the `exported` event, sign a checkpoint that includes it, then write the bag (custodians only)."""
    require_role(actor, Role.CUSTODIAN)
    if item.case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only custodians of the exhibit's authority may export it."))
    if not purpose.strip():
        raise ValidationFailed({"purpose": [str(_("State why the exhibit is exported (e.g. the request answered)."))]})
    with transaction.atomic():
        custody_append(item=item, event_type=EventType.EXPORTED, performer=actor.get_full_name() or actor.username,
                       purpose=purpose.strip(), hashes_before={"sha256": item.sha256})
        record_event(actor=actor, action="evidence.export", obj=item, authority=item.case.authority,
                     after={"purpose": purpose.strip()})
    checkpoint = checkpoint_sign()
    return build_package(item=item, open_blob=blob_store().open, destination=destination, checkpoint=checkpoint,
                         key=load_or_create_key(settings.NODE_KEY_PATH), organisation=item.case.authority.name)


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


def evidence_package_import(*, actor: Any, case: Case, package: Path, description: str) -> tuple[EvidenceItem,
                                                                                                    PackageVerdict]:
    """Verify a received package first; only a package that passes every check becomes an exhibit."""
    verdict = verify_package(package)
    if not verdict.passed:
        failed = [f"{check.name}: {check.detail}" for check in verdict.checks if not check.passed]
        raise ValidationFailed({"package": [str(_("The package failed verification and was not imported."))
                                            , *failed]})
    entries = sorted((package / "data").iterdir())
    folders = [path for path in entries if path.is_dir()]
    if len(folders) == 1 and [path.name for path in entries if path.is_file()] == [f"{folders[0].name}.sha256"]:
        payload = folders  # a file set: its manifest is recomputed on ingest and must equal the one sent
    elif len(entries) == 1 and entries[0].is_file():
        payload = entries
    else:
        raise ValidationFailed({"package": [str(_("The package must hold exactly one exhibit file or folder."))]})
    item = evidence_ingest(actor=actor, case=case, path=payload[0], description=description,
                           source=EvidenceItem.Source.RECEIVED_FROM_ABROAD,
                           legal_basis=str(_("received in a verified package")))
    return item, verdict
