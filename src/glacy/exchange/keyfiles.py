"""The node's private keys on disk: PEM (PKCS#8, unencrypted, mode 0600), written atomically, never replaced
in place by a half-written file.

The signing key keeps the format and place that `glacy.evidence.signing.load_or_create_key` has always used
(`settings.NODE_KEY_PATH`), so an existing node keeps its key. A rotation first writes the new key beside the
current one as ``<key file>.<fingerprint>.next``; once the statement naming it is committed to the key
history, the pending file replaces the current one (`promote_pending`). A crash in between leaves both files,
and the next read finishes the swap because the history says which key is current.

Framework-free: paths are passed in.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

PrivateKey = Ed25519PrivateKey | X25519PrivateKey | RSAPrivateKey
PublicKey = Ed25519PublicKey | X25519PublicKey | RSAPublicKey


class KeyFileError(Exception):
    """A key file is missing, unreadable or holds another kind of key than expected."""


def public_key_bytes(public_key: PublicKey) -> bytes:
    """The bytes a fingerprint is taken over: the raw 32-byte key for Ed25519/X25519, DER SubjectPublicKeyInfo
    for RSA (which has no raw form)."""
    if isinstance(public_key, RSAPublicKey):
        return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_fingerprint(public_key: PublicKey) -> str:
    """SHA-256 (hex) of the raw public key: the same value as `glacy.evidence.signing.fingerprint`."""
    return hashlib.sha256(public_key_bytes(public_key)).hexdigest()


def _pem(key: PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def write_new_key_file(path: Path, key: PrivateKey) -> bool:
    """Write `key` to `path` unless a file is already there (temp file, fsync, hard link: never a torn or
    replaced key). True when this call created the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(_pem(key))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        _fsync_directory(path.parent)
        return True
    finally:
        temp.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def load_private_key(path: Path) -> PrivateKey:
    """Read a PEM private key (Ed25519, X25519 or RSA)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise KeyFileError(f"no key file at {path}") from error
    loaded = serialization.load_pem_private_key(data, password=None)
    if not isinstance(loaded, Ed25519PrivateKey | X25519PrivateKey | RSAPrivateKey):
        raise KeyFileError(f"{path} holds a {type(loaded).__name__}, not an Ed25519, X25519 or RSA key")
    return loaded


def load_or_create(path: Path, kind: type[Ed25519PrivateKey] | type[X25519PrivateKey]) -> PrivateKey:
    """The key in `path`, created (of `kind`) if there is none. Two processes starting at once get one key."""
    if not path.exists():
        write_new_key_file(path, kind.generate())
    return load_private_key(path)


def pending_path(path: Path, fingerprint: str) -> Path:
    """Where a rotation parks the next key until the history names it."""
    return path.with_name(f"{path.name}.{fingerprint[:16]}.next")


def write_pending(path: Path, key: PrivateKey) -> Path:
    """Park the next key beside the current one (see the module docstring)."""
    pending = pending_path(path, key_fingerprint(key.public_key()))
    pending.unlink(missing_ok=True)
    write_new_key_file(pending, key)
    return pending


def promote_pending(path: Path, fingerprint: str) -> bool:
    """Make the parked key with `fingerprint` the current key file (atomic rename). False if none is parked.

    The replaced key is gone: a retired or revoked private key is never needed again, and keeping it would
    only let whoever copies the folder sign in the node's name for the past.
    """
    pending = pending_path(path, fingerprint)
    if not pending.exists():
        return False
    os.replace(pending, path)
    _fsync_directory(path.parent)
    return True
