"""Ingest as a background job: the upload is kept in the vault's staging folder, a worker ingests it and
reports progress; the page polls the job. Running a job twice does nothing the second time.

An upload is one file, or a folder sent as its files with their paths relative to the folder (the web page's folder
picker, the API's ``files`` and ``paths``). The folder is rebuilt in the staging folder and ingested exactly like a
folder given to the command line, so its identity is the same manifest (see :mod:`glacy.evidence.folders`).
"""

from __future__ import annotations

import datetime
import shutil
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.core.audit import record_event
from glacy.core.errors import DomainError, PermissionDenied, ValidationFailed
from glacy.core.jobs import upload_job_claim
from glacy.core.permissions import Role, require_role
from glacy.evidence.archives import BIDI_CONTROLS, MAX_MEMBERS, shown_name
from glacy.evidence.models import IngestJob
from glacy.evidence.services.ingest import evidence_ingest

PROGRESS_STEP = 16 * 1024 * 1024
#: Longest name of one file or folder, in UTF-8 bytes (NAME_MAX of common file systems).
MAX_NAME_BYTES = 255
#: Longest relative path of an uploaded file: what an exhibit's member listing keeps (EvidenceMember.path).
MAX_PATH_CHARACTERS = 1000


def _uploads() -> Path:
    folder = Path(settings.EVIDENCE_ROOT) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _require_custodian_of(actor: Any, case: Case) -> None:
    require_role(actor, Role.CUSTODIAN)
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Evidence can only be added to cases of your authority."))


@contextmanager
def _new_upload_folder() -> Iterator[Path]:
    """A fresh folder under uploads/ for one job; removed with whatever was written if anything goes wrong."""
    folder = _uploads() / uuid.uuid4().hex
    folder.mkdir()
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write(target: Path, chunks: Iterable[bytes]) -> int:
    size = 0
    with target.open("xb") as handle:  # "x": never overwrite, the paths were checked to be distinct
        for chunk in chunks:
            handle.write(chunk)
            size += len(chunk)
    return size


def _job_register(*, actor: Any, case: Case, upload_path: Path, options: dict[str, Any], size: int,
                  audit: dict[str, Any]) -> IngestJob:
    """Register the job and its audit event in one transaction; the worker is queued once it commits."""
    with transaction.atomic():
        job = IngestJob.objects.create(case=case, requested_by=actor, upload_path=str(upload_path),
                                       original_name=upload_path.name, options=options, bytes_total=size)
        record_event(actor=actor, action="evidence.ingest_job_create", obj=job, authority=case.authority,
                     after=audit)
        from glacy.evidence.tasks import run_ingest_job

        transaction.on_commit(lambda: run_ingest_job.enqueue(job_id=str(job.pk)))
    return job


def upload_name_problem(name: str) -> str | None:
    """Why an uploaded file's own name cannot be kept as it is, or None (a name is at most 255 bytes in UTF-8,
    which a name of 255 characters exceeds as soon as it has accents or another script)."""
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return str(_("The file name is longer than %(count)s bytes in UTF-8 (%(length)s characters, %(size)s "
                     "bytes): rename the file.") % {"count": MAX_NAME_BYTES, "length": len(name),
                                                    "size": len(name.encode("utf-8", "surrogatepass"))})
    return None


def ingest_job_options(data: dict[str, Any]) -> dict[str, Any]:
    """What the worker's ingest is told (JSON: times and requests as text), from a page's or the API's fields."""
    acquired_at = data.get("acquired_at")
    request = data.get("answers_request")
    return {"description": data["description"], "source": data["source"], "legal_basis": data["legal_basis"],
            "device": data["device"], "seal_number": data["seal_number"],
            "acquisition_tool": data.get("acquisition_tool", ""), "acquired_by": data.get("acquired_by", ""),
            "acquired_place": data.get("acquired_place", ""),
            "acquired_at": acquired_at.isoformat() if acquired_at else "",
            "answers_request": str(getattr(request, "pk", request)) if request else "",
            "stated_hashes": {"sha256": data.get("expected_sha256", ""), "sha1": data.get("expected_sha1", ""),
                              "md5": data.get("expected_md5", "")},
            # Unticked means "as the node is configured" (GLACY_EVIDENCE_BLAKE3), not "never".
            "with_blake3": data.get("with_blake3") or None}


