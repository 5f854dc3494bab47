"""`glacy runserver` answers each request without waiting for the client's delayed acknowledgement."""

from __future__ import annotations

import socket

from django.core.management import get_commands, load_command_class

from glacy.core.management.commands.runserver import NoDelayWSGIServer


def test_the_platforms_runserver_replaces_django_s_and_still_serves_static_files() -> None:
    assert get_commands()["runserver"] == "glacy.core"
    command = load_command_class("glacy.core", "runserver")
    assert command.server_cls is NoDelayWSGIServer
    assert type(command).__mro__[1].__module__ == "django.contrib.staticfiles.management.commands.runserver"


def test_each_accepted_connection_sends_its_writes_at_once() -> None:
    server = NoDelayWSGIServer(("127.0.0.1", 0), object, ipv6=False)
    client = socket.create_connection(server.server_address[:2])
    try:
        accepted, _address = server.get_request()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        accepted.close()
    finally:
        client.close()
        server.server_close()
