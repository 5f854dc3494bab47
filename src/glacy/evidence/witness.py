"""Witnessed checkpoints: another party signs back the node's tree head after checking it extends the last one
it saw, so the node cannot later rewrite or cut its log without contradicting a signature it cannot make.

Until nodes exchange messages, witnessing travels as files (USB stick, e-mail, the node exchange later):

1. the node writes a **witness request**: its checkpoint (statement and signature), its key, and RFC 9162
   consistency proofs from earlier checkpoints (those its witnesses cosigned, and the one before);
2. the **witness** — a key in the node's trust list: a peer node, a court, the programme office — checks that
   the node's key is one it trusts, that the signature holds, and that the proof leads from the head it last
   cosigned for that node to this one; it records the new head and writes a **cosignature**;
3. the node imports the cosignature after checking the witness's key is in its trust list.

Framework-free: documents in, documents out; the services keep the state.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from glacy.evidence.canonical import canonical_json, canonical_text
from glacy.evidence.merkle import verify_consistency
from glacy.evidence.signing import fingerprint, public_key_from_base64, sign, verify
from glacy.evidence.trust import TrustList

REQUEST_TYPE = "glacy-checkpoint-witness-request"
COSIGNATURE_TYPE = "glacy-checkpoint-cosignature"


class WitnessRefused(ValueError):
    """The document cannot be cosigned or accepted; the message says why."""


def checkpoint_digest(statement: str) -> str:
    return hashlib.sha256(statement.encode("utf-8")).hexdigest()


def witness_request(*, node: str, node_name: str, public_key: str, statement: str, signature: str,
                    proofs: dict[int, tuple[str, list[bytes]]]) -> str:
    """The request a node hands to its witnesses; ``proofs`` maps an earlier tree size to (its root, the
    consistency proof from it to this checkpoint)."""
    return json.dumps({"type": REQUEST_TYPE, "node": node, "node_name": node_name, "public_key": public_key,
                       "checkpoint": {"statement": statement, "signature": signature},
                       "consistency": [{"tree_size": size, "root_hash": root, "proof": [node.hex() for node in proof]}
                                       for size, (root, proof) in sorted(proofs.items())]}, indent=2) + "\n"


@dataclass(frozen=True)
class CheckedRequest:
    node: str
    node_name: str
    key_fingerprint: str
    tree_size: int
    root_hash: str
    statement: str


def _load(document: str, expected: str) -> dict[str, Any]:
    try:
        value = json.loads(document)
    except ValueError as error:
        raise WitnessRefused(f"not a {expected} document: {error}") from error
    if not isinstance(value, dict) or value.get("type") != expected:
        raise WitnessRefused(f"not a {expected} document")
    return value


def witness_check(document: str, *, trust: TrustList, last_head: tuple[int, str] | None) -> CheckedRequest:
    """The witness's checks on a request: trusted node key, valid signature, and a consistency proof from the
    head it last cosigned for this node (``last_head``: size and root, None the first time)."""
    request = _load(document, REQUEST_TYPE)
    try:
        key = public_key_from_base64(str(request["public_key"]))
        checkpoint = request["checkpoint"]
        statement_text, signature = str(checkpoint["statement"]), str(checkpoint["signature"])
        statement = json.loads(statement_text)
        size, root = int(statement["tree_size"]), str(statement["root_hash"])
    except (KeyError, TypeError, ValueError) as error:
        raise WitnessRefused(f"the witness request cannot be read: {error}") from error
    key_fingerprint = fingerprint(key)
    if key_fingerprint not in trust:
        raise WitnessRefused(f"the node's key {key_fingerprint} is not in the trust list ({trust.source}): "
                             "nothing was cosigned")
    if not verify(key, statement_text.encode("utf-8"), signature):
        raise WitnessRefused("the checkpoint's signature is not valid: nothing was cosigned")
    if last_head is not None:
        last_size, last_root = last_head
        if size < last_size:
            raise WitnessRefused(f"this checkpoint covers {size} events, fewer than the {last_size} already "
                                 "cosigned: the log was cut")
        offered = {int(entry.get("tree_size", -1)): entry for entry in request.get("consistency", [])
                   if isinstance(entry, dict)}
        entry = offered.get(last_size)
        if size == last_size:
            if root != last_root:
                raise WitnessRefused(f"a different root for the {size} events already cosigned: the log was rewritten")
        elif entry is None:
            raise WitnessRefused(f"no consistency proof from the {last_size} events last cosigned: ask the node for "
                                 f"one (glacy custody witness-request --from-size {last_size})")
        elif not verify_consistency(old_size=last_size, new_size=size, old_root=bytes.fromhex(last_root),
                                    new_root=bytes.fromhex(root),
                                    proof=[bytes.fromhex(node) for node in entry.get("proof", [])]):
            raise WitnessRefused(f"this checkpoint does not extend the {last_size} events last cosigned: the log "
                                 "was rewritten")
    return CheckedRequest(str(request.get("node", "")), str(request.get("node_name", "")), key_fingerprint, size,
                          root, statement_text)


def cosignature_statement(checked: CheckedRequest, *, witness: str, cosigned_at: str) -> dict[str, Any]:
    return {"type": COSIGNATURE_TYPE, "node": checked.node, "node_key_fingerprint": checked.key_fingerprint,
            "tree_size": checked.tree_size, "root_hash": checked.root_hash,
            "checkpoint_sha256": checkpoint_digest(checked.statement), "witness": witness, "cosigned_at": cosigned_at}


def cosignature_document(checked: CheckedRequest, *, witness: str, cosigned_at: str, key: Any,
                         public_key: str) -> str:
    statement = cosignature_statement(checked, witness=witness, cosigned_at=cosigned_at)
    return json.dumps({"type": COSIGNATURE_TYPE, "witness": witness, "public_key": public_key,
                       "statement": canonical_text(statement), "signature": sign(key, canonical_json(statement))},
                      indent=2) + "\n"


@dataclass(frozen=True)
class Cosignature:
    witness: str
    key_fingerprint: str
    statement: str
    signature: str
    tree_size: int
    root_hash: str
    checkpoint_sha256: str


def cosignature_read(document: str, *, trust: TrustList) -> Cosignature:
    """A cosignature the node may keep: by a witness key in the trust list, validly signed."""
    value = _load(document, COSIGNATURE_TYPE)
    try:
        key = public_key_from_base64(str(value["public_key"]))
        statement_text, signature = str(value["statement"]), str(value["signature"])
        statement = json.loads(statement_text)
        size, root, digest = int(statement["tree_size"]), str(statement["root_hash"]), str(
            statement["checkpoint_sha256"])
    except (KeyError, TypeError, ValueError) as error:
        raise WitnessRefused(f"the cosignature cannot be read: {error}") from error
    key_fingerprint = fingerprint(key)
    trusted = trust.get(key_fingerprint)
    if trusted is None:
        raise WitnessRefused(f"the witness key {key_fingerprint} is not in the trust list ({trust.source}): the "
                             "cosignature was not imported")
    if not verify(trusted.public_key, statement_text.encode("utf-8"), signature):
        raise WitnessRefused("the cosignature's signature is not valid: it was not imported")
    return Cosignature(trusted.name, key_fingerprint, statement_text, signature, size, root, digest)


def cosignature_problem(*, statement: str, signature: str, witness_fingerprint: str, checkpoint_statement: str,
                        tree_size: int, root_hash: str, trust: TrustList) -> str:
    """Why a stored cosignature does not hold for its checkpoint under ``trust`` ("" when it holds)."""
    trusted = trust.get(witness_fingerprint)
    if trusted is None:
        return f"cosigned by key {witness_fingerprint[:16]}…, which is not in the trust list"
    if not verify(trusted.public_key, statement.encode("utf-8"), signature):
        return f"the cosignature of {trusted.name} is not valid"
    try:
        cosigned = json.loads(statement)
    except ValueError:
        return f"the cosignature of {trusted.name} cannot be read"
    if (cosigned.get("tree_size"), cosigned.get("root_hash"), cosigned.get("checkpoint_sha256")) != (
            tree_size, root_hash, checkpoint_digest(checkpoint_statement)):
        return f"{trusted.name} cosigned another tree head ({cosigned.get('tree_size')} events)"
    return ""
