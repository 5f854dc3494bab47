"""Custody log verification speed: verify 1,000,000 chained records (plus their Merkle root) against the
baseline of computing 1,000,000 SHA-256 digests of the same canonical records. Target: within 3×.

    .venv/bin/python benchmarks/bench_custody_verify.py [--records 1000000]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from glacy.evidence.custody import custody_record_create, verify_log_lines
from glacy.evidence.merkle import leaf_hash, root_from_leaf_hashes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    arguments = parser.parse_args()
    start_time = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    records, previous = [], None
    for number in range(arguments.records):
        previous = custody_record_create(previous=previous, event_type="accessed", evidence_id="exhibit-1",
                                         performer="Insp. A. Boateng", time=start_time + datetime.timedelta(
                                             seconds=number), purpose="review")
        records.append(previous)
    lines = [record.log_line() for record in records]
    canonical = [record.canonical_bytes() for record in records]
    print(f"{len(lines):,} custody records prepared")
    start = time.perf_counter()
    for data in canonical:
        hashlib.sha256(data).digest()
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    report = verify_log_lines(lines)
    chain_time = time.perf_counter() - start
    leaves = list(map(leaf_hash, map(bytes.fromhex, (record.event_hash for record in records))))
    root_from_leaf_hashes(leaves)
    verify_time = time.perf_counter() - start
    assert report.is_intact
    print(f"baseline: {len(canonical):,} SHA-256 digests     {baseline:6.2f} s")
    print(f"verify hash chain                   {chain_time:6.2f} s  ratio: {chain_time / baseline:.2f}x")
    print(f"verify chain + Merkle root          {verify_time:6.2f} s  ratio: {verify_time / baseline:.2f}x "
          f"(target <= 3)")


if __name__ == "__main__":
    main()
