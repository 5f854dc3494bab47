"""Trust anchors: the public keys a verifier accepts, taken from OUTSIDE what it verifies.

A package carries its signer's public key and a database row its checkpoint's: both are what a forger would
replace first, so neither is ever trusted for itself. A :class:`TrustList` comes from a trust file the verifier
holds (``--trust KEYS``, the node's ``GLACY_TRUST_FILE``), from the node's peer list, or from the node's own key
history; a signature by a key outside it fails with the key's fingerprint named.

Trust file format (UTF-8 text, one key per line, ``#`` starts a comment)::

    ed25519 <public key: 32 bytes in base64> <name, free text>

for instance ``ed25519 MCowBQYDK2VwAyEA… Philippines DOJ node`` — what ``glacy custody key`` prints for a node. A
key's fingerprint is the SHA-256 of its 32 raw bytes, in hex (shown by every verdict).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from glacy.evidence.signing import fingerprint, raw_public_key

__all__ = ["TrustFileError", "TrustList", "TrustedKey", "trust_line"]


class TrustFileError(ValueError):
    """A trust file that cannot be read as one: its line is named."""


@dataclass(frozen=True)
class TrustedKey:
    name: str
    public_key: Ed25519PublicKey

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def public_key_base64(self) -> str:
        return base64.b64encode(raw_public_key(self.public_key)).decode("ascii")


@dataclass
class TrustList:
    """Keys by fingerprint, and where they came from (shown in verdicts)."""

    source: str
    keys: dict[str, TrustedKey] = field(default_factory=dict)

    def get(self, fingerprint_hex: str) -> TrustedKey | None:
        return self.keys.get(fingerprint_hex)

    def __contains__(self, fingerprint_hex: object) -> bool:
        return fingerprint_hex in self.keys

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: TrustedKey) -> None:
        self.keys.setdefault(key.fingerprint, key)

    def merged(self, other: TrustList) -> TrustList:
        joined = TrustList(f"{self.source}; {other.source}", dict(self.keys))
        for key in other.keys.values():
            joined.add(key)
        return joined

    @classmethod
    def of(cls, source: str, keys: Iterable[TrustedKey]) -> TrustList:
        trust = cls(source)
        for key in keys:
            trust.add(key)
        return trust

    @classmethod
    def from_text(cls, text: str, *, source: str) -> TrustList:
        trust = cls(source)
        for number, line in enumerate(text.splitlines(), start=1):
            content = line.split("#", 1)[0].strip()
            if not content:
                continue
            parts = content.split(None, 2)
            if len(parts) < 2 or parts[0].lower() != "ed25519":
                raise TrustFileError(f"{source}, line {number}: expected 'ed25519 <base64 public key> <name>'")
            try:
                raw = base64.b64decode(parts[1], validate=True)
                public_key = Ed25519PublicKey.from_public_bytes(raw)
            except (binascii.Error, ValueError) as error:
                raise TrustFileError(f"{source}, line {number}: not an Ed25519 public key (32 bytes in base64)") \
                    from error
            trust.add(TrustedKey(parts[2].strip() if len(parts) > 2 else f"key on line {number}", public_key))
        return trust

    @classmethod
    def from_file(cls, path: Path) -> TrustList:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise TrustFileError(f"{path}: the trust file cannot be read ({error})") from error
        return cls.from_text(text, source=str(path))


def trust_line(public_key: Ed25519PublicKey, name: str) -> str:
    """One line of a trust file for ``public_key`` (what a node gives its peers and witnesses)."""
    return f"ed25519 {base64.b64encode(raw_public_key(public_key)).decode('ascii')} {name}"
