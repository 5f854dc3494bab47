"""Folders as exhibits: a safe listing of the regular files and the manifest that gives the folder its identity.

A folder has no bytes of its own, so its identity is the SHA-256 of a **manifest** built deterministically from
its content, in the format of GNU ``sha256sum``:

- one line per regular file: ``<sha256 in lower-case hex>␠␠<path relative to the folder>\\n``;
- paths use ``/`` as separator, are encoded in UTF-8 and sorted by those bytes (not by locale);
- a path holding a backslash or a line feed is written escaped (``\\\\`` and ``\\n``) on a line that starts with a
  backslash, exactly as ``sha256sum`` does;
- file times, owners and permissions are not part of the identity (they are not evidence content
  and change when a folder is copied); the listing keeps each file's size.

Anyone can therefore re-check a folder exhibit without GLACY: ``cd folder && sha256sum -c manifest`` checks each
file and ``sha256sum manifest`` gives the exhibit's SHA-256. The same folder copied elsewhere gives the same
manifest, and any added, removed, renamed or changed file gives another.

Refused, with the offending path: symbolic links, device files, sockets and pipes, paths that leave the folder,
file names that are not valid UTF-8 or hold a bidirectional control character (U+202E and its kin disguise names
in lists and packages), an empty folder or sub-folder (the manifest cannot state it, and dropping it silently
would change the evidence), and more files than an archive may hold. The walk keeps only
the listing in memory (one small record per file); the files themselves are streamed by the caller.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from glacy.evidence.archives import BIDI_CONTROLS, MAX_MEMBERS, ArchiveRefused, shown_name

__all__ = ["FolderFile", "folder_manifest", "list_folder", "open_folder_file"]


@dataclass(frozen=True)
class FolderFile:
    """A regular file found in the folder: its relative POSIX path and the size seen while listing."""

    relative: str
    path: Path
    size: int


def _refuse(code: str, message: object) -> ArchiveRefused:
    return ArchiveRefused(code, message)


def list_folder(root: Path) -> list[FolderFile]:
    """Every regular file under ``root``, sorted by UTF-8 path; raises ArchiveRefused for anything unsafe."""
    real_root = Path(os.path.realpath(root))
    files: list[FolderFile] = []
    empty_folders: list[str] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            raise _refuse("unreadable", _("The folder cannot be read: %(path)s") % {"path": folder}) from error
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            try:
                relative.encode("utf-8")
            except UnicodeEncodeError as error:
                raise _refuse("file_name", _("A file name is not valid UTF-8: %(path)s") % {
                    "path": relative.encode("utf-8", "replace").decode("utf-8")}) from error
            if any(char in BIDI_CONTROLS for char in relative):
                raise _refuse("bidi", _("A path holds a bidirectional control character, which disguises names in "
                                        "lists and packages: %(path)s") % {"path": shown_name(relative)})
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as error:
                raise _refuse("unreadable", _("The file cannot be read: %(path)s") % {"path": relative}) from error
            if stat.S_ISLNK(info.st_mode):
                raise _refuse("symlink", _("The folder contains a symbolic link: %(path)s") % {"path": relative})
            # Defence in depth (bind mounts, a folder swapped during the walk): nothing may resolve outside.
            if not Path(os.path.realpath(entry.path)).is_relative_to(real_root):
                raise _refuse("escape", _("The path leaves the folder: %(path)s") % {"path": relative})
            if stat.S_ISDIR(info.st_mode):
                with os.scandir(entry.path) as inside:
                    is_empty = next(inside, None) is None
                if is_empty:
                    empty_folders.append(relative)
                pending.append((Path(entry.path), f"{relative}/"))
            elif stat.S_ISREG(info.st_mode):
                if len(files) >= MAX_MEMBERS:
                    raise _refuse("too_many_members", _("The folder has more than %(count)s files.") % {
                        "count": MAX_MEMBERS})
                files.append(FolderFile(relative, Path(entry.path), info.st_size))
            else:
                raise _refuse("device", _("The folder contains a device, socket or pipe: %(path)s") % {
                    "path": relative})
    if not files:
        raise _refuse("empty", _("The folder contains no files: %(path)s") % {"path": root})
    if empty_folders:
        raise _refuse("empty_folder", _("The folder contains an empty sub-folder, which its manifest cannot state: "
                                        "%(path)s (remove it, or ingest the folder as a TAR archive)") % {
            "path": min(empty_folders)})
    files.sort(key=lambda file: file.relative.encode("utf-8"))
    return files


def open_folder_file(file: FolderFile) -> BinaryIO:
    """Open a listed file without following a link swapped in since the listing; it must still be regular."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(file.path, flags)
    except OSError as error:
        raise _refuse("unreadable", _("The file cannot be read: %(path)s") % {"path": file.relative}) from error
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _refuse("device", _("The folder contains a device, socket or pipe: %(path)s") % {
            "path": file.relative})
    return open(fd, "rb", buffering=0)  # the caller closes it


def _manifest_line(sha256: str, relative: str) -> bytes:
    if "\\" in relative or "\n" in relative:
        escaped = relative.replace("\\", "\\\\").replace("\n", "\\n")
        return f"\\{sha256}  {escaped}\n".encode()
    return f"{sha256}  {relative}\n".encode()


def folder_manifest(entries: Iterable[tuple[str, str]]) -> bytes:
    """The identity manifest of ``(relative path, sha256)`` pairs (see the module docstring)."""
    ordered = sorted(entries, key=lambda entry: entry[0].encode("utf-8"))
    return b"".join(_manifest_line(sha256, relative) for relative, sha256 in ordered)
