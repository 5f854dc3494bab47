"""Folder ingest: every regular file stored and listed, the folder's identity is the SHA-256 of a sha256sum-style
manifest; links, devices and empty folders are refused with nothing left behind; BLAKE3 on request."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.ingest import blob_store, evidence_ingest

BACKSLASH_NAME = "back\\slash.txt"
FILES = {
    "B.txt": b"upper case sorts first in UTF-8",
    "a.txt": b"first",
    "sub/b.txt": b"second",
    "sub/deeper/c.bin": bytes(range(256)) * 3,
    BACKSLASH_NAME: b"escaped like sha256sum does",
    "\u00e9t\u00e9.txt": b"summer",
    "empty.dat": b"",
}


def _ingest(world: Any, path: Path, **options: Any) -> EvidenceItem:
    return evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Seized folder", **options)


def _make_folder(root: Path, files: dict[str, bytes] = FILES) -> Path:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def _store_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_folder_files_are_hashed_stored_and_listed_under_a_manifest_identity(world: Any, tmp_path: Path) -> None:
    folder = _make_folder(tmp_path / "seized")
    item = _ingest(world, folder)
    expected_manifest = (
        f"{_sha256(FILES['B.txt'])}  B.txt\n"
        f"{_sha256(FILES['a.txt'])}  a.txt\n"
        "\\" + _sha256(FILES[BACKSLASH_NAME]) + "  back\\\\slash.txt\n"
        f"{_sha256(b'')}  empty.dat\n"
        f"{_sha256(FILES['sub/b.txt'])}  sub/b.txt\n"
        f"{_sha256(FILES['sub/deeper/c.bin'])}  sub/deeper/c.bin\n"
        f"{_sha256(b'summer')}  \u00e9t\u00e9.txt\n"
    ).encode()
    # A folder's size is that of its files (issue 13: it was its manifest's), the manifest's is noted beside it.
    assert (item.format, item.original_name, item.size) == ("folder", "seized", sum(map(len, FILES.values())))
    assert item.format_verification["manifest_size"] == len(expected_manifest)
    assert (item.sha256, item.sha1, item.md5) == (
        _sha256(expected_manifest), hashlib.sha1(expected_manifest).hexdigest(),
        hashlib.md5(expected_manifest).hexdigest())
    assert item.blake3 == ""
    assert blob_store().path_for(item.sha256).read_bytes() == expected_manifest
    assert list(item.members.order_by("path").values_list("path", "size", "sha256", "sha1", "md5")) == sorted(
        (name, len(data), _sha256(data), hashlib.sha1(data).hexdigest(), hashlib.md5(data).hexdigest())
        for name, data in FILES.items())
    for data in FILES.values():  # each file is in the store under its own SHA-256, read-only
        stored = blob_store().path_for(_sha256(data))
        assert (stored.read_bytes(), oct(stored.stat().st_mode & 0o777)) == (data, "0o444")
    assert item.format_verification["files"] == len(FILES)
    assert item.format_verification["total_size"] == sum(len(data) for data in FILES.values())
    assert item.custody_events.get().hashes_after["sha256"] == item.sha256


def test_manifest_is_checked_by_plain_sha256sum(world: Any, tmp_path: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("GNU coreutils sha256sum not installed")
    folder = _make_folder(tmp_path / "seized")
    item = _ingest(world, folder)
    check = subprocess.run(["sha256sum", "--check", "--strict", str(blob_store().path_for(item.sha256))],
                           cwd=folder, capture_output=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_identity_is_independent_of_location_and_changes_with_content(world: Any, tmp_path: Path) -> None:
    first = _ingest(world, _make_folder(tmp_path / "one"))
    second = _ingest(world, _make_folder(tmp_path / "two"))
    assert second.sha256 == first.sha256
    (tmp_path / "two" / "a.txt").write_bytes(b"changed")
    assert _ingest(world, tmp_path / "two").sha256 != first.sha256
    (tmp_path / "one" / "a.txt").rename(tmp_path / "one" / "renamed.txt")
    assert _ingest(world, tmp_path / "one").sha256 != first.sha256


def _symlinked(root: Path) -> tuple[Path, str]:
    _make_folder(root)
    (root / "sub" / "passwd").symlink_to("/etc/passwd")
    return root, "The folder contains a symbolic link: sub/passwd"


def _escaping_directory_link(root: Path) -> tuple[Path, str]:
    _make_folder(root)
    (root / "up").symlink_to(root.parent, target_is_directory=True)
    return root, "The folder contains a symbolic link: up"


def _fifo(root: Path) -> tuple[Path, str]:
    _make_folder(root)
    os.mkfifo(root / "sub" / "pipe")
    return root, "The folder contains a device, socket or pipe: sub/pipe"


def _empty(root: Path) -> tuple[Path, str]:
    (root / "only" / "folders").mkdir(parents=True)
    return root, f"The folder contains no files: {root}"


def _empty_subfolder(root: Path) -> tuple[Path, str]:
    # Issue 13: an empty sub-folder was dropped silently while the documentation said refused. The manifest
    # (sha256sum format) cannot state it, so keeping it out would change the evidence without a word.
    _make_folder(root)
    (root / "sub" / "nothing here").mkdir()
    return root, ("The folder contains an empty sub-folder, which its manifest cannot state: sub/nothing here "
                  "(remove it, or ingest the folder as a TAR archive)")


def _bidirectional_name(root: Path) -> tuple[Path, str]:
    # Issue 16 item 15: U+202E would show "invoice\u202egpj.exe" as "invoiceexe.jpg" in lists and packages.
    _make_folder(root)
    (root / "sub" / "invoice\u202egpj.exe").write_bytes(b"MZ")
    return root, ("A path holds a bidirectional control character, which disguises names in lists and packages: "
                  "sub/invoice<U+202E>gpj.exe")


def _linked_root(root: Path) -> tuple[Path, str]:
    _make_folder(root)
    link = root.parent / "link-to-folder"
    link.symlink_to(root, target_is_directory=True)
    return link, f"Symbolic links are refused: {link}"


@pytest.mark.parametrize("build", [_symlinked, _escaping_directory_link, _fifo, _empty, _empty_subfolder,
                                   _bidirectional_name, _linked_root])
def test_unsafe_or_empty_folders_are_refused_and_leave_nothing(build: Any, world: Any, tmp_path: Path,
                                                               settings: Any) -> None:
    (tmp_path / "input").mkdir()
    path, message = build(tmp_path / "input" / "seized")
    before = (EvidenceItem.objects.count(), AuditEvent.objects.count(), _store_files(Path(settings.EVIDENCE_ROOT)))
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, path)
    assert error.value.errors == {"path": [message]}
    assert (EvidenceItem.objects.count(), AuditEvent.objects.count(),
            _store_files(Path(settings.EVIDENCE_ROOT))) == before


def test_unreadable_file_discards_what_was_already_staged(world: Any, tmp_path: Path, settings: Any,
                                                          monkeypatch: Any) -> None:
    folder = _make_folder(tmp_path / "seized")
    secret = folder / "sub" / "z-secret.bin"  # listed last: every other file is staged before it fails
    secret.write_bytes(b"no access")
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == secret:  # the tests run as root, which chmod 000 would not stop
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("glacy.evidence.folders.os.open", refusing_open)
    before = (EvidenceItem.objects.count(), _store_files(Path(settings.EVIDENCE_ROOT)))
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, folder)
    assert error.value.errors == {"path": ["The file cannot be read: sub/z-secret.bin"]}
    assert (EvidenceItem.objects.count(), _store_files(Path(settings.EVIDENCE_ROOT))) == before


def test_blake3_is_computed_in_the_same_pass_when_asked(world: Any, tmp_path: Path, settings: Any) -> None:
    settings.EVIDENCE_BLAKE3 = True
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "abc.txt").write_bytes(b"abc")
    item = _ingest(world, folder)
    # Official BLAKE3 test vector for "abc".
    assert item.members.get().blake3 == "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85"
    manifest = f"{_sha256(b'abc')}  abc.txt\n".encode()
    import blake3

    assert item.blake3 == blake3.blake3(manifest).hexdigest()
    assert item.custody_events.get().hashes_after["blake3"] == item.blake3


def test_cli_ingests_a_folder_with_blake3_flag(world: Any, tmp_path: Path, settings: Any) -> None:
    settings.EVIDENCE_BLAKE3 = False
    folder = tmp_path / "phone-dump"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    output = io.StringIO()
    call_command("evidence", "ingest", str(folder), "--case", world.objects["case"].reference, "--as",
                 "own-custodian", "--description", "Logical extraction", "--blake3", stdout=output)
    item = EvidenceItem.objects.get(original_name="phone-dump")
    manifest = f"{_sha256(b'')}  empty.txt\n".encode()
    assert output.getvalue() == f"{item.exhibit_number}\t{_sha256(manifest)}\t0 bytes\n"  # the files' total
    # Official BLAKE3 test vector for the empty input.
    assert item.members.get().blake3 == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
