"""`glacy custody verify`: the whole custody log re-checked against anchors outside the database.

In order, and the first problem found is named:

1. every record, chain link and log position (services/custody.py, fast path with an exact fallback);
2. every checkpoint's root against the log, and its statement against its row;
3. the node's key history, read back from the log and re-verified statement by statement; every checkpoint's
   signature against the key that history says was valid when it was signed — never the key beside it;
4. anchors outside the database: the history's first key in the trust file, the node's key file holding the
   history's current key, every checkpoint of the journal file still in the database, every witness
   cosignature by a trusted key over its checkpoint, every time-stamp valid for its checkpoint;
5. every exhibit's hash columns and member listing against its first custody record (integrity.py).

What could not be checked (no trust file, no journal, no key file on this machine) is reported as a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from glacy.evidence.integrity import item_discrepancies
from glacy.evidence.merkle import MerkleTree
from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, EvidenceItem, EvidenceMember
from glacy.evidence.services.checkpoints import journal_entries
from glacy.evidence.services.custody import _chains_exactly, log_leaves
from glacy.evidence.services.node_history import (
    LoggedKeyHistory,
    checkpoint_key_problem,
    key_history_from_log,
    trust_file,
)
from glacy.evidence.trust import TrustFileError, TrustList
from glacy.evidence.witness import cosignature_problem


@dataclass(frozen=True)
class LogReport:
    is_intact: bool
    events: int
    checkpoints: int
    problem: str = ""
    warnings: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


@dataclass
class _Context:
    count: int
    leaves: bytes
    checkpoints: list[CustodyCheckpoint]
    warnings: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def _roots_problem(context: _Context) -> str:
    tree = MerkleTree.from_leaf_hash_bytes(context.leaves)
    for checkpoint in context.checkpoints:
        label = f"checkpoint of {checkpoint.tree_size} events"
        if checkpoint.tree_size > context.count:
            return f"{label}: the log has only {context.count} (events were deleted)"
        if tree.root(checkpoint.tree_size).hex() != checkpoint.root_hash:
            return f"{label}: the root no longer matches the log"
        try:
            statement = json.loads(checkpoint.statement)
        except ValueError:
            return f"{label}: the signed statement cannot be read"
        if (statement.get("tree_size"), statement.get("root_hash"), statement.get("signed_at")) != (
                checkpoint.tree_size, checkpoint.root_hash, checkpoint.signed_at):
            return f"{label}: the signed statement names another log"
    return ""


def _trust_problem(logged: LoggedKeyHistory, trust: TrustList | None, context: _Context) -> str:
    if not logged.history.records:
        if context.checkpoints:
            return "the log holds checkpoints but no key history: the node's keys were never recorded"
        return ""
    if trust is None:
        context.warnings.append("no trust file: the key history was checked against itself only (set "
                                "GLACY_TRUST_FILE or pass --trust with a copy kept off this machine)")
    elif logged.genesis not in trust:
        return (f"the node's key history starts with key {logged.genesis}, which is not in the trust list "
                f"({trust.source}): the history and every checkpoint may have been forged")
    else:
        context.anchors.append(f"first key {logged.genesis[:16]}… in {trust.source}")
    current = logged.history.current("sig")
    key_path = Path(settings.NODE_KEY_PATH)
    if not key_path.exists():
        context.warnings.append(f"the node key file {key_path} is not on this machine: not compared")
    elif current is not None:
        from glacy.exchange.keyfiles import key_fingerprint, load_private_key

        held = key_fingerprint(load_private_key(key_path).public_key())
        if held != current.fingerprint:
            return (f"the node key file {key_path} holds key {held[:16]}…, but the key history in the custody log "
                    f"names {current.fingerprint[:16]}… as current: the key file was swapped")
        context.anchors.append(f"node key file holds the current key {held[:16]}…")
    return ""


def _journal_problem(context: _Context) -> str:
    try:
        entries = journal_entries()
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"the checkpoint journal {settings.CHECKPOINT_JOURNAL_PATH} cannot be read: {error}"
    if entries is None:
        if context.checkpoints:
            context.warnings.append(f"no checkpoint journal at {settings.CHECKPOINT_JOURNAL_PATH}: deleted "
                                    "checkpoints could not be looked for")
        return ""
    stored = {(checkpoint.statement, checkpoint.signature) for checkpoint in context.checkpoints}
    for entry in entries:
        if (entry["statement"], entry["signature"]) not in stored:
            statement = json.loads(entry["statement"])
            return (f"checkpoint of {statement.get('tree_size')} events signed at {statement.get('signed_at')} is in "
                    "the checkpoint journal but not in the database: it was deleted")
    context.anchors.append(f"{len(entries)} checkpoints of the journal all present")
    return ""


def _witness_problem(trust: TrustList | None, context: _Context) -> str:
    cosigned = 0
    for checkpoint in context.checkpoints:
        for cosignature in checkpoint.cosignatures.all():
            if trust is None:
                context.warnings.append("cosignatures not checked: no trust list names the witnesses")
                return ""
            problem = cosignature_problem(
                statement=cosignature.statement, signature=cosignature.signature,
                witness_fingerprint=cosignature.witness_fingerprint, checkpoint_statement=checkpoint.statement,
                tree_size=checkpoint.tree_size, root_hash=checkpoint.root_hash, trust=trust)
            if problem:
                return f"checkpoint of {checkpoint.tree_size} events: {problem}"
            cosigned += 1
    if cosigned:
        context.anchors.append(f"{cosigned} witness cosignatures")
    return ""


def _timestamp_problem(context: _Context) -> str:
    from glacy.evidence.timestamping import timestamp_verify

    stamped = 0
    for checkpoint in context.checkpoints:
        for stamp in checkpoint.timestamps.all():
            if not settings.TSA_CERTIFICATES.exists():
                context.warnings.append(f"time-stamps not checked: no authority certificates at "
                                        f"{settings.TSA_CERTIFICATES}")
                return ""
            verdict = timestamp_verify(stamp.token, checkpoint.statement.encode("utf-8"),
                                       roots=settings.TSA_CERTIFICATES)
            if not verdict.is_valid:
                return f"checkpoint of {checkpoint.tree_size} events: time-stamp of {stamp.authority}: {verdict.detail}"
            stamped += 1
    if stamped:
        context.anchors.append(f"{stamped} time-stamps")
    return ""


def evidence_records_problem() -> str:
    """The first exhibit whose columns or member listing no longer say what its first custody record says."""
    # One seek per exhibit on the (item, position) index: the cost follows the number of exhibits, not of events.
    positions = [position for position in (
        CustodyEvent.objects.filter(item_id=item_id).order_by("log_index").values_list("log_index", flat=True).first()
        for item_id in EvidenceItem.objects.values_list("pk", flat=True)) if position is not None]
    by_item: dict[object, CustodyEvent] = {}
    for start in range(0, len(positions), 5000):
        for event in CustodyEvent.objects.filter(log_index__in=positions[start:start + 5000]):
            by_item[event.item_id] = event
    members: dict[object, list[EvidenceMember]] = {}
    for member in EvidenceMember.objects.order_by("item_id"):
        members.setdefault(member.item_id, []).append(member)
    for item in EvidenceItem.objects.select_related("answers_request").order_by("created_at"):
        first = by_item.get(item.pk)
        if first is None:
            return f"evidence item {item.pk} ({item.exhibit_number}) has no custody record"
        problems = item_discrepancies(item, first.as_record(), members.get(item.pk, []))
        if problems:
            return f"evidence item {item.pk} ({item.exhibit_number}): {'; '.join(problems)}"
    return ""


def custody_log_verify(*, trust: TrustList | None = None) -> LogReport:
    """Re-check the log, its checkpoints, its key history and its anchors (see the module docstring)."""
    # Checkpoints first: one signed while the log is being read covers no more events than the reading sees.
    checkpoints = list(CustodyCheckpoint.objects.order_by("tree_size").prefetch_related("cosignatures",
                                                                                         "timestamps"))
    count, leaves, problem, fast = log_leaves()
    context = _Context(count, leaves, checkpoints)
    if not problem:
        problem = _roots_problem(context)
        if problem and fast:
            # A root that does not match may hide a broken link the fast reading let through: name it exactly.
            count, leaves, exact_problem = _chains_exactly()
            problem = exact_problem or problem
    if problem:
        return LogReport(False, count, len(checkpoints), problem)
    if trust is None:
        try:
            trust = trust_file()
        except TrustFileError as error:
            return LogReport(False, count, len(checkpoints), str(error))
    logged = key_history_from_log(before=count, leaves=leaves)
    problem = logged.problem or _trust_problem(logged, trust, context)
    for checkpoint in checkpoints:
        if problem:
            break
        problem = checkpoint_key_problem(checkpoint, logged)
    for step in (_journal_problem, lambda current: _witness_problem(trust, current), _timestamp_problem):
        if problem:
            break
        problem = step(context)
    if not problem:
        problem = evidence_records_problem()
    return LogReport(not problem, count, len(checkpoints), problem, tuple(dict.fromkeys(context.warnings)),
                     tuple(context.anchors))
