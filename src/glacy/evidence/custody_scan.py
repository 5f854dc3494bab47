"""Reading many custody records at once for verification: leaf hashes, chain links and Merkle tree levels.

`glacy custody verify` over a million events spends nearly all its time here, so the work is done by the
compiled module ``_custody_native`` (C, OpenSSL's SHA-256, without the interpreter in the loop). This module
is its reference in plain Python: same inputs, same bytes out. The tests run both on the same records,
broken ones included, and compare them; the platform falls back to this code when the compiled module is
not built (correct, several times slower).

A scan reads the custody table's rows as the database concatenates them (services/custody.py): one row per
line — canonical JSON never holds a raw newline, it escapes it — each ``<item id: 32 hex><event hash: 64
hex><record>``: the columns that index the event, then the record they index. It returns, per
row, flat byte strings that numpy reads without copying:

- the RFC 9162 leaf hash SHA-256(0x00 || record), 32 bytes;
- ``evidence_id`` as 32 lower-case hex digits (the canonical UUID without its dashes);
- ``previous_hash`` as 32 bytes;
- ``sequence`` as a little-endian signed 64-bit integer;

and the index of the first row whose record cannot be read or disagrees with its columns (other exhibit,
other hash), with zeros in its entries; -1 when there is none. A record is read only when it is exactly the
canonical JSON of a custody record (the fields and types of custody.py, strings escaped as the node writes
them, valid UTF-8): the scanner never accepts what the exact reader refuses. It is conservative where canonical
JSON allows more than the node writes (a key of a mapping outside printable ASCII, a sequence number below 1
or of more than 15 digits): such a record is flagged, and the exact reader decides.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import struct
from collections.abc import Callable
from types import ModuleType
from typing import Any

from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import FIELD_TYPES, OPTIONAL_FIELDS

__all__ = ["NATIVE", "merkle_levels", "merkle_levels_reference", "scan_rows", "scan_rows_reference"]

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
#: Keys of a mapping the scanner reads: printable ASCII without quote or backslash (all the node writes).
_MAPPING_KEY = re.compile(r'[\x20-\x21\x23-\x5b\x5d-\x7e]*\Z')
_REQUIRED = frozenset(FIELD_TYPES) - OPTIONAL_FIELDS
_ZERO_ID, _ZERO_HASH = b"\x00" * 32, b"\x00" * 32


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _link_fields(record: bytes) -> tuple[bytes, bytes, int] | None:
    """(evidence id as 32 hex, previous hash, sequence) when ``record`` is exactly the canonical JSON of a
    custody record with the conservative limits of the compiled scanner; None otherwise."""
    try:
        data = json.loads(record.decode("utf-8"), object_pairs_hook=_unique)
    except (ValueError, RecursionError):
        return None
    if type(data) is not dict or not _REQUIRED <= set(data) <= set(FIELD_TYPES):
        return None
    for name, value in data.items():
        if type(value) is not FIELD_TYPES[name]:
            return None
        if type(value) is dict and not all(type(key) is str and type(text) is str and _MAPPING_KEY.match(key)
                                           for key, text in value.items()):
            return None
    if not (1 <= data["sequence"] < 10**15 and _UUID.match(data["evidence_id"])
            and _HEX64.match(data["previous_hash"])):
        return None
    try:
        if canonical_json(data) != record:
            return None
    except UnicodeEncodeError:  # a lone surrogate, written as an escape
        return None
    return data["evidence_id"].replace("-", "").encode("ascii"), bytes.fromhex(data["previous_hash"]), data["sequence"]


# The index columns are taken as they are (any 32 and 64 bytes): they only have to equal the record's evidence
# id and the computed hash's hex, which are valid lower-case hex by construction.
_PREFIX_SIZE = 32 + 64


def scan_rows_reference(data: bytes) -> tuple[int, bytes, bytes, bytes, bytes, int]:
    """Pure-Python :func:`scan_rows`."""
    rows = bytes(data).split(b"\n") if data else []
    leaves, ids, previous, sequences = [], [], [], []
    first_bad = -1
    for index, row in enumerate(rows):
        readable = len(row) >= _PREFIX_SIZE
        record = row[_PREFIX_SIZE:] if readable else row
        leaf = hashlib.sha256(b"\x00" + record).digest()
        leaves.append(leaf)
        fields = _link_fields(record) if readable else None
        if fields is None or (row[:32], row[32:_PREFIX_SIZE]) != (fields[0], leaf.hex().encode("ascii")):
            fields = (_ZERO_ID, _ZERO_HASH, 0)
            first_bad = index if first_bad < 0 else first_bad
        ids.append(fields[0])
        previous.append(fields[1])
        sequences.append(struct.pack("<q", fields[2]))
    return len(rows), b"".join(leaves), b"".join(ids), b"".join(previous), b"".join(sequences), first_bad


def merkle_levels_reference(leaf_hashes: bytes) -> list[bytes]:
    """Pure-Python :func:`merkle_levels`: complete aligned subtrees level by level, from the leaves up."""
    if len(leaf_hashes) % 32:
        raise ValueError("a leaf hash has 32 bytes")
    levels = [bytes(leaf_hashes)]
    while len(levels[-1]) > 32:
        below = levels[-1]
        levels.append(b"".join(hashlib.sha256(b"\x01" + below[start:start + 64]).digest()
                               for start in range(0, len(below) - 63, 64)))
    return levels


def _native() -> ModuleType | None:
    try:
        return importlib.import_module("glacy.evidence._custody_native")
    except ImportError:  # not compiled (no C compiler where it was installed): same results, slower
        return None


#: The compiled module when it is built, else None (then the references below do the work).
NATIVE = _native()
scan_rows: Callable[[bytes], tuple[int, bytes, bytes, bytes, bytes, int]] = (
    NATIVE.scan_rows if NATIVE else scan_rows_reference)
merkle_levels: Callable[[bytes], list[bytes]] = NATIVE.merkle_levels if NATIVE else merkle_levels_reference
