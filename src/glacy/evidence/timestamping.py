"""RFC 3161 time-stamps over checkpoints, from an authority the operator names (``GLACY_TSA_URL``).

A time-stamp token is a third party's signed statement that a digest existed at a given time. Over a checkpoint's
signed statement it shows, from outside the node, that the log had that root by then: a log rewritten later
cannot carry a token dated earlier. The platform asks for a token when it signs a checkpoint (if an authority is
configured; without network the checkpoint is signed anyway and the failure audited) and keeps the whole
response. Tokens are verified with rfc3161-client (Trail of Bits) against the authority's root certificates the
operator installs (``GLACY_TSA_CERTS``, PEM), never against certificates the token carries for itself.
"""

from __future__ import annotations

import base64
import hashlib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

__all__ = ["TimestampError", "TimestampVerdict", "timestamp_fetch", "timestamp_verify"]

TIMEOUT_SECONDS = 15
MAX_RESPONSE_BYTES = 256 * 1024


class TimestampError(Exception):
    """The authority could not be reached or gave no usable token."""


def timestamp_fetch(url: str, message: bytes) -> tuple[str, str]:
    """Ask the authority at ``url`` to time-stamp SHA-256(``message``); return (response DER in base64, the time
    it states in UTC ISO 8601). The response is checked to answer this very request (digest and nonce)."""
    from rfc3161_client import HashAlgorithm, PKIStatus, TimestampRequestBuilder, decode_timestamp_response

    if not url.lower().startswith(("http://", "https://")):
        raise TimestampError(f"the time-stamping authority's address must be http(s): {url}")
    request = (TimestampRequestBuilder().data(message).hash_algorithm(HashAlgorithm.SHA256).nonce(nonce=True)
               .cert_request(cert_request=True).build())
    http = urllib.request.Request(url, data=request.as_bytes(), method="POST",  # noqa: S310 — http(s), checked
                                  headers={"Content-Type": "application/timestamp-query"})
    try:
        with urllib.request.urlopen(http, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 — http(s), checked above
            body = answer.read(MAX_RESPONSE_BYTES + 1)
    except OSError as error:
        raise TimestampError(f"the time-stamping authority {url} could not be reached: {error}") from error
    if len(body) > MAX_RESPONSE_BYTES:
        raise TimestampError("the time-stamping authority's answer is too large")
    try:
        response = decode_timestamp_response(body)
    except ValueError as error:
        raise TimestampError(f"the time-stamping authority's answer is not a time-stamp response: {error}") from error
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(f"the time-stamping authority refused: status {response.status}")
    info = response.tst_info
    if info.message_imprint.message != hashlib.sha256(message).digest() or info.nonce != request.nonce:
        raise TimestampError("the time-stamping authority answered another request")
    return base64.b64encode(body).decode("ascii"), info.gen_time.isoformat()


@dataclass(frozen=True)
class TimestampVerdict:
    is_valid: bool
    stamped_at: str
    detail: str


def _roots(path: Path) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(path.read_bytes())


def timestamp_verify(token: str, message: bytes, *, roots: Path) -> TimestampVerdict:
    """Is ``token`` (a stored response) a valid time-stamp over ``message`` by an authority whose root is in
    the PEM file ``roots``?"""
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    try:
        response = decode_timestamp_response(base64.b64decode(token, validate=True))
    except ValueError as error:
        return TimestampVerdict(False, "", f"not a time-stamp response: {error}")
    stamped_at = response.tst_info.gen_time.isoformat()
    try:
        certificates = _roots(roots)
    except (OSError, ValueError) as error:
        return TimestampVerdict(False, stamped_at, f"the authority's root certificates cannot be read: {error}")
    builder = VerifierBuilder()
    for certificate in certificates:
        builder = builder.add_root_certificate(certificate)
    try:
        builder.build().verify_message(response, message)
    except VerificationError as error:
        return TimestampVerdict(False, stamped_at, f"the time-stamp does not verify: {error}")
    return TimestampVerdict(True, stamped_at, f"time-stamped at {stamped_at}")
