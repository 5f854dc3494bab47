"""Content-addressed storage for evidence originals.

A blob is stored once under its SHA-256 (``ab/cd/abcd…``), so the name itself is an integrity claim that
anyone can re-check with ``sha256sum``. Writing is crash-safe: the bytes go to a temporary file in
``root/tmp`` on the same filesystem, are hashed in the same pass, fsynced, made read-only and only then
linked under their final name. A process killed at any instant therefore leaves either no blob or a
complete one; what it may leave is a stale temporary file, which :meth:`LocalBlobStore.cleanup_orphans`
removes. Originals are never modified (ISO/IEC 27037 §5.4: preserve the original), hence mode 0o444.
"""

from __future__ import annotations

import abc
import contextlib
import errno
import fcntl
import os
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from .hashing import DEFAULT_ALGORITHMS, MultiHasher, Progress

__all__ = ["BlobCheck", "LocalBlobStore", "StagedBlob", "StoredBlob"]

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_TEMP_SUFFIX = ".partial"
# Start write-back of what is already written every WRITEBACK_WINDOW bytes, so the final fsync does not
# have to flush a whole multi-gigabyte image at once and the page cache is not filled with evidence.
WRITEBACK_WINDOW = 64 * 1024 * 1024
# O_DIRECT transfers must start and end on logical-block boundaries; 4096 covers 512e and 4Kn disks.
DIRECT_ALIGNMENT = 4096
_O_DIRECT = getattr(os, "O_DIRECT", 0)


@dataclass(frozen=True)
class StoredBlob:
    """An evidence blob under its final, content-derived name; ``hashes`` always include sha256."""

    sha256: str
    size: int
    hashes: dict[str, str] = field(default_factory=dict)
    is_new: bool = True
    #: The SHA-256 the stored copy really had when a new ingest of the same content found it corrupt and put the
    #: pristine bytes back; empty otherwise.
    restored_from: str = ""


@dataclass(frozen=True)
class StagedBlob:
    """Bytes written, fsynced and hashed in ``root/tmp`` but not yet visible in the store."""

    temp_path: Path
    sha256: str
    size: int
    hashes: dict[str, str]


@dataclass(frozen=True)
class BlobCheck:
    """Result of re-hashing a stored blob: is the content still what its name promises?"""

    sha256: str
    size: int
    actual_sha256: str

    @property
    def is_intact(self) -> bool:
        return self.actual_sha256 == self.sha256


