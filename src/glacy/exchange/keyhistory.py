"""A node's key history: signed statements that create, rotate and revoke its keys, each chained to the one
before it, and the verification that turns them into a list of keys with their validity periods.

A statement is a compact JWS (``typ: glacy-key-statement+jws``) whose JSON payload is::

    {"node": "gh-node", "sequence": 3, "previous": "<SHA-256 hex of statement 2's JWS text>" | null,
     "action": "create" | "rotate" | "encryption" | "revoke", "time": "2026-03-01T10:42:00.000000Z",
     "key": {<public JWK>, "use": "sig" | "enc"} (the key introduced, absent for a plain revocation),
     "valid_from": "<time>" (create only: an existing key may predate its history),
     "revokes": "<fingerprint>", "invalid_from": "<time>", "reason": "<text>" (revoke only)}

Who signs what (the rules `apply_statement` enforces):

* ``create`` (sequence 0): the node's first signing key signs its own statement. It is the anchor, trusted
  because an operator confirmed its fingerprint out of band (for a peer) or holds it (for this node).
* ``rotate``: a new signing key, signed by the signing key it replaces (the OLD key), which is retired from
  that moment.
* ``encryption``: a new encryption key (X25519, or RSA for RSA-OAEP), signed by the current signing key; the
  encryption key it replaces is retired.
* ``revoke``: a key is withdrawn from ``invalid_from`` on (which may lie before the statement: a key found
  compromised is distrusted from when it may have leaked). Signed by the current signing key. Revoking the
  current signing or encryption key must introduce its replacement in ``key``; peers accept the
  revocation at once but trust the replacement only after confirming it out of band (the revoked key may
  be in an attacker's hands, and the attacker could name a key of their own).

A key is valid at a moment t when ``valid_from ≤ t``, it was not retired at or before t, and not revoked at
or before t. Framework-free: statements come in as text, records go out.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from glacy.core.wording import _
from glacy.exchange import jose
from glacy.exchange.keyfiles import PrivateKey, PublicKey, key_fingerprint

STATEMENT_TYPE = "glacy-key-statement+jws"
SIGNING, ENCRYPTION = "sig", "enc"
CREATE, ROTATE, ENCRYPTION_KEY, REVOKE = "create", "rotate", "encryption", "revoke"


class KeyHistoryError(Exception):
    """The history does not verify; the message names the statement (by sequence) and the broken rule."""


def format_time(moment: datetime.datetime) -> str:
    """UTC with microseconds and a Z, the only form statements and envelopes carry."""
    if moment.tzinfo is None:
        raise ValueError("times in statements must be timezone-aware")
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: Any) -> datetime.datetime:
    if not isinstance(text, str) or not text.endswith("Z") or len(text) != 27:
        raise ValueError(f"not a UTC time of the form 2026-03-01T10:42:00.000000Z: {text!r}")
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.UTC)


def statement_hash(statement: str) -> str:
    """What the next statement's ``previous`` names: SHA-256 (hex) of the JWS text."""
    return hashlib.sha256(statement.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class KeyRecord:
    """One key of a node as its verified history describes it."""

    node: str
    fingerprint: str
    use: str  # SIGNING or ENCRYPTION
    algorithm: str  # Ed25519, X25519 or RSA-OAEP-256
    jwk: dict[str, str]
    valid_from: datetime.datetime
    retired_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revocation_reason: str
    statement: str  # the JWS that introduced the key
    sequence: int  # of that statement
    needs_confirmation: bool = False  # introduced by the revocation of a possibly compromised key

    def public_key(self) -> PublicKey:
        return jose.public_key_from_jwk(self.jwk)

    def is_valid_at(self, when: datetime.datetime) -> bool:
        """True when a signature (or encryption) dated `when` could honestly have used this key."""
        if when < self.valid_from:
            return False
        if self.retired_at is not None and when >= self.retired_at:
            return False
        return not (self.revoked_at is not None and when >= self.revoked_at)

    @property
    def is_current(self) -> bool:
        return self.retired_at is None and self.revoked_at is None


@dataclass(frozen=True)
class VerifiedStatement:
    sequence: int
    action: str
    time: datetime.datetime
    statement: str
    hash: str
    signer: str  # fingerprint of the signing key that signed it
    payload: dict[str, Any]


@dataclass
class KeyHistory:
    """The verified history of one node: keys in the order they were introduced, and the statements."""

    node: str
    records: list[KeyRecord] = field(default_factory=list)
    statements: list[VerifiedStatement] = field(default_factory=list)

    @property
    def head_hash(self) -> str | None:
        return self.statements[-1].hash if self.statements else None

    def find(self, fingerprint: str) -> KeyRecord | None:
        return next((record for record in self.records if record.fingerprint == fingerprint), None)

    def current(self, use: str) -> KeyRecord | None:
        return next((record for record in reversed(self.records) if record.use == use and record.is_current), None)

    def signing_keys(self) -> list[KeyRecord]:
        return [record for record in self.records if record.use == SIGNING]


def _replace_record(history: KeyHistory, updated: KeyRecord) -> None:
    history.records = [updated if record.fingerprint == updated.fingerprint else record
                       for record in history.records]


def _introduced_key(payload: dict[str, Any], sequence: int) -> tuple[str, PublicKey, dict[str, str]]:
    raw = payload.get("key")
    if not isinstance(raw, dict):
        raise KeyHistoryError(_("statement %(sequence)s: no key") % {"sequence": sequence})
    use = raw.get("use")
    if use not in {SIGNING, ENCRYPTION}:
        raise KeyHistoryError(_("statement %(sequence)s: key use must be 'sig' or 'enc'") % {"sequence": sequence})
    jwk = {name: value for name, value in raw.items() if name != "use"}
    try:
        public = jose.public_key_from_jwk(jwk)
    except jose.JoseFailure as error:
        raise KeyHistoryError(_("statement %(sequence)s: %(error)s") % (
            {"sequence": sequence, "error": str(error)})) from error
    expected = "Ed25519" if use == SIGNING else None
    algorithm = jose.algorithm_of(public)
    if (expected and algorithm != expected) or (use == ENCRYPTION and algorithm == "Ed25519"):
        raise KeyHistoryError(_("statement %(sequence)s: a %(algorithm)s key cannot be used for %(use)s") % (
            {"sequence": sequence, "algorithm": algorithm, "use": use}))
    return use, public, jose.public_jwk(public)


def _record(node: str, use: str, public: PublicKey, jwk: dict[str, str], valid_from: datetime.datetime,
            verified: VerifiedStatement, *, needs_confirmation: bool = False) -> KeyRecord:
    return KeyRecord(node=node, fingerprint=key_fingerprint(public), use=use, algorithm=jose.algorithm_of(public),
                     jwk=jwk, valid_from=valid_from, retired_at=None, revoked_at=None, revocation_reason="",
                     statement=verified.statement, sequence=verified.sequence,
                     needs_confirmation=needs_confirmation)


def apply_statement(history: KeyHistory, statement: str) -> KeyHistory:
    """Verify one more statement against the history so far and return the extended history (a copy)."""
    sequence = len(history.statements)
    try:
        unverified = jose.peek(statement)
        payload = jose.json_payload(unverified.payload)
    except jose.JoseFailure as error:
        raise KeyHistoryError(_("statement %(sequence)s: %(error)s") % (
            {"sequence": sequence, "error": str(error)})) from error
    action = payload.get("action")
    if payload.get("node") != history.node:
        raise KeyHistoryError(_("statement %(sequence)s: names node %(named)s, not %(node)s") % (
            {"sequence": sequence, "named": repr(payload.get('node')), "node": repr(history.node)}))
    if payload.get("sequence") != sequence:
        raise KeyHistoryError(_("statement %(sequence)s: carries sequence %(carried)s") % (
            {"sequence": sequence, "carried": repr(payload.get('sequence'))}))
    if payload.get("previous") != history.head_hash:
        raise KeyHistoryError(_("statement %(sequence)s: does not follow statement %(previous)s (hash link broken)") % (
            {"sequence": sequence, "previous": sequence - 1}))
    try:
        moment = parse_time(payload.get("time"))
    except ValueError as error:
        raise KeyHistoryError(_("statement %(sequence)s: %(error)s") % (
            {"sequence": sequence, "error": str(error)})) from error
    if history.statements and moment < history.statements[-1].time:
        raise KeyHistoryError(_("statement %(sequence)s: dated before the statement it follows") % (
            {"sequence": sequence}))

    if sequence == 0:
        if action != CREATE:
            raise KeyHistoryError(_("statement 0: a history starts with the creation of a signing key"))
        use, public, jwk = _introduced_key(payload, 0)
        if use != SIGNING:
            raise KeyHistoryError(_("statement 0: the first key must be a signing key"))
        signer_key: PublicKey = public
    else:
        if action not in {ROTATE, ENCRYPTION_KEY, REVOKE}:
            raise KeyHistoryError(_("statement %(sequence)s: unknown action %(action)s") % (
                {"sequence": sequence, "action": repr(action)}))
        active = history.current(SIGNING)
        if active is None:
            raise KeyHistoryError(_("statement %(sequence)s: the node has no valid signing key left to sign it") % (
                {"sequence": sequence}))
        signer_key = active.public_key()
    assert isinstance(signer_key, Ed25519PublicKey)
    signer = key_fingerprint(signer_key)
    if unverified.header.get("kid") != signer:
        raise KeyHistoryError(_("statement %(sequence)s: must be signed by key %(key)s…") % (
            {"sequence": sequence, "key": signer[:16]}))
    try:
        jose.verify(statement, signer_key, typ=STATEMENT_TYPE)
    except jose.JoseFailure as error:
        raise KeyHistoryError(_("statement %(sequence)s: %(error)s") % (
            {"sequence": sequence, "error": str(error)})) from error

    verified = VerifiedStatement(sequence=sequence, action=str(action), time=moment, statement=statement,
                                 hash=statement_hash(statement), signer=signer, payload=payload)
    extended = KeyHistory(node=history.node, records=list(history.records),
                          statements=[*history.statements, verified])
    if action == CREATE:
        try:
            valid_from = parse_time(payload.get("valid_from"))
        except ValueError as error:
            raise KeyHistoryError(_("statement 0: %(error)s") % {"error": str(error)}) from error
        if valid_from > moment:
            raise KeyHistoryError(_("statement 0: a key cannot be valid from after its creation statement"))
        extended.records.append(_record(history.node, SIGNING, public, jwk, valid_from, verified))
    elif action in {ROTATE, ENCRYPTION_KEY}:
        use, public, jwk = _introduced_key(payload, sequence)
        if (action == ROTATE) != (use == SIGNING):
            raise KeyHistoryError(_("statement %(sequence)s: %(action)s introduces the wrong kind of key") % (
                {"sequence": sequence, "action": repr(action)}))
        _introduce(extended, use, public, jwk, verified, sequence)
    else:
        _revoke(extended, payload, verified, sequence)
    return extended


def _introduce(history: KeyHistory, use: str, public: PublicKey, jwk: dict[str, str], verified: VerifiedStatement,
               sequence: int, *, needs_confirmation: bool = False) -> None:
    fingerprint = key_fingerprint(public)
    if history.find(fingerprint) is not None:
        raise KeyHistoryError(_("statement %(sequence)s: key %(key)s… was already used; a key is never reused") % (
            {"sequence": sequence, "key": fingerprint[:16]}))
    replaced = history.current(use)
    if replaced is not None:
        _replace_record(history, replace(replaced, retired_at=verified.time))
    history.records.append(_record(history.node, use, public, jwk, verified.time, verified,
                                   needs_confirmation=needs_confirmation))


def _revoke(history: KeyHistory, payload: dict[str, Any], verified: VerifiedStatement, sequence: int) -> None:
    target = history.find(str(payload.get("revokes", "")))
    if target is None:
        raise KeyHistoryError(_("statement %(sequence)s: revokes a key the history does not know") % (
            {"sequence": sequence}))
    if target.revoked_at is not None:
        raise KeyHistoryError(_("statement %(sequence)s: key %(key)s… is already revoked") % (
            {"sequence": sequence, "key": target.fingerprint[:16]}))
    try:
        invalid_from = parse_time(payload.get("invalid_from"))
    except ValueError as error:
        raise KeyHistoryError(_("statement %(sequence)s: %(error)s") % (
            {"sequence": sequence, "error": str(error)})) from error
    if invalid_from > verified.time:
        raise KeyHistoryError(_("statement %(sequence)s: a revocation cannot take effect after it is signed") % (
            {"sequence": sequence}))
    reason = payload.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise KeyHistoryError(_("statement %(sequence)s: a revocation states its reason") % {"sequence": sequence})
    was_current = target.is_current
    _replace_record(history, replace(target, revoked_at=max(invalid_from, target.valid_from),
                                     revocation_reason=reason.strip()))
    if was_current:
        if "key" not in payload:
            raise KeyHistoryError(_("statement %(sequence)s: revoking a current key must name its replacement") % (
                {"sequence": sequence}))
        use, public, jwk = _introduced_key(payload, sequence)
        if use != target.use:
            raise KeyHistoryError(_("statement %(sequence)s: the replacement is not a %(use)s key") % (
                {"sequence": sequence, "use": target.use}))
        _introduce(history, use, public, jwk, verified, sequence, needs_confirmation=use == SIGNING)
    elif "key" in payload:
        raise KeyHistoryError(_("statement %(sequence)s: only the revocation of a current key names a replacement") % (
            {"sequence": sequence}))


def verify_history(node: str, statements: Iterable[str]) -> KeyHistory:
    """Verify a whole history from its first statement; raises KeyHistoryError at the first broken rule."""
    history = KeyHistory(node=node)
    for statement in statements:
        history = apply_statement(history, statement)
    return history


# --- writing statements (this node) -------------------------------------------------------------------------

def _key_member(public: PublicKey, use: str) -> dict[str, str]:
    return {**jose.public_jwk(public), "use": use}


def _sign(history: KeyHistory, signer: Ed25519PrivateKey, action: str, moment: datetime.datetime,
          **members: Any) -> str:
    payload = {"node": history.node, "sequence": len(history.statements), "previous": history.head_hash,
               "action": action, "time": format_time(moment), **members}
    return jose.sign(signer, jose.compact_json(payload), kid=key_fingerprint(signer.public_key()), typ=STATEMENT_TYPE)


def statement_create(history: KeyHistory, key: Ed25519PrivateKey, *, moment: datetime.datetime,
                     valid_from: datetime.datetime) -> str:
    """The genesis statement: `key` signs its own introduction."""
    return _sign(history, key, CREATE, moment, key=_key_member(key.public_key(), SIGNING),
                 valid_from=format_time(valid_from))


def statement_rotate(history: KeyHistory, old: Ed25519PrivateKey, new: Ed25519PrivateKey, *,
                     moment: datetime.datetime) -> str:
    """A new signing key, signed by the old one."""
    return _sign(history, old, ROTATE, moment, key=_key_member(new.public_key(), SIGNING))


def statement_encryption(history: KeyHistory, signer: Ed25519PrivateKey, new: PrivateKey, *,
                         moment: datetime.datetime) -> str:
    """A new encryption key, signed by the current signing key."""
    return _sign(history, signer, ENCRYPTION_KEY, moment, key=_key_member(new.public_key(), ENCRYPTION))


def statement_revoke(history: KeyHistory, signer: Ed25519PrivateKey, *, fingerprint: str,
                     invalid_from: datetime.datetime, reason: str, moment: datetime.datetime,
                     replacement: PrivateKey | None = None, replacement_use: str = SIGNING) -> str:
    """Withdraw a key from `invalid_from`; a current key is replaced by `replacement` in the same statement."""
    members: dict[str, Any] = {"revokes": fingerprint, "invalid_from": format_time(invalid_from), "reason": reason}
    if replacement is not None:
        members["key"] = _key_member(replacement.public_key(), replacement_use)
    return _sign(history, signer, REVOKE, moment, **members)


def statements_of(history: KeyHistory) -> Sequence[str]:
    return [verified.statement for verified in history.statements]
