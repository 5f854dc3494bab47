"""Exchange between two local nodes: messages per second and evidence-size transfers, against plain HTTP in the
same run.

    .venv/bin/python benchmarks/bench_exchange.py [--messages 2000] [--size-mb 1024] [--repeat 2]

Targets (issue 12): cooperation messages (a preservation request sent from one node to the other) through the
full path (the workflow step signs and queues, encrypt, deliver, verify, apply: the receiving node creates its
copy of the request through the same workflow service, signed receipt verified and stored) at ≥ 0.5× plain HTTP
POSTs of the same bytes to the same server; a 1 GiB file
through the chunked transfer (hash and spool, offer, encrypted chunks, durable writes, whole-file check on
arrival, signed answer back) at ≥ 0.5× copying the same file over plain HTTP on loopback; memory flat (peak
RSS of the sending process and of the receiving web server). Also printed, for the reader to see where the time
goes: the ceiling of the transfer's primitives alone (the same chunks hashed, encrypted, sent, decrypted and
written by a minimal pipeline without database, framework or signed messages).

Setup: node B runs as its own processes (web server + exchange worker, own SQLite database, keys, port).
This benchmark process IS node A's side where the officers' steps run (same settings as A's processes; A's
web server runs to take B's answers). For the message parts A's exchange worker runs as its own process, as
in production, delivering while the steps are still being taken; the clock stops when every message is
delivered with its receipt verified. For the transfer part this process runs A's worker itself, so that it
can time the phases.

Fairness: the baseline messages are POSTed, one by one, over one keep-alive connection, to B's web server —
the same server process — with the same byte size as the encrypted messages (to the health URL, which
answers without application work). The web server answers without Nagle's 40 ms stall (TCP_NODELAY,
core/management/commands/runserver.py): with the stall, each plain POST took about 45 ms and the baseline
measured the stall, not HTTP (the exchange, which sends up to 50 messages per POST, looked faster than HTTP).
The baseline transfer streams the same file, already in the page cache,
over one HTTP connection to a plain receiver on loopback that writes it to disk and fsyncs once (what a copy
needs). Each side is repeated `--repeat` times, interleaved, and the best time kept.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from glacy.exchange.localnet import LocalNode, free_port, migrated_template, peer_all, prepare, synchronise


def _peak_rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _reset_peak(pid: int | None = None) -> None:
    """Start a fresh peak-RSS measurement (Linux: write 5 to clear_refs)."""
    Path(f"/proc/{pid or 'self'}/clear_refs").write_text("5")


class _Sink(BaseHTTPRequestHandler):
    """The baseline receiver: writes the PUT body to a file, fsyncs once."""

    protocol_version = "HTTP/1.1"
    target: Path

    def log_message(self, *arguments: object) -> None:
        pass

    def do_PUT(self) -> None:
        remaining = int(self.headers["Content-Length"])
        with open(self.target, "wb") as output:
            while remaining:
                block = self.rfile.read(min(remaining, 1024 * 1024))
                output.write(block)
                remaining -= len(block)
            output.flush()
            os.fsync(output.fileno())
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _baseline_copy(path: Path, folder: Path) -> float:
    import httpx

    _Sink.target = folder / "baseline-copy.bin"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stream() -> object:
        with open(path, "rb") as handle:
            while block := handle.read(1024 * 1024):
                yield block

    start = time.perf_counter()
    with httpx.Client(timeout=600) as client:
        response = client.put(f"http://127.0.0.1:{server.server_address[1]}/",
                              content=stream(), headers={"Content-Length": str(path.stat().st_size)})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    server.shutdown()
    server.server_close()
    _Sink.target.unlink()
    return elapsed


class _CryptoSink(BaseHTTPRequestHandler):
    """The ceiling's receiver: decrypts each chunk (AES-256-GCM) and writes it at its place; fsync at the end."""

    protocol_version = "HTTP/1.1"
    target: Path
    key: bytes
    chunk_size: int

    def log_message(self, *arguments: object) -> None:
        pass

    def do_PUT(self) -> None:
        from glacy.exchange.transfers import chunks

        index = int(self.path.strip("/").split("/")[0])
        sha256 = self.headers["X-Chunk-SHA256"]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        data = chunks.decrypt_chunk(self.key, "ceiling", index, sha256, body)
        chunks.write_chunk(self.target, index, self.chunk_size, data)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _primitive_ceiling(path: Path, folder: Path, chunk_size: int, parallel: int) -> float:
    """What the transfer's own primitives cost with nothing else: the same chunks, `parallel` in flight over one
    HTTP client, each read, hashed (SHA-256), encrypted (AES-256-GCM), sent, decrypted and written at its place
    by a plain receiver, one fsync at the end — no database, no framework, no signed messages. The full path
    cannot beat this; what separates the two is the platform's own cost."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from glacy.exchange.transfers import chunks

    _CryptoSink.target, _CryptoSink.key, _CryptoSink.chunk_size = folder / "ceiling.bin", os.urandom(32), chunk_size
    chunks.create_part_file(_CryptoSink.target, path.stat().st_size)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CryptoSink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    size = path.stat().st_size
    count = max(1, -(-size // chunk_size))

    with httpx.Client(timeout=600, limits=httpx.Limits(max_connections=parallel)) as client:
        def send(index: int) -> None:
            data = chunks.read_chunk(path, index, chunk_size, min(chunk_size, size - index * chunk_size))
            sha256 = hashlib.sha256(data).hexdigest()
            body = chunks.encrypt_chunk(_CryptoSink.key, "ceiling", index, sha256, data)
            answer = client.put(f"http://127.0.0.1:{server.server_address[1]}/{index}/", content=body,
                                headers={"X-Chunk-SHA256": sha256})
            assert answer.status_code == 200

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(send, range(count)))
        chunks.sync_file(_CryptoSink.target)
        elapsed = time.perf_counter() - start
    server.shutdown()
    server.server_close()
    _CryptoSink.target.unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--directory", type=Path, default=None, help="where the nodes' data go (default: a temp dir)")
    parser.add_argument("--phases", action="store_true", help="print when each phase of a transfer ended")
    parser.add_argument("--only", choices=("messages", "pings", "transfer"), default=None, help="run one part only")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="glacy-bench-exchange-", dir=arguments.directory))
    # Both nodes as in production: debug mode off (it records every SQL query of a request in memory).
    production = {"GLACY_DEBUG": "false"}
    a = LocalNode("gh-node", "Ghana node", "GH", free_port(), folder / "gh-node", extra_env=production)
    b = LocalNode("ph-node", "Philippines node", "PH", free_port(), folder / "ph-node", extra_env=production)
    nodes = [a, b]
    try:
        print("== preparing two nodes …", flush=True)
        prepare(nodes, template=migrated_template(folder))
        peer_all(nodes)
        a.start(worker=False)  # this process is A's worker
        b.start()
        synchronise(nodes)
        os.environ.update(a.env())
        os.environ["GLACY_TESTING"] = "0"
        os.environ["GLACY_DEBUG"] = "false"
        import django

        django.setup()
        if arguments.only in {None, "messages", "pings"}:
            a.start_worker()
        if arguments.only in {None, "messages"}:
            _messages(b, arguments)
        if arguments.only in {None, "pings"}:
            _pings(b, arguments)
        a.stop_worker()
        if arguments.only in {None, "transfer"}:
            _transfer(a, b, folder, arguments)
    finally:
        for node in nodes:
            node.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _drafts(count: int) -> list[object]:
    """`count` complete preservation requests of A's 24/7 point to B's, drafted (not timed)."""
    from django.db import transaction

    from glacy.cooperation.services.cases import case_open
    from glacy.cooperation.services.requests import request_create, request_identifier_add
    from glacy.directory.models import Authority, User

    officer = User.objects.get(username="gh.duty-officer")
    point = Authority.objects.get(home_node="ph-node", kind="point_of_contact_24_7")
    content = {
        "contact_person": "Kwame Asante, Ghana Police 24/7 Cyber Desk, +233 30 266 4001",
        "offence_description": "Computer-related fraud (Cybersecurity Act 2020, s. 62; ETS 185 Art. 8)",
        "summary_of_facts": "Victims paid money to accounts run from fake social-media profiles.",
        "data_sought": "Subscriber and connection data of the profile's login IP address.",
        "relationship_to_offence": "The profile was used to contact the victims.",
        "custodian_or_location": "Internet service provider in Manila.",
        "necessity": "Connection logs are deleted after 30 days.", "intends_mutual_assistance": True}
    with transaction.atomic():
        case = case_open(actor=officer, data={"title": "Benchmark case", "offence_articles": ["ETS185:8"]})
    drafts = []
    for _ in range(count):
        with transaction.atomic():
            request = request_create(actor=officer, case=case, request_type="ETS185-29", requested_authority=point,
                                     content=content)
            request_identifier_add(actor=officer, request=request, kind="ip", raw={
                "address": "198.51.100.23", "port": "443", "timestamp": "2026-10-30T21:15:00+00:00"})
        drafts.append(request)
    return drafts


def _delivered(ids: list[object]) -> int:
    """Wait until A's worker has settled every one of `ids`; the signed size of the first (all must be delivered
    with their receipt verified)."""
    from glacy.exchange.models import OutboundMessage

    while OutboundMessage.objects.filter(pk__in=ids, status=OutboundMessage.Status.QUEUED).exists():
        time.sleep(0.01)
    delivered = OutboundMessage.objects.filter(pk__in=ids, status=OutboundMessage.Status.DELIVERED).count()
    assert delivered == len(ids), f"only {delivered} of {len(ids)} delivered"
    return len(OutboundMessage.objects.get(pk=ids[0]).signed)


def _against_plain_posts(b: LocalNode, arguments: argparse.Namespace, exchange_run: Callable[[], tuple[float, int]],
                         title: str, path: str) -> None:
    """Time `exchange_run` (seconds, signed size) against as many plain POSTs of the same bytes to B's server,
    one by one over one keep-alive connection, interleaved, best of `--repeat`; print both rates and the ratio."""
    import httpx

    count = arguments.messages

    def plain_posts(size: int) -> float:
        body = os.urandom(size * 3 // 4).hex()[:size].encode()
        with httpx.Client(timeout=60) as client:
            start = time.perf_counter()
            for _ in range(count):
                client.post(f"{b.url}/health/", content=body, headers={"Content-Type": "application/jose"})
            return time.perf_counter() - start

    exchange_best = baseline_best = float("inf")
    size = 0
    for _ in range(arguments.repeat):
        elapsed, size = exchange_run()
        exchange_best = min(exchange_best, elapsed)
        baseline_best = min(baseline_best, plain_posts(int(size * 1.4)))  # JWE of the JWS: about 4/3 larger
    exchange_rate, baseline_rate = count / exchange_best, count / baseline_best
    print(f"{title}: {count} per run, envelope {size} bytes signed")
    print(f"  full path ({path}): {exchange_rate:8.1f} messages/s")
    print(f"  plain HTTP POST of the same bytes, same server, one by one: {baseline_rate:8.1f} POSTs/s")
    print(f"  ratio {exchange_rate / baseline_rate:.2f}x (target >= 0.5x)", flush=True)


def _messages(b: LocalNode, arguments: argparse.Namespace) -> None:
    """Cooperation messages: A's 24/7 officer sends preservation requests (the step signs the message and queues
    it with the change, in one transaction); A's worker encrypts and delivers them; B verifies each, creates its
    copy of the request through the same workflow service, and signs the receipt; A verifies the receipts."""
    from glacy.cooperation.services.workflow import request_transition
    from glacy.directory.models import User
    from glacy.exchange.models import OutboundMessage

    officer = User.objects.get(username="gh.duty-officer")

    def exchange_run() -> tuple[float, int]:
        drafts = _drafts(arguments.messages)
        start = time.perf_counter()
        for request in drafts:
            request_transition(actor=officer, request=request, action="send")
        size = _delivered(list(OutboundMessage.objects.filter(
            conversation__conversation_id__in=[item.pk for item in drafts]).values_list("pk", flat=True)))
        return time.perf_counter() - start, size

    _against_plain_posts(b, arguments, exchange_run, "cooperation messages (preservation requests sent)",
                         "send step: sign and queue; encrypt, deliver, verify, copy created on B through the "
                         "workflow, receipt verified")


def _pings(b: LocalNode, arguments: argparse.Namespace) -> None:
    """The exchange protocol alone: signed connectivity checks between the two 24/7 points (each queued in its
    own transaction, signed; encrypted, delivered, decrypted, verified, recorded in order, receipt signed and
    verified), with no domain work on either side — what every message costs before its domain effect."""
    from django.db import transaction

    from glacy.directory.models import Authority
    from glacy.exchange.handlers import ping_send

    sender = Authority.objects.get(home_node="", kind="point_of_contact_24_7")
    recipient = Authority.objects.get(home_node="ph-node", kind="point_of_contact_24_7")

    def exchange_run() -> tuple[float, int]:
        start = time.perf_counter()
        ids = []
        for index in range(arguments.messages):
            with transaction.atomic():
                ids.append(ping_send(sender_authority=sender, recipient_authority=recipient, note=f"check {index}").pk)
        size = _delivered(ids)
        return time.perf_counter() - start, size

    _against_plain_posts(b, arguments, exchange_run, "exchange protocol alone (signed connectivity checks)",
                         "queue and sign; encrypt, deliver, decrypt, verify, record in order, receipt signed and "
                         "verified")


def _transfer(a: LocalNode, b: LocalNode, folder: Path, arguments: argparse.Namespace) -> None:
    from django.db import transaction

    from glacy.directory.models import Authority
    from glacy.exchange.handlers import FILE_PURPOSE
    from glacy.exchange.models import OutgoingTransfer
    from glacy.exchange.services.delivery import deliver_due
    from glacy.exchange.transfers.pump import transfers_pump
    from glacy.exchange.transfers.services import transfer_offer, transfer_prepare

    sender = Authority.objects.get(home_node="", kind="point_of_contact_24_7")
    recipient = Authority.objects.get(home_node="ph-node", kind="point_of_contact_24_7")
    source = folder / "package.zip"
    with open(source, "wb") as handle:
        for _ in range(arguments.size_mb):
            handle.write(os.urandom(1024 * 1024))
    source.chmod(0o444)
    with open(source, "rb") as handle:  # warm the page cache for both sides alike
        while handle.read(8 * 1024 * 1024):
            pass
    web_pid = b.processes["web"].pid

    def exchange_run(path: Path = source) -> float:
        _reset_peak()
        _reset_peak(web_pid)
        start = time.perf_counter()
        prepared = transfer_prepare(path)
        with transaction.atomic():
            transfer = transfer_offer(prepared=prepared, conversation_id=uuid.uuid4(), sender_authority=sender,
                                      recipient_authority=recipient, purpose=FILE_PURPOSE, metadata={})
        phases = {"offered": time.perf_counter() - start}
        while True:
            deliver_due(worker="bench")
            transfers_pump(worker="bench")
            status = OutgoingTransfer.objects.get(pk=transfer.pk).status
            phases.setdefault(status, time.perf_counter() - start)
            if status in {"accepted", "refused", "failed"}:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        if arguments.phases:
            print("  phases (s from start, first seen): " + ", ".join(
                f"{name} {moment:.2f}" for name, moment in phases.items()), flush=True)
        assert status == "accepted", status
        shutil.rmtree(Path(b.folder) / "exchange" / "received", ignore_errors=True)
        return elapsed

    from django.conf import settings

    from glacy.exchange.transfers.pump import PARALLEL

    exchange_best = baseline_best = ceiling_best = float("inf")
    peaks: list[tuple[float, float]] = []
    for _ in range(arguments.repeat):
        exchange_best = min(exchange_best, exchange_run())
        peaks.append((_peak_rss_mb(), _peak_rss_mb(web_pid)))
        baseline_best = min(baseline_best, _baseline_copy(source, folder))
    megabytes = arguments.size_mb
    print(f"transfer of {megabytes} MiB ({settings.EXCHANGE_CHUNK_BYTES // 2**20} MiB chunks, {PARALLEL} in flight):")
    # Memory first (the ceiling's buffers, in this process, would count in the sender's peak).
    _flat_memory(arguments.size_mb, source, folder, peaks, exchange_run, web_pid)
    for _ in range(arguments.repeat):  # the ceiling, each run beside another plain copy
        ceiling_best = min(ceiling_best, _primitive_ceiling(source, folder, settings.EXCHANGE_CHUNK_BYTES, PARALLEL))
        baseline_best = min(baseline_best, _baseline_copy(source, folder))
    print(f"  chunked transfer, whole path: {megabytes / exchange_best:7.1f} MiB/s ({exchange_best:.1f} s)")
    print(f"  plain HTTP copy on loopback:  {megabytes / baseline_best:7.1f} MiB/s ({baseline_best:.1f} s, best of "
          f"{2 * arguments.repeat} runs)")
    print(f"  ratio {baseline_best / exchange_best:.2f}x (target >= 0.5x)")
    print(f"  ceiling of the primitives alone (hash, encrypt, HTTP, decrypt, write; no database or framework): "
          f"{megabytes / ceiling_best:7.1f} MiB/s = {baseline_best / ceiling_best:.2f}x the plain copy; the whole "
          f"path reaches {ceiling_best / exchange_best:.2f}x of it", flush=True)


def _flat_memory(megabytes: int, source: Path, folder: Path, peaks: list[tuple[float, float]],
                 exchange_run: object, web_pid: int) -> None:
    """Flat memory: the peak during a transfer of a file a quarter the size is the same."""
    small = folder / "small.zip"
    with open(source, "rb") as reader, open(small, "wb") as writer:
        writer.write(reader.read(megabytes * 1024 * 1024 // 4))
    small.chmod(0o444)
    exchange_run(small)  # type: ignore[operator]
    small_peaks = (_peak_rss_mb(), _peak_rss_mb(web_pid))
    print(f"  peak RSS, {megabytes} MiB file: sender {max(p[0] for p in peaks):.0f} MB, receiving web server "
          f"{max(p[1] for p in peaks):.0f} MB; {megabytes // 4} MiB file: {small_peaks[0]:.0f} MB and "
          f"{small_peaks[1]:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
