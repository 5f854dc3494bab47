"""HTTP between nodes (httpx): deliver a batch of encrypted messages to a peer's inbox, and fetch or push
identity and directory documents. TLS is the reverse proxy's job on both sides (docs/operator-guide.md); the
messages are signed and encrypted end to end whatever the channel."""

from __future__ import annotations

import os
import threading
from typing import Any

import httpx
from django.conf import settings

from glacy.exchange.identity import INBOX_PATH

IDENTITY_PATH = "/exchange/identity/"
DIRECTORY_PATH = "/exchange/directory/"
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
JOSE_MEDIA_TYPE = "application/jose"

_lock = threading.Lock()
_clients: dict[int, httpx.Client] = {}


class TransportError(Exception):
    """The peer could not be reached or answered something that is not the protocol."""


def client() -> httpx.Client:
    """One keep-alive client per process, shared by its threads (httpx clients are thread-safe): connections to
    peers are reused between batches and between the transfer pump's sending rounds, whose threads come and go.
    Keyed by process id so that a forked worker never shares its parent's sockets."""
    with _lock:
        existing = _clients.get(os.getpid())
        if existing is None:
            existing = httpx.Client(timeout=TIMEOUT, headers={"User-Agent": f"GLACY/{settings.NODE_ID}"},
                                    follow_redirects=False, trust_env=False)
            _clients[os.getpid()] = existing
        return existing


def _url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def post_messages(base_url: str, tokens: list[str]) -> list[dict[str, Any]]:
    """POST compact JWEs (one per line) to the peer's inbox; its answer, one result per message, in order."""
    try:
        response = client().post(_url(base_url, INBOX_PATH), content="\n".join(tokens).encode("ascii"),
                                 headers={"Content-Type": JOSE_MEDIA_TYPE, "Accept": "application/json"})
    except httpx.HTTPError as error:
        raise TransportError(f"{type(error).__name__}: {error}") from error
    if response.status_code != 200:
        raise TransportError(f"the inbox answered HTTP {response.status_code}: {response.text[:300]}")
    try:
        results = response.json()["results"]
    except (ValueError, KeyError, TypeError) as error:
        raise TransportError("the inbox answer is not the protocol's JSON") from error
    if not isinstance(results, list) or len(results) != len(tokens) or not all(
            isinstance(result, dict) for result in results):
        raise TransportError("the inbox did not answer one result per message")
    return results


def get_text(base_url: str, path: str, params: dict[str, str] | None = None) -> str:
    try:
        response = client().get(_url(base_url, path), params=params)
    except httpx.HTTPError as error:
        raise TransportError(f"{type(error).__name__}: {error}") from error
    if response.status_code != 200:
        raise TransportError(f"{path} answered HTTP {response.status_code}: {response.text[:300]}")
    return response.text


def post_text(base_url: str, path: str, text: str) -> None:
    try:
        response = client().post(_url(base_url, path), content=text.encode("ascii"),
                                 headers={"Content-Type": JOSE_MEDIA_TYPE})
    except httpx.HTTPError as error:
        raise TransportError(f"{type(error).__name__}: {error}") from error
    if response.status_code != 200:
        raise TransportError(f"{path} answered HTTP {response.status_code}: {response.text[:300]}")
