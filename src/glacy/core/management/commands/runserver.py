"""`glacy runserver`: Django's development server (with static files), answering without a 40 ms stall.

Django's development server writes a response's headers and its body in separate small writes on a socket that
still has Nagle's algorithm on; the second write then waits for the client's acknowledgement of the first, which
the client delays by up to 40 ms (delayed ACK). Every page, every API call and every message another node POSTs
to the inbox paid that wait (measured: 50 ms per request to the health URL, 2 ms without it). TCP_NODELAY on each
accepted connection sends each write at once. Production servers behind a reverse proxy are not concerned.
"""

from __future__ import annotations

import socket
from typing import Any

from django.contrib.staticfiles.management.commands.runserver import Command as StaticFilesRunserver
from django.core.servers.basehttp import WSGIServer


class NoDelayWSGIServer(WSGIServer):
    """Django's development WSGI server with TCP_NODELAY on each accepted connection."""

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class Command(StaticFilesRunserver):
    server_cls = NoDelayWSGIServer
