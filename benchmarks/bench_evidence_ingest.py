"""Evidence ingest speed and memory, as ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/bench_evidence_ingest.py [--size-mb 2048]

Targets (issue 4): SHA-256-only ingest ≥ 0.85× plain hashlib.sha256 reading the same file; SHA-256+SHA-1+MD5
ingest ≥ 0.85× MD5 alone and ≥ 2× `hashdeep -c md5,sha1,sha256`; peak memory of an ingest < 200 MB.
The file is read once before timing so both sides start with the same page cache.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from glacy.evidence.blobstore import LocalBlobStore

CHUNK = 4 * 1024 * 1024


def _plain(path: Path, algorithm: str) -> float:
    start = time.perf_counter()
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return time.perf_counter() - start


def _ingest(path: Path, store_root: Path, algorithms: tuple[str, ...]) -> float:
    shutil.rmtree(store_root, ignore_errors=True)
    store = LocalBlobStore(store_root)
    start = time.perf_counter()
    with path.open("rb") as handle:
        store.put_stream(handle, algorithms=algorithms)
    return time.perf_counter() - start


def _peak_memory_mb(path: Path, store_root: Path) -> float:
    code = ("import resource,sys;sys.path.insert(0,{!r});from glacy.evidence.blobstore import LocalBlobStore;"
            "s=LocalBlobStore({!r});s.put_stream(open({!r},'rb'),algorithms=('sha256','sha1','md5'));"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)").format(
        str(Path(__file__).resolve().parent.parent / "src"), str(store_root / "memory"), str(path))
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(output.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=2048)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="glacy-bench-"))
    try:
        path = folder / "exhibit.bin"
        with path.open("wb") as handle:
            block = os.urandom(CHUNK)
            for _index in range(arguments.size_mb // 4):
                handle.write(block)
        size_gb = path.stat().st_size / 1024**3
        print(f"file: {size_gb:.2f} GiB (read once first to warm the page cache)")
        _plain(path, "sha256")
        sha256_plain = _plain(path, "sha256")
        md5_plain = _plain(path, "md5")
        sha256_ingest = _ingest(path, folder / "store", ("sha256",))
        triple_ingest = _ingest(path, folder / "store", ("sha256", "sha1", "md5"))
        print(f"plain hashlib sha256 read       {sha256_plain:7.2f} s")
        print(f"plain hashlib md5 read          {md5_plain:7.2f} s")
        print(f"ingest sha256 (read+hash+store) {sha256_ingest:7.2f} s  ratio vs sha256 read: "
              f"{sha256_plain / sha256_ingest:.2f}x (target >= 0.85)")
        print(f"ingest sha256+sha1+md5          {triple_ingest:7.2f} s  ratio vs md5 read:    "
              f"{md5_plain / triple_ingest:.2f}x (target >= 0.85)")
        hashdeep = shutil.which("hashdeep")
        if hashdeep:
            start = time.perf_counter()
            subprocess.run([hashdeep, "-c", "md5,sha1,sha256", str(path)], capture_output=True, check=True)
            hashdeep_time = time.perf_counter() - start
            print(f"hashdeep -c md5,sha1,sha256     {hashdeep_time:7.2f} s  ingest speed vs hashdeep: "
                  f"{hashdeep_time / triple_ingest:.2f}x (target >= 2)")
        else:
            print("hashdeep not installed (apt-get install hashdeep): comparison skipped")
        print(f"peak memory of an ingest (child process): {_peak_memory_mb(path, folder):.0f} MB (target < 200)")
        print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
