"""The file side of transfers, framework-free: hashing a file into chunks in one pass, encrypting and
authenticating one chunk (AES-256-GCM), and writing a chunk durably at its place.

A chunk's nonce is its position (12 bytes, big-endian): each transfer has its own random key, and a chunk sent
again is the same plaintext under the same nonce, so it encrypts to the same bytes — no nonce is ever used for
two different plaintexts. The associated data binds the chunk to its transfer, position and hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class HashedFile:
    path: Path
    size: int
    sha256: str
    chunk_hashes: list[str]
    chunk_size: int


def hash_into(source: Path, target: Path | None, chunk_size: int) -> HashedFile:
    """Read `source` once: SHA-256 of the whole and of each chunk, copying it to `target` if given (fsynced).
    Memory stays at one read buffer whatever the file size."""
    whole = hashlib.sha256()
    chunk_hashes: list[str] = []
    current = hashlib.sha256()
    in_chunk = size = 0
    output = open(target, "xb") if target is not None else None  # noqa: SIM115 - closed in finally
    try:
        with open(source, "rb") as handle:
            while True:
                block = handle.read(min(_READ, chunk_size - in_chunk))
                if not block:
                    break
                whole.update(block)
                current.update(block)
                if output is not None:
                    output.write(block)
                in_chunk += len(block)
                size += len(block)
                if in_chunk == chunk_size:
                    chunk_hashes.append(current.hexdigest())
                    current, in_chunk = hashlib.sha256(), 0
        if in_chunk or not chunk_hashes:
            chunk_hashes.append(current.hexdigest())
        if output is not None:
            output.flush()
            os.fsync(output.fileno())
    finally:
        if output is not None:
            output.close()
    return HashedFile(path=target or source, size=size, sha256=whole.hexdigest(), chunk_hashes=chunk_hashes,
                      chunk_size=chunk_size)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(4 * _READ):
            digest.update(block)
    return digest.hexdigest()


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
    """Write a chunk at its place and make it durable before it is recorded as received."""
    descriptor = os.open(path, os.O_WRONLY)
    try:
        view = memoryview(data)
        offset = index * chunk_size
        while view:
            written = os.pwrite(descriptor, view, offset)
            view, offset = view[written:], offset + written
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def create_part_file(path: Path, size: int) -> None:
    """The file chunks are written into, at its final size (sparse until filled)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        handle.truncate(size)
