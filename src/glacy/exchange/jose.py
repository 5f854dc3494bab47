"""Standard JOSE (RFC 7515 JWS, RFC 7516 JWE, RFC 7517 JWK, RFC 8037 OKP keys) through joserfc.

Every signature GLACY puts on the wire — key-history statements, identity documents, message envelopes,
receipts — is a compact JWS with ``alg: Ed25519`` (RFC 9864, the fully specified name of RFC 8037's EdDSA
over Ed25519) and ``kid`` = the signer's key fingerprint; every encryption is a compact JWE
(``ECDH-ES+A256KW`` for an X25519 recipient key, ``RSA-OAEP-256`` for an RSA one, content ``A256GCM``).
A third party can check any of them with another JOSE library: the key comes from the key history, never
from the token itself.

Framework-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey, RSAKey

from glacy.exchange.keyfiles import PrivateKey, PublicKey

SIGNATURE_ALGORITHM = "Ed25519"
KEY_WRAP_X25519 = "ECDH-ES+A256KW"
KEY_WRAP_RSA = "RSA-OAEP-256"
CONTENT_ENCRYPTION = "A256GCM"


class JoseFailure(Exception):
    """A token could not be parsed, verified or decrypted; the message says which step failed."""


def algorithm_of(public_key: PublicKey) -> str:
    """The name a key history gives a key's algorithm."""
    if isinstance(public_key, Ed25519PublicKey):
        return "Ed25519"
    if isinstance(public_key, X25519PublicKey):
        return "X25519"
    return KEY_WRAP_RSA


def public_jwk(public_key: PublicKey) -> dict[str, str]:
    """The public key as a JWK (RFC 7517) with sorted members."""
    imported = RSAKey.import_key(public_key) if isinstance(public_key, RSAPublicKey) else OKPKey.import_key(public_key)
    return {name: str(value) for name, value in sorted(imported.as_dict(private=False).items())}


def public_key_from_jwk(value: Any) -> PublicKey:
    """A public key from a JWK; refuses private members and anything but Ed25519, X25519 and RSA."""
    if not isinstance(value, dict) or value.get("kty") not in {"OKP", "RSA"}:
        raise JoseFailure("the key is not an OKP or RSA JSON Web Key")
    if "d" in value:
        raise JoseFailure("a published key must not contain private members")
    try:
        imported = RSAKey.import_key(value) if value["kty"] == "RSA" else OKPKey.import_key(value)
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise JoseFailure(f"the key is not a valid JSON Web Key: {error}") from error
    key = imported.public_key
    if not isinstance(key, Ed25519PublicKey | X25519PublicKey | RSAPublicKey):
        raise JoseFailure("only Ed25519, X25519 and RSA keys are accepted")
    return key


def _joserfc_key(key: PrivateKey | PublicKey) -> OKPKey | RSAKey:
    if isinstance(key, RSAPrivateKey | RSAPublicKey):
        return RSAKey.import_key(key)
    return OKPKey.import_key(key)


def sign(private_key: Ed25519PrivateKey, payload: bytes, *, kid: str, typ: str) -> str:
    """A compact JWS over `payload`."""
    header = {"alg": SIGNATURE_ALGORITHM, "kid": kid, "typ": typ}
    return jws.serialize_compact(header, payload, _joserfc_key(private_key), algorithms=[SIGNATURE_ALGORITHM])


@dataclass(frozen=True)
class Unverified:
    """A compact JWS read without checking its signature: only to find which key must check it."""

    header: dict[str, Any]
    payload: bytes


def peek(token: str | bytes) -> Unverified:
    """Read a compact JWS's header and payload WITHOUT verifying it (to choose the key that will)."""
    try:
        extracted = jws.extract_compact(token.encode("ascii") if isinstance(token, str) else token)
    except (JoseError, ValueError, UnicodeError) as error:
        raise JoseFailure(f"not a compact JWS: {error}") from error
    return Unverified(header=dict(extracted.protected), payload=extracted.payload)


def verify(token: str | bytes, public_key: Ed25519PublicKey, *, typ: str) -> tuple[dict[str, Any], bytes]:
    """Check a compact JWS with `public_key` (taken by the caller from a key history); header and payload."""
    try:
        verified = jws.deserialize_compact(token, _joserfc_key(public_key), algorithms=[SIGNATURE_ALGORITHM])
    except JoseError as error:
        raise JoseFailure(f"bad signature ({error.error})") from error
    except (ValueError, UnicodeError) as error:
        raise JoseFailure(f"not a compact JWS: {error}") from error
    header = dict(verified.protected)
    if header.get("typ") != typ:
        raise JoseFailure(f"expected a {typ} token, found {header.get('typ')!r}")
    return header, verified.payload


def encrypt(plaintext: bytes, recipient_key: X25519PublicKey | RSAPublicKey, *, kid: str, cty: str) -> str:
    """A compact JWE of `plaintext` for the holder of `recipient_key` (`kid`: its fingerprint; `cty`: what the
    plaintext is, e.g. a glacy-message+jws)."""
    wrap = KEY_WRAP_RSA if isinstance(recipient_key, RSAPublicKey) else KEY_WRAP_X25519
    header = {"alg": wrap, "enc": CONTENT_ENCRYPTION, "kid": kid, "cty": cty}
    return jwe.encrypt_compact(header, plaintext, _joserfc_key(recipient_key), algorithms=[wrap, CONTENT_ENCRYPTION])


def jwe_header(token: str | bytes) -> dict[str, Any]:
    """The protected header of a compact JWE (to see which key it was encrypted to), unverified."""
    try:
        raw = token.encode("ascii") if isinstance(token, str) else token
        return dict(jwe.extract_compact(raw, jwe.default_registry).protected)
    except (JoseError, ValueError, UnicodeError) as error:
        raise JoseFailure(f"not a compact JWE: {error}") from error


def decrypt(token: str | bytes, private_key: X25519PrivateKey | RSAPrivateKey) -> tuple[dict[str, Any], bytes]:
    """Open a compact JWE addressed to `private_key`; header and plaintext."""
    wrap = KEY_WRAP_RSA if isinstance(private_key, RSAPrivateKey) else KEY_WRAP_X25519
    try:
        opened = jwe.decrypt_compact(token, _joserfc_key(private_key), algorithms=[wrap, CONTENT_ENCRYPTION])
    except JoseError as error:
        raise JoseFailure(f"cannot decrypt ({error.error})") from error
    except (ValueError, UnicodeError) as error:
        raise JoseFailure(f"not a compact JWE: {error}") from error
    if opened.plaintext is None:
        raise JoseFailure("the encrypted message is empty")
    return dict(opened.protected), opened.plaintext


def json_payload(payload: bytes) -> dict[str, Any]:
    """A signed payload as a JSON object (anything else is refused)."""
    try:
        value = json.loads(payload)
    except (ValueError, UnicodeError) as error:
        raise JoseFailure(f"the signed payload is not JSON: {error}") from error
    if not isinstance(value, dict):
        raise JoseFailure("the signed payload is not a JSON object")
    return value


def compact_json(value: Any) -> bytes:
    """JSON for a payload: sorted keys, no spaces. The signature covers these exact bytes, so nobody needs to
    re-create them: the receiver verifies the bytes it got."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
