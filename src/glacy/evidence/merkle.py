"""RFC 9162 (Certificate Transparency 2.0) Merkle tree over the node's custody log.

Every custody record becomes a leaf of an append-only Merkle tree. The node periodically signs the tree
head (a *checkpoint*). A court abroad then needs only the signed checkpoint and a logarithmic proof to
see that a custody event was in the log (inclusion, §2.1.3) and that a later log still contains every
earlier event unchanged (consistency, §2.1.4): rewriting history would change the signed root.

Hashes follow RFC 9162 §2.1.1 exactly: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || l || r),
and a tree whose size is not a power of two splits at the largest power of two below its size.

Every complete, aligned power-of-two subtree is cached level by level (two hashes per leaf in total,
held in compact byte arrays), so appending is amortised O(1), any historical root is O(log n) and
proofs never rebuild the tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from glacy.evidence.custody_scan import merkle_levels

__all__ = [
    "EMPTY_ROOT",
    "MerkleTree",
    "leaf_hash",
    "node_hash",
    "root_from_leaf_hashes",
    "verify_consistency",
    "verify_inclusion",
    "verify_inclusion_of_leaf_hash",
]

_HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()  # RFC 9162 §2.1.1: MTH({}) = HASH()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _largest_power_of_two_below(n: int) -> int:
    """k such that k < n <= 2k (RFC 9162 §2.1.1), for n > 1."""
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(leaf_hashes: Iterable[bytes]) -> bytes:
    """Merkle Tree Hash of the leaves given by their leaf hashes (RFC 9162 §2.1.1), in O(n)."""
    return MerkleTree.from_leaf_hashes(list(leaf_hashes)).root()


class MerkleTree:
    """Append-only RFC 9162 tree of leaf hashes with cached complete subtrees."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        # _levels[h] holds, concatenated, the roots of the complete subtrees of 2**h leaves (bytes when built
        # at once for reading, turned into bytearray on the first append).
        self._levels: list[bytes | bytearray] = [bytearray()]
        for value in leaf_hashes:
            self.append_leaf_hash(value)

    @classmethod
    def from_leaf_hashes(cls, leaf_hashes: Sequence[bytes]) -> MerkleTree:
        """Build the tree over many leaf hashes at once, level by level in C (same cache as appending)."""
        joined = b"".join(leaf_hashes)
        if len(joined) != _HASH_SIZE * len(leaf_hashes):
            raise ValueError("a leaf hash has 32 bytes")
        return cls.from_leaf_hash_bytes(joined)

    @classmethod
    def from_leaf_hash_bytes(cls, joined: bytes) -> MerkleTree:
        """:meth:`from_leaf_hashes` for leaf hashes given end to end (32 bytes each)."""
        tree = cls()
        tree._levels = list(merkle_levels(joined))
        return tree

    @property
    def size(self) -> int:
        return len(self._levels[0]) // _HASH_SIZE

    def append(self, data: bytes) -> int:
        """Append a leaf (its data, e.g. a canonical custody record); return its index."""
        return self.append_leaf_hash(leaf_hash(data))

    def append_leaf_hash(self, value: bytes) -> int:
        if len(value) != _HASH_SIZE:
            raise ValueError("a leaf hash has 32 bytes")
        index = self.size
        self._levels = [level if isinstance(level, bytearray) else bytearray(level) for level in self._levels]
        self._levels[0] += value
        level, count = 0, index + 1
        # Each time a level gains an even number of entries, a complete subtree one level up is done.
        while count % 2 == 0:
            row = self._levels[level]
            right = bytes(row[-_HASH_SIZE:])
            left = bytes(row[-2 * _HASH_SIZE : -_HASH_SIZE])
            if len(self._levels) == level + 1:
                self._levels.append(bytearray())
            self._levels[level + 1] += node_hash(left, right)
            level, count = level + 1, count // 2
        return index

    def leaf_hash_at(self, index: int) -> bytes:
        return self._cached(0, index)

    def _cached(self, level: int, position: int) -> bytes:
        start = position * _HASH_SIZE
        return bytes(self._levels[level][start : start + _HASH_SIZE])

    def _subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]); aligned complete subtrees come from the cache, the rest is split."""
        count = end - start
        if count == 0:
            return EMPTY_ROOT
        if count & (count - 1) == 0 and start % count == 0:
            return self._cached(count.bit_length() - 1, start // count)
        k = _largest_power_of_two_below(count)
        return node_hash(self._subtree(start, start + k), self._subtree(start + k, end))

    def _check_size(self, size: int | None) -> int:
        size = self.size if size is None else size
        if not 0 <= size <= self.size:
            raise ValueError(f"tree size {size} outside 0..{self.size}")
        return size

    def root(self, size: int | None = None) -> bytes:
        """Root of the first ``size`` leaves (the whole tree by default): a past tree head."""
        return self._subtree(0, self._check_size(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Audit path PATH(index, D[0:size]) of RFC 9162 §2.1.3.1."""
        size = self._check_size(size)
        if not 0 <= index < size:
            raise ValueError(f"leaf index {index} outside tree of size {size}")
        proof: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = _largest_power_of_two_below(end - start)
            if index < start + k:
                proof.append(self._subtree(start + k, end))
                end = start + k
            else:
                proof.append(self._subtree(start, start + k))
                start += k
        proof.reverse()  # the RFC lists siblings from the leaf upwards
        return proof

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1 (empty when sizes are equal or 0)."""
        new_size = self._check_size(new_size)
        if not 0 <= old_size <= new_size:
            raise ValueError(f"old size {old_size} outside 0..{new_size}")
        if old_size in (0, new_size):
            return []
        proof: list[bytes] = []
        start, end, m, complete = 0, new_size, old_size, True
        while True:
            count = end - start
            if m == count:
                if not complete:
                    proof.append(self._subtree(start, end))
                break
            k = _largest_power_of_two_below(count)
            if m <= k:
                proof.append(self._subtree(start + k, end))
                end = start + k
            else:
                proof.append(self._subtree(start, start + k))
                start, m, complete = start + k, m - k, False
        proof.reverse()
        return proof


def verify_inclusion(*, leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does ``leaf`` (the leaf *data*) sit at ``index`` of the tree with ``root``?"""
    return verify_inclusion_of_leaf_hash(leaf_hash=leaf_hash(leaf), index=index, size=size, proof=proof, root=root)


def verify_inclusion_of_leaf_hash(*, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes],
                                  root: bytes) -> bool:
    """:func:`verify_inclusion` for a leaf given by its leaf hash (e.g. a custody event hash)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    value = leaf_hash
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            value = node_hash(sibling, value)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            value = node_hash(value, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and value == root


def verify_consistency(
    *, old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree of ``new_size`` an append-only extension of ``old_size``?"""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        # Every tree extends the empty tree; the proof of that is empty.
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first_value = second_value = path[0]
    for sibling in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first_value = node_hash(sibling, first_value)
            second_value = node_hash(sibling, second_value)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            second_value = node_hash(second_value, sibling)
        fn, sn = fn >> 1, sn >> 1
    return first_value == old_root and second_value == new_root and sn == 0
