"""Checking one exhibit's chain of custody: every record's hash, every link, the numbering.

Changing, deleting, reordering or inserting a record breaks a link that :func:`verify_chain` finds and names.
Deleting the *latest* records or appending forged ones cannot be seen from the chain alone: that is what the
signed Merkle checkpoint anchors, passed here as ``expected_length`` / ``expected_head_hash``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .custody import GENESIS_HASH, CustodyRecord
from .merkle import root_from_leaf_hashes

__all__ = ["ChainReport", "verify_chain", "verify_log_lines"]


@dataclass(frozen=True)
class ChainReport:
    """Outcome of checking a chain: intact, or the first broken link and what broke it.

    ``problem`` is one of ``changed``, ``deleted``, ``reordered``, ``inserted`` (or None when intact);
    ``first_broken_sequence`` is the sequence number at which the chain stops being trustworthy.
    """

    is_intact: bool
    length: int
    head_hash: str
    first_broken_sequence: int | None = None
    problem: str | None = None
    detail: str = ""
    merkle_root: str = ""


def _broken(records: Sequence[CustodyRecord], sequence: int, problem: str, detail: str) -> ChainReport:
    head = records[-1].event_hash if records else GENESIS_HASH
    return ChainReport(False, len(records), head, sequence, problem, detail)


def verify_chain(
    records: Iterable[CustodyRecord],
    *,
    expected_length: int | None = None,
    expected_head_hash: str | None = None,
) -> ChainReport:
    """Check every record's own hash, every link and the sequence numbering, in order.

    The first anomaly wins: a record whose fields no longer match its hash was *changed*; a missing
    sequence number that appears later was *reordered*, one that never appears was *deleted*; a
    sequence number seen twice, or a link to a record that is not the previous one while the numbering
    is intact, points at an *inserted* record (or, if no duplicate follows, a *changed* link).
    """
    chain = list(records)
    seen: set[int] = set()
    # How often each sequence number occurs from the current position on: lets us tell "reordered"
    # from "deleted" in O(n) instead of rescanning the rest of the chain at every record.
    later = Counter(record.sequence for record in chain)
    previous_hash = GENESIS_HASH
    for position, record in enumerate(chain):
        expected = position + 1
        later[record.sequence] -= 1
        if record.computed_hash() != record.event_hash:
            return _broken(chain, record.sequence, "changed",
                           f"record {record.sequence}: content does not match its event hash")
        if record.sequence in seen or record.sequence < expected:
            return _broken(chain, record.sequence, "inserted",
                           f"record {record.sequence} appears again at position {expected}")
        if record.sequence > expected:
            if later[expected] > 0:
                return _broken(chain, expected, "reordered",
                               f"record {expected} is out of order (found {record.sequence} in its place)")
            return _broken(chain, expected, "deleted",
                           f"record {expected} is missing (next present is {record.sequence})")
        if record.previous_hash != previous_hash:
            if later[record.sequence] > 0:
                return _broken(chain, record.sequence, "inserted",
                               f"record {record.sequence} does not link to record {record.sequence - 1}"
                               " and its sequence number is used again later")
            return _broken(chain, record.sequence, "changed",
                           f"record {record.sequence} does not link to record {record.sequence - 1}")
        seen.add(record.sequence)
        previous_hash = record.event_hash
    if expected_length is not None and len(chain) < expected_length:
        return _broken(chain, len(chain) + 1, "deleted",
                       f"chain ends at record {len(chain)}; the checkpoint expects {expected_length}")
    if expected_length is not None and len(chain) > expected_length:
        return _broken(chain, expected_length + 1, "inserted",
                       f"record {expected_length + 1} is beyond the {expected_length} the checkpoint expects")
    if expected_head_hash is not None and previous_hash != expected_head_hash:
        return _broken(chain, len(chain), "changed",
                       f"record {len(chain)} is not the head recorded in the checkpoint")
    return ChainReport(True, len(chain), previous_hash)


def verify_log_lines(
    lines: Sequence[bytes],
    *,
    expected_length: int | None = None,
    expected_head_hash: str | None = None,
    compute_merkle_root: bool = False,
) -> ChainReport:
    """Verify a chain stored as custody.jsonl lines (see :meth:`CustodyRecord.log_line`).

    Every line is parsed strictly — exactly the canonical bytes of the expected fields with the expected
    types (:meth:`CustodyRecord.from_log_line`) — so what a reader sees is what was hashed; a line that is not
    such a record is reported as ``changed`` at its line number. Then :func:`verify_chain` checks the hashes,
    the links and the numbering and names the first broken link. A package holds one exhibit's events, so
    this is fast enough; the node's whole log has its own verifier (services/custody.py).

    With ``compute_merkle_root`` an intact report also carries the RFC 9162 root of the records as leaves
    (what a checkpoint over exactly these records signs).
    """
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            records.append(CustodyRecord.from_log_line(line))
        except (ValueError, TypeError) as error:
            head = records[-1].event_hash if records else GENESIS_HASH
            return ChainReport(False, len(lines), head, number, "changed",
                               f"line {number} is not a canonical custody record: {error}")
    report = verify_chain(records, expected_length=expected_length, expected_head_hash=expected_head_hash)
    if report.is_intact and compute_merkle_root:
        leaf_hashes = [bytes.fromhex(record.event_hash) for record in records]
        return replace(report, merkle_root=root_from_leaf_hashes(leaf_hashes).hex())
    return report
