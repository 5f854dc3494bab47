"""Folder upload on the ingest page and through the API: the files come with their paths, are rebuilt in the
staging folder and ingested by the background job as a folder, so the exhibit's identity is the same sha256sum
manifest as with the command line. Every path is checked before anything is written: a refusal names the path
and leaves no job, no audit event and no file behind."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent
from glacy.evidence.archives import MAX_MEMBERS
from glacy.evidence.models import EvidenceItem, IngestJob
from glacy.evidence.services.ingest import evidence_ingest
from glacy.evidence.services.jobs import ingest_folder_job_create

FILES = {
    "B.txt": b"upper case sorts before lower case in UTF-8",
    "a.txt": b"first file",
    "sub/b.txt": b"second file, one level down",
    "sub/deeper/c.bin": bytes(range(256)) * 3,
    "\u00e9t\u00e9.txt": b"summer",
    "empty.dat": b"",
}
TOTAL_SIZE = sum(len(data) for data in FILES.values())
DESCRIPTION = "Documents folder of the seized laptop"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(files: dict[str, bytes]) -> bytes:
    """The sha256sum manifest computed here independently: one line per file, sorted by the UTF-8 bytes of paths."""
    ordered = sorted(files, key=lambda path: path.encode("utf-8"))
    return "".join(f"{_sha256(files[path])}  {path}\n" for path in ordered).encode("utf-8")


MANIFEST = _manifest(FILES)


def _uploads(files: dict[str, bytes] = FILES) -> list[SimpleUploadedFile]:
    """What a browser sends for a folder: each file under its own name only."""
    return [SimpleUploadedFile(Path(path).name, data) for path, data in files.items()]


def _api_uploads(files: dict[str, bytes] = FILES) -> list[io.BytesIO]:
    parts = []
    for path, data in files.items():
        part = io.BytesIO(data)
        part.name = Path(path).name
        parts.append(part)
    return parts


def _staged_files(settings: Any) -> list[str]:
    """Every file kept under uploads/ (the fixture's own queued job keeps one)."""
    root = Path(settings.EVIDENCE_ROOT) / "uploads"
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _snapshot(settings: Any) -> tuple[int, int, int, list[str]]:
    return (IngestJob.objects.count(), EvidenceItem.objects.count(),
            AuditEvent.objects.filter(action="evidence.ingest_job_create").count(), _staged_files(settings))


def _members(item: EvidenceItem) -> list[tuple[str, int, str]]:
    rows = item.members.values_list("path", "size", "sha256")
    return sorted(rows, key=lambda row: row[0].encode("utf-8"))


EXPECTED_MEMBERS = sorted(((path, len(data), _sha256(data)) for path, data in FILES.items()),
                          key=lambda row: row[0].encode("utf-8"))


def _ingest_url(world: Any) -> str:
    return f"/evidence/cases/{world.objects['case'].pk}/ingest/"


def _form_errors(response: Any) -> dict[str, list[str]]:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_the_page_offers_a_file_or_a_folder_with_its_script(world: Any, client_for: Any) -> None:
    html = client_for(world.users["custodian"]).get(_ingest_url(world)).content.decode()
    assert '<label class="form-label" for="id_file">Exhibit file</label>' in html
    assert '<label class="form-label" for="id_folder">Or a folder</label>' in html
    assert ('<input type="file" name="folder" webkitdirectory data-folder-paths="folder-paths" '
            'aria-describedby="id_folder_help folder-problem" multiple data-max-bytes="2147483648" '
            'data-too-large="Folders larger than 2 GB in total are ingested with the command line." '
            'data-max-files="100" data-too-many-files="The folder has more than 100 files: ingest it with the '
            'command line, or as a ZIP." class="form-control" id="id_folder">') in html
    assert '<div id="folder-paths" hidden></div>' in html
    assert '<script src="/static/glacy/folder-upload.js"></script>' in html
    script = Path(__file__).parents[2] / "src/glacy/static/glacy/folder-upload.js"
    assert "webkitRelativePath" in script.read_text()


def test_web_folder_upload_queues_a_job_that_ingests_the_folder_by_its_manifest(
        world: Any, client_for: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    http = client_for(world.users["custodian"])
    jobs_before = set(IngestJob.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks() as callbacks:
        response = http.post(_ingest_url(world), {
            "folder": _uploads(), "paths": [f"seized-laptop/{path}" for path in FILES],
            "description": DESCRIPTION, "source": "seizure", "seal_number": "GH-SEAL-0777"})
    job = IngestJob.objects.exclude(pk__in=jobs_before).get()
    assert (response.status_code, response["Location"]) == (302, f"/evidence/jobs/{job.pk}/")
    assert (job.status, job.original_name, job.bytes_total, job.requested_by) == (
        "queued", "seized-laptop", TOTAL_SIZE, world.users["custodian"])
    # The folder is rebuilt under uploads/<job folder>/<folder name>/, each file at its path.
    upload = Path(job.upload_path)
    assert (upload.name, upload.parent.parent) == ("seized-laptop", Path(settings.EVIDENCE_ROOT) / "uploads")
    assert {str(path.relative_to(upload)): path.read_bytes() for path in upload.rglob("*") if path.is_file()} == FILES
    audit = AuditEvent.objects.get(action="evidence.ingest_job_create", object_id=str(job.pk))
    assert (audit.after, audit.channel, audit.actor) == (
        {"folder": "seized-laptop", "files": len(FILES), "size": TOTAL_SIZE}, "web", world.users["custodian"])

    assert len(callbacks) == 1
    callbacks[0]()  # the queued task (the immediate backend in tests) runs the job
    job.refresh_from_db()
    item = EvidenceItem.objects.get(pk=job.item_id)
    assert (job.status, job.percent, job.error) == ("done", 100, "")
    assert (item.format, item.original_name, item.size, item.seal_number, item.description) == (
        "folder", "seized-laptop", TOTAL_SIZE, "GH-SEAL-0777", DESCRIPTION)  # the files, not the manifest
    assert (item.sha256, item.sha1, item.md5) == (
        _sha256(MANIFEST), hashlib.sha1(MANIFEST).hexdigest(), hashlib.md5(MANIFEST).hexdigest())
    assert _members(item) == EXPECTED_MEMBERS
    assert item.format_verification["files"] == len(FILES)
    assert [event.event_type for event in item.custody_events.order_by("log_index")] == ["acquired"]
    assert not upload.parent.exists()  # the staging copy is removed once ingested

    # The same folder given to the command line's service has the same identity.
    on_disk = tmp_path / "seized-laptop"
    for path, data in FILES.items():
        (on_disk / path).parent.mkdir(parents=True, exist_ok=True)
        (on_disk / path).write_bytes(data)
    cli_item = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=on_disk,
                               description="Same folder, from the command line")
    assert (cli_item.sha256, _members(cli_item)) == (item.sha256, EXPECTED_MEMBERS)


def test_api_folder_upload_is_accepted_then_ingested_by_its_manifest(
        world: Any, api_client_for: Any, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    custodian = api_client_for(world.users["custodian"])
    with django_capture_on_commit_callbacks() as callbacks:
        queued = custodian.post("/api/v1/evidence/", {
            "case": str(world.objects["case"].pk), "files": _api_uploads(), "paths": list(FILES),
            "folder_name": "mailbox-export", "description": DESCRIPTION, "acquisition_tool": "rsync 3.2.7",
            "expected_sha256": _sha256(MANIFEST)}, format="multipart")
    assert queued.status_code == 202, queued.content
    body = queued.json()
    assert (body["status"], body["original_name"], body["bytes_total"], body["item"]) == (
        "queued", "mailbox-export", TOTAL_SIZE, None)
    job = IngestJob.objects.get(pk=body["id"])
    assert sorted(str(path.relative_to(job.upload_path)) for path in Path(job.upload_path).rglob("*")
                  if path.is_file()) == sorted(FILES)
    assert AuditEvent.objects.get(action="evidence.ingest_job_create", object_id=str(job.pk)).channel == "api"

    assert len(callbacks) == 1
    callbacks[0]()
    done = custodian.get(f"/api/v1/evidence-jobs/{body['id']}/").json()
    assert (done["status"], done["percent"], done["bytes_done"], done["error"]) == ("done", 100, TOTAL_SIZE, "")
    exhibit = custodian.get(f"/api/v1/evidence/{done['item']}/").json()
    assert (exhibit["format"], exhibit["original_name"], exhibit["size"], exhibit["sha256"]) == (
        "folder", "mailbox-export", TOTAL_SIZE, _sha256(MANIFEST))
    assert exhibit["stated_hashes_match"] is True
    assert _members(EvidenceItem.objects.get(pk=done["item"])) == EXPECTED_MEMBERS
    assert _staged_files(settings) == [str(Path(IngestJob.objects.get(original_name="queued.bin").upload_path)
                                           .relative_to(Path(settings.EVIDENCE_ROOT) / "uploads"))]


WEB_REFUSALS = [
    pytest.param({"paths": ["seized/a.txt", "seized/../evil"]}, 2,
                 "A path may not contain . or .. (it would leave its place in the folder): seized/../evil",
                 id="parent"),
    pytest.param({"paths": ["/etc/cron.d/evil"]}, 1,
                 "A path must be relative to the folder, not absolute: /etc/cron.d/evil", id="absolute"),
    pytest.param({"paths": ["seized/a.txt", "seized/a.txt"]}, 2,
                 "The same path is given twice: seized/a.txt", id="duplicate"),
    pytest.param({"paths": ["seized/a", "seized/a/b.txt"]}, 2,
                 "A path is both a file and a folder: seized/a", id="file_and_folder"),
    pytest.param({"paths": ["seized/a.txt"]}, 2,
                 "Each file needs its path (files: 2, paths: 1): choose the folder again.", id="count_mismatch"),
    pytest.param({}, 2, "The paths of the folder's files were not sent (the page needs JavaScript for folders). "
                        "Ingest one file, a ZIP of the folder, or use the command line.", id="no_paths"),
    pytest.param({"paths": ["seized/a.txt", "other/b.txt"]}, 2,
                 "Every path must start with the chosen folder, seized: other/b.txt", id="two_folders"),
    pytest.param({"paths": ["seized/a.txt"], "file": "single"}, 1,
                 "Choose either one file or one folder, not both.", id="file_and_folder_given"),
]


@pytest.mark.parametrize(("extra", "file_count", "message"), WEB_REFUSALS)
def test_web_refusals_name_the_folder_field_and_leave_nothing(world: Any, client_for: Any, settings: Any,
                                                              extra: dict[str, Any], file_count: int,
                                                              message: str) -> None:
    before = _snapshot(settings)
    data: dict[str, Any] = {
        "folder": [SimpleUploadedFile(f"file-{index}.txt", b"content") for index in range(file_count)],
        "description": DESCRIPTION, "source": "seizure", **extra}
    if extra.get("file"):
        data["file"] = SimpleUploadedFile("single.bin", b"one file")
    response = client_for(world.users["custodian"]).post(_ingest_url(world), data)
    assert response.status_code == 400
    assert _form_errors(response) == {"folder": [message]}
    # The error is announced with the field (aria-describedby) and linked from the summary at the top.
    html = response.content.decode()
    assert 'aria-describedby="id_folder_help folder-problem id_folder_errors"' in html
    assert '<ul class="errorlist invalid-feedback d-block" id="id_folder_errors">' in html
    assert f'<li><a href="#id_folder">Or a folder: {escape(message)}</a></li>' in html
    assert _snapshot(settings) == before


def test_web_page_needs_a_file_or_a_folder(world: Any, client_for: Any, settings: Any) -> None:
    before = _snapshot(settings)
    response = client_for(world.users["custodian"]).post(_ingest_url(world), {
        "description": DESCRIPTION, "source": "seizure", "paths": ["seized/a.txt"]})
    assert (response.status_code, _form_errors(response)) == (400, {"file": ["Choose a file or a folder to ingest."]})
    assert _snapshot(settings) == before


API_REFUSALS = [
    pytest.param({"paths": ["../evil"]}, 1,
                 {"paths": ["A path may not contain . or .. (it would leave its place in the folder): ../evil"]},
                 id="parent"),
    pytest.param({"paths": ["/etc/passwd"]}, 1,
                 {"paths": ["A path must be relative to the folder, not absolute: /etc/passwd"]}, id="absolute"),
    pytest.param({"paths": ["mail/a.eml", "mail/a.eml"]}, 2,
                 {"paths": ["The same path is given twice: mail/a.eml"]}, id="duplicate"),
    pytest.param({"paths": ["mail//a.eml"]}, 1,
                 {"paths": ["A path may not contain an empty name (// or a / at the end): mail//a.eml"]},
                 id="empty_name"),
    pytest.param({"paths": ["mail\\a.eml"]}, 1,
                 {"paths": ["A path may not contain a backslash or a control character: mail\\a.eml"]},
                 id="backslash"),
    pytest.param({"paths": ["a.eml"]}, 2,
                 {"paths": ["Send one path per file, in the same order (files: 2, paths: 1)."]}, id="count_mismatch"),
    pytest.param({}, 1, {"paths": ["Send one path per file, in the same order (files: 1, paths: 0)."]},
                 id="no_paths"),
    pytest.param({"file": "single", "paths": ["a.eml"]}, 1,
                 {"files": ["Send either one file or a folder's files, not both."]}, id="file_and_files"),
    pytest.param({"file": "single", "paths": ["a.eml"]}, 0,
                 {"paths": ["Paths go with the files of a folder, not with file."]}, id="file_with_paths"),
    pytest.param({"folder_name": ".."}, 0, {"file": ["Send a file, or a folder's files with their paths."]},
                 id="neither"),
    pytest.param({"paths": ["a.eml"], "folder_name": ".."}, 1,
                 {"folder_name": ["Give the folder a name (not empty, . or ..)."]}, id="folder_name"),
]


@pytest.mark.parametrize(("extra", "file_count", "expected"), API_REFUSALS)
def test_api_refusals_name_the_field_and_leave_nothing(world: Any, api_client_for: Any, settings: Any,
                                                       extra: dict[str, Any], file_count: int,
                                                       expected: dict[str, list[str]]) -> None:
    before = _snapshot(settings)
    data: dict[str, Any] = {"case": str(world.objects["case"].pk), "description": DESCRIPTION, **extra}
    if file_count:
        data["files"] = _api_uploads({f"file-{index}.eml": b"content" for index in range(file_count)})
    if extra.get("file"):
        data["file"] = _api_uploads({"single.bin": b"one file"})[0]
    response = api_client_for(world.users["custodian"]).post("/api/v1/evidence/", data, format="multipart")
    assert (response.status_code, response.json()) == (400, expected)
    assert _snapshot(settings) == before


def test_other_authorities_get_404_and_other_roles_are_refused(world: Any, client_for: Any, api_client_for: Any,
                                                               settings: Any) -> None:
    before = _snapshot(settings)
    case = world.objects["case"]
    web_data = {"folder": _uploads(), "paths": [f"seized/{path}" for path in FILES], "description": DESCRIPTION,
                "source": "seizure"}
    api_data = {"case": str(case.pk), "files": _api_uploads(), "paths": list(FILES), "description": DESCRIPTION}

    assert client_for(world.users["foreign"]).post(_ingest_url(world), web_data).status_code == 404
    foreign = api_client_for(world.users["foreign"]).post("/api/v1/evidence/", api_data, format="multipart")
    assert (foreign.status_code, foreign.json()) == (400, {"case": ["Not found."]})  # the case is in the body

    web_data["folder"], api_data["files"] = _uploads(), _api_uploads()
    drafter_page = client_for(world.users["drafter"]).post(_ingest_url(world), web_data, follow=True)
    assert drafter_page.redirect_chain == [(f"/evidence/cases/{case.pk}/", 302)]
    assert [str(message) for message in drafter_page.context["messages"]] == [
        "Ingesting evidence needs the custodian role."]
    drafter = api_client_for(world.users["drafter"]).post("/api/v1/evidence/", api_data, format="multipart")
    assert (drafter.status_code, drafter.json()) == (
        403, {"detail": "This action needs one of these roles: evidence custodian."})
    assert _snapshot(settings) == before


def _service(world: Any, files: list[tuple[str, Any]], *, folder_name: str = "seized",
             actor: str = "custodian") -> IngestJob:
    return ingest_folder_job_create(actor=world.users[actor], case=world.objects["case"], files=files,
                                    folder_name=folder_name, options={"description": DESCRIPTION})


SERVICE_REFUSALS = [
    pytest.param(["a.txt", "sub/\x00.txt"], {"paths": [
        "A path may not contain a backslash or a control character: sub/\\x00.txt"]}, id="nul"),
    pytest.param(["a.txt", "sub/"], {"paths": [
        "A path may not contain an empty name (// or a / at the end): sub/"]}, id="trailing_slash"),
    pytest.param(["./a.txt"], {"paths": [
        "A path may not contain . or .. (it would leave its place in the folder): ./a.txt"]}, id="dot"),
    pytest.param(["a.txt", ""], {"paths": ["A file has an empty path."]}, id="empty_path"),
    pytest.param(["sub/deeper/c.bin", "sub/deeper"], {"paths": [
        "A path is both a file and a folder: sub/deeper"]}, id="file_and_folder"),
    pytest.param([f"{'n' * 256}.txt"], {"paths": [
        f"A name in the path is longer than 255 bytes: {'n' * 256}.txt"]}, id="long_name"),
    pytest.param([], {"files": ["The folder contains no files."]}, id="empty"),
    pytest.param([f"f{index}" for index in range(MAX_MEMBERS + 1)], {"files": [
        f"The folder has more than {MAX_MEMBERS} files."]}, id="too_many_files"),
]


@pytest.mark.parametrize(("paths", "errors"), SERVICE_REFUSALS)
def test_service_checks_every_path_before_writing(world: Any, settings: Any, paths: list[str],
                                                  errors: dict[str, list[str]]) -> None:
    before = _snapshot(settings)
    with pytest.raises(ValidationFailed) as refused:
        _service(world, [(path, [b"content"]) for path in paths])
    assert refused.value.errors == errors
    assert _snapshot(settings) == before


def test_service_refuses_before_writing_for_a_missing_role_or_another_authority(world: Any, settings: Any) -> None:
    before = _snapshot(settings)
    with pytest.raises(PermissionDenied, match=re.escape("This action needs one of these roles: evidence custodian.")):
        _service(world, [("a.txt", [b"content"])], actor="drafter")
    with pytest.raises(PermissionDenied, match=re.escape("Evidence can only be added to cases of your authority.")):
        _service(world, [("a.txt", [b"content"])], actor="foreign")
    assert _snapshot(settings) == before


def test_folder_name_is_one_safe_name(world: Any, settings: Any) -> None:
    job = _service(world, [("a.txt", [b"content"])], folder_name="../../etc/\tcron.d")
    upload = Path(job.upload_path)
    assert (job.original_name, upload.name, upload.parent.parent) == (
        "cron.d", "cron.d", Path(settings.EVIDENCE_ROOT) / "uploads")
    assert (upload / "a.txt").read_bytes() == b"content"
    before = _snapshot(settings)
    with pytest.raises(ValidationFailed) as refused:
        _service(world, [("a.txt", [b"content"])], folder_name="../..")
    assert refused.value.errors == {"folder_name": ["Give the folder a name (not empty, . or ..)."]}
    assert _snapshot(settings) == before


def test_an_upload_that_breaks_while_written_leaves_nothing(world: Any, settings: Any) -> None:
    def broken() -> Iterator[bytes]:
        yield b"the first chunk arrives"
        raise OSError("connection reset while reading the upload")

    before = _snapshot(settings)
    with pytest.raises(OSError, match="connection reset"):
        _service(world, [("a.txt", [b"complete"]), ("sub/b.txt", broken())])
    assert _snapshot(settings) == before
