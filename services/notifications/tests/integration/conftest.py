"""Real local servers for the channels: an aiosmtpd SMTP server and an http.server receiver."""
from __future__ import annotations

import socket
import threading
import time
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

# The test servers listen on loopback, which the service refuses unless allowed (QMS_OUTBOUND_ALLOWED_NETWORKS).
LOOPBACK = "127.0.0.1/32"


@pytest.fixture
def overrides(overrides):
    """The service may send to the test servers on 127.0.0.1, and nowhere else internal."""
    return {**overrides, "outbound_allowed_networks": LOOPBACK}


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message, refuses some recipients like a real server."""

    def __init__(self):
        self.messages, self.sessions = [], []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        if address.startswith("busy@"):
            return "451 4.3.0 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.sessions.append((id(session), session.ssl is not None, session.authenticated))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        """Messages addressed to `address`."""
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that can be taken down and brought back on the same port."""

    def __init__(self, inbox: Inbox, **options):
        self.inbox, self.options, self.port = inbox, options, free_port()
        self.controller = None
        self.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?from=qms@factory.example&timeout=3"

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def start_smtp():
    """Factory of SMTP servers (options go to aiosmtpd), all stopped after the test."""
    started = []

    def start(**options):
        inbox = Inbox()
        server = SmtpServer(inbox, **options)
        started.append(server)
        return inbox, server
    yield start
    for server in started:
        server.stop()


@pytest.fixture
def smtp_server(start_smtp):
    """A plain SMTP server: (inbox, server)."""
    return start_smtp()


class Receiver(ThreadingHTTPServer):
    """Records each POST (path, headers, raw body) and answers with the queued statuses."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests, self.statuses, self.delay = [], [], 0.0
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def close(self):
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(self.server.delay)
        status = self.server.statuses.pop(0) if self.server.statuses else 202
        self.server.requests.append((self.path, dict(self.headers), body))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def receiver():
    """A real HTTP server on 127.0.0.1 standing in for an SMS gateway or a webhook receiver."""
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def unused_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    return free_port()


@pytest.fixture
def closed_url(unused_port) -> str:
    """An http URL where nothing listens."""
    return f"http://127.0.0.1:{unused_port}/"
