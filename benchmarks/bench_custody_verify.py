"""Custody log verification speed, against the baseline of computing SHA-256 digests of the same canonical
records in a plain loop, measured in the same run. Target (issue 4): within 3×.

1. Log lines: verify 1,000,000 chained custody.jsonl lines (hash chain, then also the Merkle root) with
   the fast verifier (`verify_log_lines`).
2. Database: `custody_log_verify()` — the code behind `glacy custody verify` — over events bulk-inserted
   into a temporary SQLite database (100,000 by default), with one signed checkpoint.

    .venv/bin/python benchmarks/bench_custody_verify.py [--records 1000000] [--database-records 100000]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from glacy.evidence.custody import CustodyRecord, custody_record_create, verify_log_lines

TARGET = 3.0


def _records(count: int, evidence_id: str = "exhibit-1", start_number: int = 0) -> list[CustodyRecord]:
    start_time = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    records, previous = [], None
    for number in range(count):
        previous = custody_record_create(previous=previous, event_type="accessed", evidence_id=evidence_id,
                                         performer="Insp. A. Boateng", time=start_time + datetime.timedelta(
                                             seconds=start_number + number), purpose="review")
        records.append(previous)
    return records


def _baseline(canonical: list[bytes]) -> float:
    start = time.perf_counter()
    for data in canonical:
        hashlib.sha256(data).digest()
    return time.perf_counter() - start


def _verdict(ratio: float) -> str:
    return f"(target <= {TARGET:g}: {'MET' if ratio <= TARGET else 'NOT MET'})"


def bench_log_lines(count: int) -> None:
    records = _records(count)
    lines = [record.log_line() for record in records]
    canonical = [record.canonical_bytes() for record in records]
    print(f"{len(lines):,} custody records prepared")
    baseline = _baseline(canonical)
    start = time.perf_counter()
    report = verify_log_lines(lines)
    chain_time = time.perf_counter() - start
    start = time.perf_counter()
    rooted = verify_log_lines(lines, compute_merkle_root=True)
    verify_time = time.perf_counter() - start
    assert (report.is_intact, rooted.is_intact, len(rooted.merkle_root)) == (True, True, 64)
    print(f"baseline: {len(canonical):,} SHA-256 digests     {baseline:6.2f} s")
    print(f"verify hash chain                   {chain_time:6.2f} s  ratio: {chain_time / baseline:.2f}x "
          f"{_verdict(chain_time / baseline)}")
    print(f"verify chain + Merkle root          {verify_time:6.2f} s  ratio: {verify_time / baseline:.2f}x "
          f"{_verdict(verify_time / baseline)}")


def bench_database(count: int, items: int = 100) -> None:
    data_dir = tempfile.mkdtemp(prefix="glacy-bench-")
    os.environ["GLACY_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from glacy.evidence.models import CustodyEvent
    from glacy.evidence.services.custody import checkpoint_sign, custody_log_verify

    call_command("migrate", verbosity=0, interactive=False)
    import uuid

    chains = [_records(count // items, evidence_id=str(uuid.uuid4()), start_number=number * count)
              for number in range(items)]
    # Interleave the chains as a busy node's log would (round robin over the exhibits).
    ordered = [record for round_ in zip(*chains, strict=True) for record in round_]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")  # events of exhibits this benchmark does not create
    with transaction.atomic():
        CustodyEvent.objects.bulk_create([CustodyEvent(
            log_index=index, item_id=uuid.UUID(record.evidence_id), sequence=record.sequence,
            event_type=record.event_type, performer=record.performer, time=record.time, place=record.place,
            purpose=record.purpose, tool=record.tool, releasing_person=record.releasing_person,
            receiving_person=record.receiving_person, hashes_before=record.hashes_before,
            hashes_after=record.hashes_after, notes=record.notes, previous_hash=record.previous_hash,
            event_hash=record.event_hash) for index, record in enumerate(ordered)], batch_size=5000)
        from glacy.evidence.models import CustodyLogHead

        CustodyLogHead.objects.update_or_create(pk=1, defaults={"size": len(ordered)})
    os.environ["GLACY_NODE_KEY"] = str(Path(data_dir) / "node-key.pem")
    checkpoint_sign()
    canonical = [record.canonical_bytes() for record in ordered]
    print(f"{len(ordered):,} custody events of {items} exhibits in a temporary SQLite database")
    baseline = _baseline(canonical)
    start = time.perf_counter()
    report = custody_log_verify()
    elapsed = time.perf_counter() - start
    assert (report.is_intact, report.events, report.checkpoints) == (True, len(ordered), 1), report
    # A second, looser baseline for context: the records as stored — read every row from the database and
    # SHA-256 its JSON. The verdict above stays on the strict baseline (digests of bytes already in memory).
    import json

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CustodyEvent._meta.db_table}")
        names = [column[0] for column in cursor.description]
        for row in iter(lambda: cursor.fetchmany(10_000), []):
            for values in row:
                hashlib.sha256(json.dumps(dict(zip(names, values, strict=True)), sort_keys=True, default=str,
                                          separators=(",", ":")).encode()).digest()
    stored_baseline = time.perf_counter() - start
    print(f"baseline: {len(canonical):,} SHA-256 digests       {baseline:6.2f} s")
    print(f"glacy custody verify (database)     {elapsed:6.2f} s  ratio: {elapsed / baseline:.2f}x "
          f"{_verdict(elapsed / baseline)}")
    print(f"for context: read the {len(canonical):,} rows and SHA-256 each as JSON {stored_baseline:6.2f} s; "
          f"verify / that = {elapsed / stored_baseline:.2f}x (not the acceptance measure)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database-records", type=int, default=100_000)
    arguments = parser.parse_args()
    bench_log_lines(arguments.records)
    bench_database(arguments.database_records)


if __name__ == "__main__":
    main()
