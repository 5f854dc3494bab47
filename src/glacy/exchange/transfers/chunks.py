"""The file side of transfers, framework-free: spooling a file, encrypting and authenticating one chunk
(AES-256-GCM), and writing chunks at their place then flushing them in groups.

A chunk's nonce is its position (12 bytes, big-endian): each transfer has its own random key, and a chunk sent
again is the same plaintext under the same nonce, so it encrypts to the same bytes — no nonce is ever used for
two different plaintexts. The associated data binds the chunk to its transfer, position and hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024
MINIMUM_CHUNK_SIZE = 64 * 1024
MAXIMUM_CHUNK_SIZE = 64 * 1024 * 1024
GCM_TAG = 16
_READ = 1024 * 1024


class ChunkError(Exception):
    """A chunk is damaged, forged, out of range or of the wrong length."""


def spool_copy(source: Path, target: Path) -> int:
    """Copy `source` to `target` (fsynced); its size. One buffer of memory whatever the file size."""
    size = 0
    with open(source, "rb") as reader, open(target, "xb") as writer:
        while block := reader.read(4 * _READ):
            writer.write(block)
            size += len(block)
        writer.flush()
        os.fsync(writer.fileno())
    return size


def chunk_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _associated(transfer_id: str, index: int, sha256: str) -> bytes:
    return f"glacy-transfer:{transfer_id}:{index}:{sha256}".encode("ascii")


def encrypt_chunk(key: bytes, transfer_id: str, index: int, sha256: str, data: bytes) -> bytes:
    return AESGCM(key).encrypt(_nonce(index), data, _associated(transfer_id, index, sha256))


def decrypt_chunk(key: bytes, transfer_id: str, index: int, sha256: str, data: bytes) -> bytes:
    """The chunk's plaintext; raises ChunkError if it was changed in transit or is not this chunk."""
    try:
        plaintext = AESGCM(key).decrypt(_nonce(index), data, _associated(transfer_id, index, sha256))
    except InvalidTag as error:
        raise ChunkError("the chunk does not authenticate (damaged in transit or forged)") from error
    if hashlib.sha256(plaintext).hexdigest() != sha256:
        raise ChunkError("the chunk does not match its SHA-256")
    return plaintext


def access_token(key: bytes, transfer_id: str) -> str:
    """What the sender shows to ask about or add to a transfer: only the two nodes know the key."""
    return hmac.new(key, f"glacy-transfer-access:{transfer_id}".encode("ascii"), hashlib.sha256).hexdigest()


def read_chunk(path: Path, index: int, chunk_size: int, length: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(index * chunk_size)
        data = handle.read(length)
    if len(data) != length:
        raise ChunkError(f"the spooled file is shorter than chunk {index} needs")
    return data


def write_chunk(path: Path, index: int, chunk_size: int, data: bytes) -> None:
    """Write a chunk at its place (not yet durable: `sync_file` makes a group of chunks durable at once, which
    costs one flush instead of one per chunk)."""
    descriptor = os.open(path, os.O_WRONLY)
    try:
        view = memoryview(data)
        offset = index * chunk_size
        while view:
            written = os.pwrite(descriptor, view, offset)
            view, offset = view[written:], offset + written
    finally:
        os.close(descriptor)


def sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def boot_id() -> str:
    """This boot of the machine (Linux); writes not yet flushed by an earlier boot may be lost."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def create_part_file(path: Path, size: int) -> None:
    """The file chunks are written into, at its final size (sparse until filled)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        handle.truncate(size)
