"""Where the current change comes from (web, API, CLI, job) and its request id, for the audit trail.

A context variable rather than a thread-local so that the same code serves WSGI, ASGI, the CLI and
workers. Entry points set it; services read it through `record_event`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    channel: str
    request_id: str


_current_origin: ContextVar[Origin | None] = ContextVar("glacy_origin", default=None)


def current_origin() -> Origin:
    """The origin of the change being made; outside any entry point it is the system."""
    return _current_origin.get() or Origin(channel="system", request_id="")


@contextmanager
def origin(channel: str, request_id: str | None = None) -> Iterator[Origin]:
    """Mark everything done inside the block as coming from `channel` (web, api, cli, job)."""
    value = Origin(channel=channel, request_id=request_id or uuid.uuid4().hex)
    token = _current_origin.set(value)
    try:
        yield value
    finally:
        _current_origin.reset(token)
