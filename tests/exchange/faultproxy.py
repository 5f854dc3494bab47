"""A fault-injecting HTTP proxy for the multi-node tests: loopback only, bounded in requests and in time.

It stands in front of a node (peers reach the node through it) and forwards each request unless a queued
fault says otherwise. Faults are consumed in order by the requests whose path contains their pattern:

* ``drop`` — the request is not forwarded; the client gets a 502 (a lost request);
* ``drop_response`` — forwarded, but the client gets a 502 instead of the answer (a lost answer);
* ``duplicate`` — forwarded twice (the second answer is the one returned);
* ``delay`` — forwarded after `seconds`;
* ``corrupt`` — one byte of the body flipped before forwarding;
* ``corrupt_response`` — one byte of the answer's body flipped;
* ``hold`` — answered 502 at once and kept; forwarded right after the next matching request (reordering);
* ``stall`` — forwarded, then the answer is held for `seconds` (a window to kill a process mid-delivery).

Every request body forwarded is recorded, so a test can replay an old one later (`replay`).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAXIMUM_REQUESTS = 20_000
MAXIMUM_SECONDS = 900


@dataclass
class Fault:
    kind: str
    pattern: str = "/exchange/inbox/"  # the fault applies to the next request whose path contains this
    seconds: float = 0.0
    offset: int = 200  # which byte `corrupt` flips (clamped to the body)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class FaultProxy:
    target_port: int
    faults: deque[Fault] = field(default_factory=deque)
    recorded: list[Recorded] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    held: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    started: float = 0.0

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
            self.held.clear()

    def _next_fault(self, path: str) -> Fault | None:
        with self.lock:
            self.requests += 1
            if self.requests > MAXIMUM_REQUESTS or time.monotonic() - self.started > MAXIMUM_SECONDS:
                raise RuntimeError("fault proxy bound exceeded")
            for fault in list(self.faults):
                if fault.pattern in path:
                    self.faults.remove(fault)
                    self.applied.append(fault.kind)
                    return fault
        return None

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.target_port, timeout=120)
        try:
            connection.request(method, path, body=body if method in {"POST", "PUT"} else None, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            return response.status, {key: value for key, value in response.getheaders()
                                     if key.lower() in {"content-type"}}, answer
        finally:
            connection.close()

    def replay(self, recorded: Recorded) -> tuple[int, bytes]:
        """Send an old request again, as an attacker who captured it would."""
        status, _headers, answer = self.forward(recorded.method, recorded.path, recorded.headers, recorded.body)
        return status, answer

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *arguments: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {key: value for key, value in self.headers.items()
                           if key.lower() in {"content-type", "x-transfer-token", "x-chunk-sha256", "accept", "user-agent"}}
                fault = proxy._next_fault(self.path)
                kind = fault.kind if fault else "pass"
                try:
                    status, answer_headers, answer = self._apply(kind, fault, headers, body)
                except OSError:
                    status, answer_headers, answer = 502, {}, b"target unreachable"
                self.send_response(status)
                for key, value in answer_headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def _apply(self, kind: str, fault: Fault | None, headers: dict[str, str],
                       body: bytes) -> tuple[int, dict[str, str], bytes]:
                if kind == "drop":
                    return 502, {}, b"dropped by the fault proxy"
                if kind == "hold":
                    with proxy.lock:
                        proxy.held.append((self.command, self.path, headers, body))
                    return 502, {}, b"held by the fault proxy"
                if kind == "delay" and fault is not None:
                    time.sleep(fault.seconds)
                if kind == "corrupt" and fault is not None and body:
                    position = min(fault.offset, len(body) - 1)
                    body = body[:position] + bytes([body[position] ^ 0x20]) + body[position + 1:]
                result = proxy.forward(self.command, self.path, headers, body)
                proxy.recorded.append(Recorded(self.command, self.path, headers, body, result[0]))
                if kind == "duplicate":
                    result = proxy.forward(self.command, self.path, headers, body)
                with proxy.lock:
                    released, proxy.held = (proxy.held, []) if kind != "hold" else ([], proxy.held)
                for method, path, held_headers, held_body in released:
                    proxy.forward(method, path, held_headers, held_body)
                if kind == "drop_response":
                    return 502, {}, b"answer lost by the fault proxy"
                if kind == "stall" and fault is not None:
                    time.sleep(fault.seconds)
                if kind == "corrupt_response" and result[2]:
                    answer = result[2]
                    position = len(answer) // 2
                    return result[0], result[1], answer[:position] + bytes([answer[position] ^ 0x01]) + answer[
                        position + 1:]
                return result

            do_GET = do_POST = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.started = time.monotonic()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
