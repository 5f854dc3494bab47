"""The store's write pipeline: exact bytes and digests at every size around the block and chunk boundaries,
with O_DIRECT, with ordinary writes, and on a filesystem that refuses O_DIRECT."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pytest

from glacy.evidence import blobstore
from glacy.evidence.blobstore import LocalBlobStore
from glacy.evidence.hashing import CHUNK_SIZE, hash_stream

SIZES = [0, 1, 4095, 4096, 4097, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE + 4096 * 3 + 17]


class _Trickle(io.RawIOBase):
    """A stream that answers with small, odd-sized reads (like a decompressor)."""

    def __init__(self, data: bytes) -> None:
        self._data, self._offset = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), 1000 + self._offset % 777, len(self._data) - self._offset)
        buffer[:count] = self._data[self._offset:self._offset + count]
        self._offset += count
        return count


def _expected(data: bytes) -> dict[str, str]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "sha1": hashlib.sha1(data).hexdigest(),
            "md5": hashlib.md5(data).hexdigest()}


@pytest.mark.parametrize("is_direct_available", [True, False])
@pytest.mark.parametrize("size", SIZES)
def test_stored_bytes_and_digests_are_exact(size: int, is_direct_available: bool, tmp_path: Path,
                                            monkeypatch: Any) -> None:
    if not is_direct_available:
        monkeypatch.setattr(blobstore, "_O_DIRECT", 0)
    data = os.urandom(size)
    store = LocalBlobStore(tmp_path / "store")
    seen: list[int] = []
    stored = store.put_stream(io.BytesIO(data), progress=seen.append)
    assert (stored.size, stored.hashes) == (size, _expected(data))
    final = store.path_for(stored.sha256)
    assert (final.read_bytes() == data, oct(final.stat().st_mode & 0o777)) == (True, "0o444")
    assert (seen[-1] if seen else 0) == size
    assert list((tmp_path / "store" / "tmp").iterdir()) == []


def test_short_reads_still_give_whole_chunks(tmp_path: Path) -> None:
    data = os.urandom(CHUNK_SIZE + 12345)
    stored = LocalBlobStore(tmp_path / "store").put_stream(_Trickle(data), with_blake3=True)  # type: ignore[arg-type]
    import blake3

    assert stored.hashes == {**_expected(data), "blake3": blake3.blake3(data).hexdigest()}
    assert LocalBlobStore(tmp_path / "store").path_for(stored.sha256).read_bytes() == data


def test_a_chunk_after_a_partial_one_leaves_direct_mode(tmp_path: Path) -> None:
    """A sink fed unaligned chunks in the middle (not produced by our pipeline, but possible) stays exact."""
    import mmap

    path = tmp_path / "out.bin"
    flags = os.O_WRONLY | os.O_CREAT | blobstore._O_DIRECT
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        pytest.skip("this filesystem refuses O_DIRECT")
    parts = [os.urandom(5000), os.urandom(8192), os.urandom(3)]
    try:
        sink = blobstore._FileSink(fd, is_direct=bool(blobstore._O_DIRECT))
        for part in parts:
            buffer = mmap.mmap(-1, CHUNK_SIZE)
            buffer[: len(part)] = part
            with memoryview(buffer) as view:
                sink(view[: len(part)])
        sink.finish()
    finally:
        os.close(fd)
    assert path.read_bytes() == b"".join(parts)


def test_filesystem_without_o_direct_falls_back(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        pytest.skip("no writable tmpfs at /dev/shm")
    root = Path(os.path.join(shm, f"glacy-test-{os.getpid()}-{tmp_path.name}"))
    try:
        data = os.urandom(CHUNK_SIZE + 3)
        stored = LocalBlobStore(root).put_stream(io.BytesIO(data))
        assert (stored.hashes, LocalBlobStore(root).path_for(stored.sha256).read_bytes() == data) == (
            _expected(data), True)
    finally:
        import shutil

        shutil.rmtree(root, ignore_errors=True)


def test_a_failing_consumer_is_reported_and_nothing_is_left(tmp_path: Path) -> None:
    def broken_sink(chunk: memoryview) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        hash_stream(io.BytesIO(os.urandom(3 * CHUNK_SIZE)), sink=broken_sink)
    store = LocalBlobStore(tmp_path / "store")

    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            raise OSError("read error")

    with pytest.raises(OSError, match="read error"):
        store.put_stream(Failing())  # type: ignore[arg-type]
    assert list((tmp_path / "store" / "tmp").iterdir()) == []
    assert store.iter_blobs() == []
