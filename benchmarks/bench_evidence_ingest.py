"""Evidence ingest speed and memory, as ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/bench_evidence_ingest.py [--size-mb 1024] [--repeat 3] [--directory DIR]

Two parts. (1) The whole command a custodian runs, `glacy evidence ingest FILE …` as its own process (start-up,
database, hashing, store, custody record, audit), interleaved with the commands an examiner would otherwise run
on the same file, `sha256sum FILE` and `hashdeep -c md5,sha1,sha256 FILE`, best of ``--repeat`` each (issue 13).
(2) The store's inner loop, as below.

Targets (issue 4): SHA-256-only ingest ≥ 0.85× plain hashlib.sha256 reading the same file; SHA-256+SHA-1+MD5
ingest ≥ 0.85× MD5 alone and ≥ 2× `hashdeep -c md5,sha1,sha256`; peak memory of an ingest < 200 MB.

Fairness: the file is read once before timing, so every measurement reads it from the same warm page cache.
Each measurement is repeated ``--repeat`` times, interleaved (baseline, ingest, baseline, ingest, …) so a
noisy neighbour slows both sides alike, and the best time of each is kept. The baseline for hashlib is the
faster of two plain ways of hashing a file: a 4 MiB ``read()`` loop and ``hashlib.file_digest``. The ingest
time includes everything an ingest does to the bytes: read, hash, write to the store, fsync, rename.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from glacy.evidence.blobstore import LocalBlobStore

CHUNK = 4 * 1024 * 1024
TRIPLE = ("sha256", "sha1", "md5")


def _read_loop(path: Path, algorithm: str) -> float:
    start = time.perf_counter()
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return time.perf_counter() - start


def _file_digest(path: Path, algorithm: str) -> float:
    start = time.perf_counter()
    with path.open("rb") as handle:
        hashlib.file_digest(handle, algorithm)
    return time.perf_counter() - start


def _ingest(path: Path, store_root: Path, algorithms: tuple[str, ...]) -> float:
    shutil.rmtree(store_root, ignore_errors=True)
    store = LocalBlobStore(store_root)
    start = time.perf_counter()
    with path.open("rb") as handle:
        store.put_stream(handle, algorithms=algorithms)
    elapsed = time.perf_counter() - start
    shutil.rmtree(store_root, ignore_errors=True)
    return elapsed


def _peak_memory_mb(path: Path, store_root: Path) -> float:
    code = ("import resource,sys;sys.path.insert(0,{!r});from glacy.evidence.blobstore import LocalBlobStore;"
            "s=LocalBlobStore({!r});s.put_stream(open({!r},'rb'),algorithms=('sha256','sha1','md5'));"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)").format(
        str(Path(__file__).resolve().parent.parent / "src"), str(store_root / "memory"), str(path))
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(output.strip()) / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads of this process
    return usage.ru_utime + usage.ru_stime


def _record(measure: Callable[[], float], times: list[float], cpu: list[float]) -> None:
    before = _cpu_seconds()
    times.append(measure())
    cpu.append(_cpu_seconds() - before)


def _timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def _whole_commands(path: Path, folder: Path, repeat: int) -> None:
    """`glacy evidence ingest` as a process, interleaved with sha256sum and hashdeep on the same file."""
    glacy = str(Path(sys.executable).with_name("glacy"))
    data = folder / "node"
    env = {**os.environ, "GLACY_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "glacy.config.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([glacy, "migrate", "--no-input", "-v0"], check=True, env=env)
    subprocess.run([glacy, "demo"], check=True, env=env, capture_output=True)
    reference = subprocess.run([sys.executable, "-c", (
        "import django;django.setup();from glacy.cooperation.models import Case;"
        "print(Case.objects.get(title__startswith='Ransomware attack on Korle Bu').reference)")],
        capture_output=True, text=True, check=True, env=env).stdout.strip()
    ingest = [glacy, "evidence", "ingest", str(path), "--case", reference, "--as", "gh.custodian",
              "--description", "benchmark exhibit"]
    hashdeep = shutil.which("hashdeep")
    times: dict[str, list[float]] = {"ingest": [], "sha256sum": [], "hashdeep": []}
    for _round in range(repeat):
        shutil.rmtree(data / "evidence", ignore_errors=True)  # each ingest stores the file anew
        times["ingest"].append(_timed(ingest, env))
        times["sha256sum"].append(_timed(["sha256sum", str(path)]))
        if hashdeep:
            times["hashdeep"].append(_timed([hashdeep, "-c", "md5,sha1,sha256", str(path)]))
    ingest_time, sha256sum_time = min(times["ingest"]), min(times["sha256sum"])
    print(f"`glacy evidence ingest` as a process (start-up, SHA-256+SHA-1+MD5, store with fsync, custody record, "
          f"audit): {ingest_time:.2f} s")
    print(f"  sha256sum of the same file: {sha256sum_time:.2f} s  ratio ingest / sha256sum: "
          f"{ingest_time / sha256sum_time:.2f}x")
    if hashdeep:
        hashdeep_time = min(times["hashdeep"])
        print(f"  hashdeep -c md5,sha1,sha256: {hashdeep_time:.2f} s  ratio ingest / hashdeep: "
              f"{ingest_time / hashdeep_time:.2f}x (below 1: the ingest is faster)")
    print("  runs (s): " + "; ".join(f"{name} " + " ".join(f"{value:.2f}" for value in values)
                                    for name, values in times.items() if values))


def _verdict(value: float, target: float) -> str:
    return "PASS" if value >= target else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=int(os.environ.get("GLACY_BENCH_INGEST_MB", 1024)))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--directory", type=Path, default=None,
                        help="where to write the test file and the store (default: the system temp folder)")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="glacy-bench-", dir=arguments.directory))
    try:
        path = folder / "exhibit.bin"
        with path.open("wb") as handle:
            block = os.urandom(CHUNK)
            for _index in range(arguments.size_mb // 4):
                handle.write(block)
        size_gb = path.stat().st_size / 1024**3
        print(f"file: {size_gb:.2f} GiB on {folder}; read once first to warm the page cache; "
              f"best of {arguments.repeat} interleaved runs")
        _read_loop(path, "sha256")
        _whole_commands(path, folder, arguments.repeat)
        load_before = os.getloadavg()[0]
        times: dict[str, list[float]] = {"sha256": [], "md5": [], "sha1": [], "ingest256": [], "ingest3": []}
        cpu: dict[str, list[float]] = {name: [] for name in times}
        for _round in range(arguments.repeat):
            _record(lambda: _read_loop(path, "sha256"), times["sha256"], cpu["sha256"])
            _record(lambda: _file_digest(path, "sha256"), times["sha256"], cpu["sha256"])
            _record(lambda: _ingest(path, folder / "store", ("sha256",)), times["ingest256"], cpu["ingest256"])
            _record(lambda: _read_loop(path, "md5"), times["md5"], cpu["md5"])
            _record(lambda: _file_digest(path, "md5"), times["md5"], cpu["md5"])
            _record(lambda: _ingest(path, folder / "store", TRIPLE), times["ingest3"], cpu["ingest3"])
            _record(lambda: _file_digest(path, "sha1"), times["sha1"], cpu["sha1"])
        sha256_plain, md5_plain = min(times["sha256"]), min(times["md5"])
        sha256_ingest, triple_ingest = min(times["ingest256"]), min(times["ingest3"])
        ratio256, ratio3 = sha256_plain / sha256_ingest, md5_plain / triple_ingest
        print(f"plain hashlib sha256 read       {sha256_plain:7.2f} s")
        print(f"plain hashlib md5 read          {md5_plain:7.2f} s")
        print(f"ingest sha256 (read+hash+store) {sha256_ingest:7.2f} s  ratio vs sha256 read: "
              f"{ratio256:.2f}x (target >= 0.85) {_verdict(ratio256, 0.85)}")
        print(f"ingest sha256+sha1+md5          {triple_ingest:7.2f} s  ratio vs md5 read:    "
              f"{ratio3:.2f}x (target >= 0.85) {_verdict(ratio3, 0.85)}")
        runs = "; ".join(f"{name} " + " ".join(f"{value:.2f}" for value in values) for name, values in times.items())
        print(f"all runs (s; plain sha256/md5 alternate a read() loop and file_digest): {runs}")
        # The triple ratio needs a second free processor (MD5 on one, SHA-1 + SHA-256 on the other): CPU time
        # shows whether the pipeline itself adds work, whatever the neighbours take.
        plain_cpu = min(cpu["sha256"]) + min(cpu["sha1"]) + min(cpu["md5"])
        print(f"CPU time (s): triple ingest {min(cpu['ingest3']):.2f} vs plain sha256+sha1+md5 one after the other "
              f"{plain_cpu:.2f}; sha256 ingest {min(cpu['ingest256']):.2f} vs plain sha256 {min(cpu['sha256']):.2f}")
        print(f"processors: {os.cpu_count()}; load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f} "
              "(other processes compete with the hashing threads when it is above about 1)")
        hashdeep = shutil.which("hashdeep")
        if hashdeep:
            start = time.perf_counter()
            subprocess.run([hashdeep, "-c", "md5,sha1,sha256", str(path)], capture_output=True, check=True)
            hashdeep_time = time.perf_counter() - start
            print(f"hashdeep -c md5,sha1,sha256     {hashdeep_time:7.2f} s  ingest speed vs hashdeep: "
                  f"{hashdeep_time / triple_ingest:.2f}x (target >= 2) {_verdict(hashdeep_time / triple_ingest, 2)}")
        else:
            print("hashdeep not installed (apt-get install hashdeep): comparison skipped")
        peak = _peak_memory_mb(path, folder)
        print(f"peak memory of an ingest (child process): {peak:.0f} MB (target < 200) "
              f"{'PASS' if peak < 200 else 'FAIL'}")
        print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
