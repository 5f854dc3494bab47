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
Every sentence is in the active language (a page activates its reader's; a command runs in English); sentences
of the framework-free engine modules are translated here (labels.translated).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glacy.evidence.integrity import item_discrepancies
from glacy.evidence.labels import translated, translated_error
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
        values = {"size": checkpoint.tree_size, "count": context.count}
        if checkpoint.tree_size > context.count:
            return _("checkpoint of %(size)s events: the log has only %(count)s (events were deleted)") % values
        if tree.root(checkpoint.tree_size).hex() != checkpoint.root_hash:
            return _("checkpoint of %(size)s events: the root no longer matches the log") % values
        try:
            statement = json.loads(checkpoint.statement)
        except ValueError:
            return _("checkpoint of %(size)s events: the signed statement cannot be read") % values
        if (statement.get("tree_size"), statement.get("root_hash"), statement.get("signed_at")) != (
                checkpoint.tree_size, checkpoint.root_hash, checkpoint.signed_at):
            return _("checkpoint of %(size)s events: the signed statement names another log") % values
    return ""


def _trust_problem(logged: LoggedKeyHistory, trust: TrustList | None, context: _Context) -> str:
    if not logged.history.records:
        if context.checkpoints:
            return _("the log holds checkpoints but no key history: the node's keys were never recorded")
        return ""
    if trust is None:
        context.warnings.append(_("no trust file: the key history was checked against itself only (set "
                                  "GLACY_TRUST_FILE or pass --trust with a copy kept off this machine)"))
    elif logged.genesis not in trust:
        return _("the node's key history starts with key %(key)s, which is not in the trust list (%(source)s): the "
                 "history and every checkpoint may have been forged") % {"key": logged.genesis,
                                                                          "source": trust.source}
    else:
        context.anchors.append(_("first key %(key)s… in %(source)s") % {"key": logged.genesis[:16],
                                                                         "source": trust.source})
    current = logged.history.current("sig")
    key_path = Path(settings.NODE_KEY_PATH)
    if not key_path.exists():
        context.warnings.append(_("the node key file %(path)s is not on this machine: not compared") % {
            "path": key_path})
    elif current is not None:
        from glacy.exchange.keyfiles import key_fingerprint, load_private_key

        held = key_fingerprint(load_private_key(key_path).public_key())
        if held != current.fingerprint:
            return _("the node key file %(path)s holds key %(held)s…, but the key history in the custody log names "
                     "%(current)s… as current: the key file was swapped") % {
                "path": key_path, "held": held[:16], "current": current.fingerprint[:16]}
        context.anchors.append(_("node key file holds the current key %(key)s…") % {"key": held[:16]})
    return ""


def _journal_problem(context: _Context) -> str:
    try:
        entries = journal_entries()
    except (OSError, ValueError, KeyError, TypeError) as error:
        return _("the checkpoint journal %(path)s cannot be read: %(error)s") % {
            "path": settings.CHECKPOINT_JOURNAL_PATH, "error": error}
    if entries is None:
        if context.checkpoints:
            context.warnings.append(_("no checkpoint journal at %(path)s: deleted checkpoints could not be looked for")
                                    % {"path": settings.CHECKPOINT_JOURNAL_PATH})
        return ""
    stored = {(checkpoint.statement, checkpoint.signature) for checkpoint in context.checkpoints}
    for entry in entries:
        if (entry["statement"], entry["signature"]) not in stored:
            statement = json.loads(entry["statement"])
            return _("checkpoint of %(size)s events signed at %(signed_at)s is in the checkpoint journal but not in "
                     "the database: it was deleted") % {"size": statement.get("tree_size"),
                                                        "signed_at": statement.get("signed_at")}
    # (The English wording is the same for one: the French catalogue has both forms.)
    context.anchors.append(ngettext("%(count)s checkpoints of the journal all present",
                                    "%(count)s checkpoints of the journal all present", len(entries))
                           % {"count": len(entries)})
    return ""


def _witness_problem(trust: TrustList | None, context: _Context) -> str:
    cosigned = 0
    for checkpoint in context.checkpoints:
        for cosignature in checkpoint.cosignatures.all():
            if trust is None:
                context.warnings.append(_("cosignatures not checked: no trust list names the witnesses"))
                return ""
            problem = cosignature_problem(
                statement=cosignature.statement, signature=cosignature.signature,
                witness_fingerprint=cosignature.witness_fingerprint, checkpoint_statement=checkpoint.statement,
                tree_size=checkpoint.tree_size, root_hash=checkpoint.root_hash, trust=trust)
            if problem:
                return _("checkpoint of %(size)s events: %(problem)s") % {"size": checkpoint.tree_size,
                                                                          "problem": translated(problem)}
            cosigned += 1
    if cosigned:
        context.anchors.append(ngettext("%(count)s witness cosignatures", "%(count)s witness cosignatures", cosigned)
                               % {"count": cosigned})
    return ""


def _timestamp_problem(context: _Context) -> str:
    from glacy.evidence.timestamping import timestamp_verify

    stamped = 0
    for checkpoint in context.checkpoints:
        for stamp in checkpoint.timestamps.all():
            if not settings.TSA_CERTIFICATES.exists():
                context.warnings.append(_("time-stamps not checked: no authority certificates at %(path)s") % {
                    "path": settings.TSA_CERTIFICATES})
                return ""
            verdict = timestamp_verify(stamp.token, checkpoint.statement.encode("utf-8"),
                                       roots=settings.TSA_CERTIFICATES)
            if not verdict.is_valid:
                return _("checkpoint of %(size)s events: time-stamp of %(authority)s: %(detail)s") % {
                    "size": checkpoint.tree_size, "authority": stamp.authority, "detail": translated(verdict.detail)}
            stamped += 1
    if stamped:
        context.anchors.append(ngettext("%(count)s time-stamps", "%(count)s time-stamps", stamped) % {
            "count": stamped})
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
            return _("evidence item %(item)s (%(exhibit)s) has no custody record") % {
                "item": item.pk, "exhibit": item.exhibit_number}
        problems = item_discrepancies(item, first.as_record(), members.get(item.pk, []))
        if problems:
            return _("evidence item %(item)s (%(exhibit)s): %(problems)s") % {
                "item": item.pk, "exhibit": item.exhibit_number,
                "problems": "; ".join(translated(problem) for problem in problems)}
    return ""


def trust_file_error(error: TrustFileError) -> str:
    """What is wrong with a trust file, in the active language."""
    return translated_error(error)


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
            return LogReport(False, count, len(checkpoints), trust_file_error(error))
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