class _FileSink:
    """Writes each chunk to the temporary file, bypassing the page cache where the filesystem allows it.

    With ``O_DIRECT`` the disk reads the hashing pipeline's (page-aligned) buffer itself: no copy into
    the page cache, no dirty pages for the kernel to flush, and the writing thread sleeps on the device
    while the hashing threads use the processors. The final chunk is padded up to a whole block and the
    file is truncated back to its real length. Where ``O_DIRECT`` is refused (tmpfs, some network file
    systems, an unaligned chunk) the sink falls back to ordinary writes, with write-back started every
    ``WRITEBACK_WINDOW`` bytes so the final fsync does not have to flush a whole image at once.
    """

    def __init__(self, fd: int, *, is_direct: bool) -> None:
        self._fd = fd
        self._is_direct = is_direct
        self._written = 0
        self._flushed = 0

    def _leave_direct_mode(self) -> None:
        if self._is_direct:
            flags = fcntl.fcntl(self._fd, fcntl.F_GETFL)
            fcntl.fcntl(self._fd, fcntl.F_SETFL, flags & ~_O_DIRECT)
            self._is_direct = False

    def _pwrite_all(self, view: memoryview, offset: int) -> None:
        while len(view):
            count = os.pwrite(self._fd, view, offset)
            if count <= 0:
                raise OSError("short write to evidence temporary file")
            view, offset = view[count:], offset + count

    def __call__(self, chunk: memoryview) -> None:
        length = len(chunk)
        if self._is_direct and self._written % DIRECT_ALIGNMENT:
            self._leave_direct_mode()  # a chunk after a partial one: the file offset is no longer aligned
        if self._is_direct:
            padded = -(-length // DIRECT_ALIGNMENT) * DIRECT_ALIGNMENT
            # Padding reads past ``length`` inside the same buffer (its size is a multiple of the block
            # size); truncate() removes it again in finish().
            if padded <= len(chunk.obj):  # type: ignore[arg-type]
                try:
                    self._pwrite_all(memoryview(chunk.obj)[:padded], self._written)  # type: ignore[arg-type]
                except OSError as error:
                    if error.errno != errno.EINVAL:
                        raise
                    self._leave_direct_mode()
                else:
                    self._written += length
                    return
            else:
                self._leave_direct_mode()
        self._pwrite_all(chunk, self._written)
        self._written += length
        if self._written - self._flushed >= WRITEBACK_WINDOW and hasattr(os, "posix_fadvise"):
            # DONTNEED starts asynchronous write-back of the dirty range and lets the kernel drop it.
            os.posix_fadvise(self._fd, self._flushed, self._written - self._flushed, os.POSIX_FADV_DONTNEED)
            self._flushed = self._written

    def finish(self) -> None:
        """Cut the block padding of the last chunk and make the bytes durable."""
        os.ftruncate(self._fd, self._written)
        os.fsync(self._fd)


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def blob_key(sha256: str) -> str:
    """A blob's name in the store, ``ab/cd/<sha256>``; refuses anything but 64 lower-case hex digits."""
    if not _SHA256_HEX.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class BlobStore(abc.ABC):
    """Evidence blobs addressed by SHA-256. Staging — the one read pass that hashes while writing — always
    happens in a local temporary folder under ``root``; where committed blobs live is the subclass's."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.temp_root = self.root / "tmp"
        self.temp_root.mkdir(parents=True, exist_ok=True)

    @abc.abstractmethod
    def exists(self, sha256: str) -> bool:
        """Is a blob of this SHA-256 stored?"""

    @abc.abstractmethod
    def open(self, sha256: str) -> BinaryIO:
        """Open a stored blob for reading (the caller records the custody event for the access)."""

    @abc.abstractmethod
    def commit(self, staged: StagedBlob) -> StoredBlob:
        """Make a staged blob visible under its final name; an identical blob already there wins."""

    @abc.abstractmethod
    def iter_blobs(self) -> list[str]:
        """All stored SHA-256 names (used by fixity sweeps and tests)."""

    @abc.abstractmethod
    def modified_at(self, sha256: str) -> float:
        """When the blob was stored (seconds since the epoch)."""

    @abc.abstractmethod
    def remove(self, sha256: str) -> None:
        """Delete a blob that no exhibit references (clean-up of interrupted ingests only)."""

    # -- writing ----------------------------------------------------------------------------------

    def stage_stream(
        self,
        stream: BinaryIO,
        *,
        algorithms: Iterable[str] = DEFAULT_ALGORITHMS,
        progress: Progress | None = None,
        with_blake3: bool = False,
    ) -> StagedBlob:
        """Copy ``stream`` into a durable temporary file while hashing it; nothing is visible yet."""
        names = tuple(algorithms)
        if "sha256" not in names:
            names = ("sha256", *names)
        hasher = MultiHasher(names, with_blake3=with_blake3)
        temp_path = self.temp_root / f"{uuid.uuid4().hex}{_TEMP_SUFFIX}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(temp_path, flags | _O_DIRECT, 0o600)
            is_direct = bool(_O_DIRECT)
        except OSError as error:
            if error.errno != errno.EINVAL:
                raise
            temp_path.unlink(missing_ok=True)
            fd, is_direct = os.open(temp_path, flags, 0o600), False
        try:
            try:
                sink = _FileSink(fd, is_direct=is_direct)
                hashes = hasher.hash_stream(stream, sink=sink, progress=progress)
                sink.finish()
            finally:
                os.close(fd)
            os.chmod(temp_path, 0o444)
        except BaseException:
            temp_path.unlink(missing_ok=True)
            raise
        return StagedBlob(temp_path=temp_path, sha256=hashes["sha256"], size=hasher.size, hashes=hashes)

    def discard(self, staged: StagedBlob) -> None:
        """Forget a staged blob (ingest refused): nothing of it stays in the store."""
        staged.temp_path.unlink(missing_ok=True)

    def put_stream(
        self,
        stream: BinaryIO,
        *,
        algorithms: Iterable[str] = DEFAULT_ALGORITHMS,
        progress: Progress | None = None,
        with_blake3: bool = False,
    ) -> StoredBlob:
        """Store ``stream`` (one read pass: hash + write), returning its digests and size."""
        return self.commit(self.stage_stream(stream, algorithms=algorithms, progress=progress,
                                             with_blake3=with_blake3))

    def put_bytes(self, data: bytes, *, algorithms: Iterable[str] = DEFAULT_ALGORITHMS) -> StoredBlob:
        """Store a small in-memory value (e.g. a generated listing) like any other blob."""
        import io

        return self.put_stream(io.BytesIO(data), algorithms=algorithms)

    # -- checking and housekeeping ---------------------------------------------------------------------

    def verify(self, sha256: str) -> BlobCheck:
        """Re-hash a stored blob: the periodic fixity check of digital preservation."""
        hasher = MultiHasher(("sha256",))
        with self.open(sha256) as handle:
            actual = hasher.hash_stream(handle)["sha256"]
        return BlobCheck(sha256=sha256, size=hasher.size, actual_sha256=actual)

    def cleanup_orphans(self, *, older_than: float = 24 * 3600.0) -> list[Path]:
        """Delete temporary files untouched for ``older_than`` seconds (left by crashed ingests).

        A running ingest keeps touching its temporary file, so a generous age never removes live work.
        """
        removed = []
        limit = time.time() - older_than
        # Staged files, and repair copies left beside a blob by an ingest that restored a corrupt one.
        for entry in [*self.temp_root.iterdir(), *self.root.glob(f"??/??/*{_TEMP_SUFFIX}")]:
            with contextlib.suppress(FileNotFoundError):
                if entry.name.endswith(_TEMP_SUFFIX) and entry.lstat().st_mtime <= limit:
                    entry.unlink()
                    removed.append(entry)
        return sorted(removed)


class LocalBlobStore(BlobStore):
    """Evidence blobs in a local folder (``GLACY_EVIDENCE_DIR``), read-only files linked under their SHA-256."""

    def path_for(self, sha256: str) -> Path:
        """Final path of a blob; refuses anything but 64 lower-case hex digits (no path tricks)."""
        return self.root / blob_key(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def commit(self, staged: StagedBlob) -> StoredBlob:
        """Make a staged blob visible under its final name; an existing blob of that name is kept only if it
        still hashes to its name (a corrupt copy is replaced by the staged bytes, and reported)."""
        final = self.path_for(staged.sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        is_new, restored_from = True, ""
        try:
            # link() never replaces an existing original, unlike rename(): the existing one is kept
            # (deduplication) once it has been re-hashed.
            os.link(staged.temp_path, final)
        except FileExistsError:
            is_new = False
            check = self.verify(staged.sha256)
            if not check.is_intact:
                # The stored copy no longer is what its name says: put the pristine bytes back atomically.
                repair = final.with_name(f"{final.name}.{uuid.uuid4().hex}{_TEMP_SUFFIX}")
                os.link(staged.temp_path, repair)
                os.replace(repair, final)
                restored_from = check.actual_sha256
        _fsync_directory(final.parent)
        staged.temp_path.unlink(missing_ok=True)
        return StoredBlob(sha256=staged.sha256, size=staged.size, hashes=dict(staged.hashes), is_new=is_new,
                          restored_from=restored_from)

    def iter_blobs(self) -> list[str]:
        """All stored SHA-256 names (used by fixity sweeps and tests)."""
        return sorted(path.name for path in self.root.glob("??/??/*") if _SHA256_HEX.match(path.name))

    def modified_at(self, sha256: str) -> float:
        return self.path_for(sha256).lstat().st_mtime

    def remove(self, sha256: str) -> None:
        path = self.path_for(sha256)
        path.unlink(missing_ok=True)
        _fsync_directory(path.parent)


class StorageBlobStore(BlobStore):
    """Evidence blobs in a Django storage — an S3-compatible bucket through django-storages, for instance —
    addressed by SHA-256 like the local store (``ab/cd/<sha256>``).

    Staging (the one read pass that hashes) still writes to a local temporary file under ``root``; commit
    uploads it under its final name only if no blob of that name exists (content addressing: an existing
    object is the same content), then removes the local copy. Same crash order as the local store: a crash
    before commit leaves a temporary file that ``cleanup_orphans`` removes; the item is registered in the
    database only after the upload returned.
    """

    def __init__(self, root: str | os.PathLike[str], storage: Any) -> None:
        super().__init__(root)
        self.storage = storage

    def exists(self, sha256: str) -> bool:
        return bool(self.storage.exists(blob_key(sha256)))

    def open(self, sha256: str) -> BinaryIO:
        return cast(BinaryIO, self.storage.open(blob_key(sha256), "rb"))

    def commit(self, staged: StagedBlob) -> StoredBlob:
        from django.core.files import File

        key = blob_key(staged.sha256)
        is_new, restored_from = not self.storage.exists(key), ""
        if not is_new:
            check = self.verify(staged.sha256)
            if not check.is_intact:  # a corrupt stored copy: replaced by the staged bytes, and reported
                self.storage.delete(key)
                is_new, restored_from = True, check.actual_sha256
        if is_new:
            with staged.temp_path.open("rb") as handle:
                saved = self.storage.save(key, File(handle, name=staged.sha256))
            if saved != key:  # another ingest stored the same content meanwhile: keep the first
                self.storage.delete(saved)
                is_new = False
        staged.temp_path.unlink(missing_ok=True)
        return StoredBlob(sha256=staged.sha256, size=staged.size, hashes=dict(staged.hashes),
                          is_new=is_new and not restored_from, restored_from=restored_from)

    def modified_at(self, sha256: str) -> float:
        return float(self.storage.get_modified_time(blob_key(sha256)).timestamp())

    def remove(self, sha256: str) -> None:
        self.storage.delete(blob_key(sha256))

    def iter_blobs(self) -> list[str]:
        names: list[str] = []
        for first in self.storage.listdir("")[0]:
            for second in self.storage.listdir(first)[0]:
                names.extend(name for name in self.storage.listdir(f"{first}/{second}")[1]
                             if _SHA256_HEX.match(name))
        return sorted(names)
