"""Certificates anyone can verify offline: a canonical JSON statement signed with the node's Ed25519 key.

The QR code holds a URL to the node's public verification page whose query carries the statement and the
signature (base64url), so the certificate proves itself: a verifier who holds the node's public key — taken
from the node's published key page or from the programme office, never from the certificate — checks it
without the network (`glacy training verify-certificate URL --public-key node.pub`, or with openssl, see
docs/user-guide.md, "Verifying a certificate"). The page also says whether this node still lists the
certificate (revoked, or erased at the end of the retention period).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from glacy.evidence.canonical import canonical_json
from glacy.evidence.signing import fingerprint, load_or_create_key, verify

STATEMENT_TYPE = "glacy-training-certificate"
VERIFY_PATH = "/training/verify/"


_KEYS: dict[tuple[str, int], Ed25519PrivateKey] = {}


def node_key() -> Ed25519PrivateKey:
    """The node's Ed25519 signing key (one place to change when the key API moves to `exchange`); read once per
    process and key file (a replaced file is read again)."""
    path = settings.NODE_KEY_PATH
    if not path.exists():
        return load_or_create_key(path)
    stamp = (str(path), path.stat().st_mtime_ns)
    if stamp not in _KEYS:
        _KEYS.clear()
        _KEYS[stamp] = load_or_create_key(path)
    return _KEYS[stamp]


def node_public_key_pem() -> bytes:
    return node_key().public_key().public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_certificate(statement: dict[str, Any]) -> tuple[bytes, str, str]:
    """The canonical bytes, the signature (standard base64) and the key fingerprint."""
    payload = canonical_json(statement)
    key = node_key()
    return payload, base64.b64encode(key.sign(payload)).decode("ascii"), fingerprint(key.public_key())


def verification_query(payload: bytes, signature_b64: str) -> str:
    return urlencode({"c": b64url(payload), "s": b64url(base64.b64decode(signature_b64))})


@dataclass(frozen=True)
class Check:
    """The outcome of checking a presented certificate against a public key."""

    is_signature_valid: bool
    statement: dict[str, Any] | None
    payload: bytes
    problem: str = ""

    @property
    def statement_sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def check_presented(*, statement_b64: str, signature_b64url: str, public_key: Ed25519PublicKey) -> Check:
    """Verify a statement and signature as carried by a QR code, with a key the verifier holds."""
    try:
        payload = b64url_decode(statement_b64)
        signature = b64url_decode(signature_b64url)
    except (binascii.Error, ValueError):
        return Check(False, None, b"", "The link is damaged: its data are not base64url.")
    try:
        statement = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Check(False, None, payload, "The link is damaged: the statement is not JSON.")
    if not isinstance(statement, dict) or statement.get("type") != STATEMENT_TYPE:
        return Check(False, None, payload, "This is not a GLACY training certificate.")
    if canonical_json(statement) != payload:
        return Check(False, statement, payload, "The statement is not in canonical form.")
    is_valid = verify(public_key, payload, base64.b64encode(signature).decode("ascii"))
    return Check(is_valid, statement, payload, "" if is_valid else "The signature does not match this key.")


def parse_verification_url(url: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(url).query)
    return query.get("c", [""])[0], query.get("s", [""])[0]