def ingest_job_create(*, actor: Any, case: Case, chunks: Iterable[bytes], original_name: str,
                      options: dict[str, Any], received_hashes: dict[str, str] | None = None) -> IngestJob:
    """Keep the upload, register the job and queue it once the transaction commits.

    ``received_hashes`` are the digests computed as the upload's bytes arrived (uploads.py): the worker's ingest
    must find the same bytes.
    """
    _require_custodian_of(actor, case)
    name = Path(original_name.replace("\\", "/")).name
    problem = upload_name_problem(name)
    if problem:
        raise ValidationFailed({"file": [problem]})
    if received_hashes:
        options = {**options, "received_hashes": dict(received_hashes)}
    with _new_upload_folder() as folder:
        target = folder / name
        size = _write(target, chunks)
        return _job_register(actor=actor, case=case, upload_path=target, options=options, size=size,
                             audit={"file": target.name, "size": size})


def _shown(path: str) -> str:
    """A path as it may be shown in a message: control characters written as escapes."""
    return "".join(f"\\x{ord(char):02x}" if unicodedata.category(char) == "Cc" else char for char in path)


def _path_problem(path: str) -> str | None:
    """Why one relative path cannot be written inside the folder, or None."""
    shown = {"path": _shown(path)}
    if not path:
        return str(_("A file has an empty path."))
    if "\\" in path or any(unicodedata.category(char) == "Cc" for char in path):
        # A backslash is a separator on Windows; control characters (NUL, line feeds) do not survive a form.
        return str(_("A path may not contain a backslash or a control character: %(path)s") % shown)
    if any(char in BIDI_CONTROLS for char in path):
        # U+202E and its kin reorder what follows on screen: "invoice\u202egpj.exe" shows as "invoiceexe.jpg".
        return str(_("A path may not contain a bidirectional control character (it disguises names in lists and "
                     "packages): %(path)s") % {"path": shown_name(path)})
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return str(_("A path is not valid UTF-8: %(path)s") % {"path": path.encode("utf-8", "replace").decode()})
    if path.startswith("/"):
        return str(_("A path must be relative to the folder, not absolute: %(path)s") % shown)
    if len(path) > MAX_PATH_CHARACTERS:
        return str(_("A path is longer than %(count)s characters: %(path)s") % {**shown,
                                                                                "count": MAX_PATH_CHARACTERS})
    names = path.split("/")
    if "" in names:
        return str(_("A path may not contain an empty name (// or a / at the end): %(path)s") % shown)
    if "." in names or ".." in names:
        return str(_("A path may not contain . or .. (it would leave its place in the folder): %(path)s") % shown)
    if any(len(name.encode("utf-8")) > MAX_NAME_BYTES for name in names):
        return str(_("A name in the path is longer than %(count)s bytes: %(path)s") % {**shown,
                                                                                       "count": MAX_NAME_BYTES})
    return None


def folder_upload_errors(paths: Sequence[str]) -> dict[str, list[str]]:
    """What is wrong with the relative paths of a folder's files, by field ("files", "paths"); empty when none.

    Checked before anything is written: each path must stay inside the folder (no absolute path, no ``.`` or
    ``..``, no empty name, no backslash or control character, valid UTF-8), no path may be given twice or be both
    a file and a folder, and the folder holds between one file and as many as an archive may hold.
    """
    if not paths:
        return {"files": [str(_("The folder contains no files."))]}
    if len(paths) > MAX_MEMBERS:
        return {"files": [str(_("The folder has more than %(count)s files.") % {"count": MAX_MEMBERS})]}
    for path in paths:
        problem = _path_problem(path)
        if problem:
            return {"paths": [problem]}
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            return {"paths": [str(_("The same path is given twice: %(path)s") % {"path": _shown(path)})]}
        seen.add(path)
    folders = {path.rsplit("/", depth)[0] for path in paths for depth in range(1, path.count("/") + 1)}
    for path in paths:
        if path in folders:
            return {"paths": [str(_("A path is both a file and a folder: %(path)s") % {"path": _shown(path)})]}
    return {}


