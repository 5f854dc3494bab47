"""The node's Ed25519 signing key and signed checkpoints of the custody log.

The private key lives in a PEM file (PKCS#8) created on first use with mode 0600; its fingerprint is the
SHA-256 of the raw 32-byte public key. A checkpoint is a canonical-JSON statement {node, tree size,
root hash, time} with a detached signature, so anyone holding the public key can check it offline.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from glacy.evidence.canonical import canonical_json


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """Read the node key, creating it atomically (write temp, fsync, link) if it does not exist."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)  # never replaces a key another process created meanwhile
        except FileExistsError:
            pass
        finally:
            temp.unlink(missing_ok=True)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return loaded


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_key(public_key)).hexdigest()


def public_key_from_base64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data)).decode("ascii")


def verify(public_key: Ed25519PublicKey, data: bytes, signature_b64: str) -> bool:
    try:
        public_key.verify(base64.b64decode(signature_b64, validate=True), data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SignedStatement:
    statement: dict[str, object]
    signature: str
    public_key: str
    key_fingerprint: str

    @property
    def payload(self) -> bytes:
        return canonical_json(self.statement)


def sign_statement(key: Ed25519PrivateKey, statement: dict[str, object]) -> SignedStatement:
    public = key.public_key()
    return SignedStatement(statement=statement, signature=sign(key, canonical_json(statement)),
                           public_key=base64.b64encode(raw_public_key(public)).decode("ascii"),
                           key_fingerprint=fingerprint(public))