def _folder_name(name: str) -> str | None:
    """The folder name as one safe name: its last part, printable characters only, at most 255 bytes."""
    last = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    cleaned = "".join(char for char in last if char.isprintable()).strip()
    cleaned = cleaned.encode("utf-8", "ignore")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
    return None if cleaned in {"", ".", ".."} else cleaned


def ingest_folder_job_create(*, actor: Any, case: Case, files: Sequence[tuple[str, Iterable[bytes]]],
                             folder_name: str, options: dict[str, Any],
                             received_sha256: Sequence[str] | None = None) -> IngestJob:
    """Keep an uploaded folder, register the job and queue it once the transaction commits.

    ``files`` pairs each file's path relative to the folder (``/`` between names) with its content in chunks.
    Every path is checked before anything is written (see :func:`folder_upload_errors`); a refusal names the
    path and leaves nothing behind. The folder is rebuilt as ``uploads/<job folder>/<folder name>/<path>`` and
    the job ingests it as a folder: the exhibit's identity is its manifest, as with the command line.
    """
    _require_custodian_of(actor, case)
    errors = folder_upload_errors([path for path, _chunks in files])
    name = _folder_name(folder_name)
    if name is None:
        errors["folder_name"] = [str(_("Give the folder a name (not empty, . or ..)."))]
    if errors or name is None:
        raise ValidationFailed(errors)
    if received_sha256 and len(received_sha256) == len(files):
        # The SHA-256 of each file as it arrived: the worker's ingest must find the same bytes.
        options = {**options, "received_files": {path: digest for (path, _chunks), digest in
                                                 zip(files, received_sha256, strict=True)}}
    with _new_upload_folder() as folder:
        root = folder / name
        size = 0
        for path, chunks in files:
            target = root.joinpath(*path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            size += _write(target, chunks)
        return _job_register(actor=actor, case=case, upload_path=root, options=options, size=size,
                             audit={"folder": name, "files": len(files), "size": size})


def ingest_job_run(*, job_id: str) -> IngestJob:
    """Run one queued job (idempotent: a job that is not queued is left as it is)."""
    job, claimed = upload_job_claim(IngestJob, job_id)
    if not claimed:
        return job
    last_reported = 0

    def progress(done: int) -> None:
        nonlocal last_reported
        if done - last_reported >= PROGRESS_STEP:
            last_reported = done
            IngestJob.objects.filter(pk=job.pk).update(bytes_done=done, updated_at=timezone.now())

    try:
        item = evidence_ingest(actor=job.requested_by, case=job.case, path=Path(job.upload_path),
                               progress=progress, **_ingest_options(job))
    except DomainError as error:
        message = error.text
        IngestJob.objects.filter(pk=job.pk).update(status=IngestJob.Status.FAILED, error=message)
    else:
        IngestJob.objects.filter(pk=job.pk).update(status=IngestJob.Status.DONE, item=item,
                                                   bytes_done=job.bytes_total)
    shutil.rmtree(Path(job.upload_path).parent, ignore_errors=True)
    job.refresh_from_db()
    from glacy.evidence.services.cleanup import evidence_cleanup_if_due

    evidence_cleanup_if_due()
    return job


def _ingest_options(job: IngestJob) -> dict[str, Any]:
    """The job's options as the ingest service takes them (the JSON keeps times and requests as text)."""
    options = dict(job.options)
    if options.get("acquired_at"):
        options["acquired_at"] = datetime.datetime.fromisoformat(options["acquired_at"])
    else:
        options.pop("acquired_at", None)
    if options.get("answers_request"):
        from glacy.cooperation.models import Request

        options["answers_request"] = Request.objects.filter(pk=options["answers_request"], case=job.case).first()
    else:
        options.pop("answers_request", None)
    return options
