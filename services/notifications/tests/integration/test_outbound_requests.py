"""Outbound requests against real servers on 127.0.0.1: refused addresses, no redirects, a cap on
what is read, one deadline per send, and a slow receiver that never holds e-mail."""
from __future__ import annotations

import socket
import threading
import time
import tracemalloc
import uuid

import pytest

from qms_shared.domain import Actor

from notifications.adapters.outbound import OutboundGuard
from notifications.adapters.senders.base import Message, PermanentSendError, TransientSendError
from notifications.adapters.senders.webhook import WebhookSender
from notifications.bootstrap import bootstrap
from notifications.domain import commands

LOOPBACK = OutboundGuard("127.0.0.1/32")
MiB = 1024 * 1024


class RawServer:
    """A TCP server on 127.0.0.1 answering each connection with `respond(conn, server)` on its own thread."""

    def __init__(self, respond):
        self.respond, self.connections, self.sent = respond, 0, 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn:
            conn.recv(65536)  # the request (small): its content does not matter here
            try:
                self.respond(conn, self)
            except OSError:
                pass  # the client hung up: what these tests want

    def close(self):
        self.sock.close()


@pytest.fixture
def serve():
    started = []

    def start(respond):
        server = RawServer(respond)
        started.append(server)
        return server
    yield start
    for server in started:
        server.close()


def hook(url, body='{"type": "complaints.complaint.received"}'):
    return Message(delivery_id=uuid.uuid4(), channel="webhook", address=url, body=body,
                   event_type="complaints.complaint.received")


def test_loopback_is_refused_without_the_allow_list_and_sent_with_it(receiver):
    with pytest.raises(PermanentSendError, match="127.0.0.1 is a loopback address"):
        WebhookSender("s" * 32, guard=OutboundGuard()).send(hook(receiver.url()))
    assert receiver.requests == []
    WebhookSender("s" * 32, guard=LOOPBACK).send(hook(receiver.url()))
    assert len(receiver.requests) == 1


def test_a_name_is_checked_for_every_address_it_resolves_to(receiver):
    # localhost resolves to 127.0.0.1 (allowed) and on most hosts also to ::1 (not allowed)
    addresses = {info[4][0] for info in socket.getaddrinfo("localhost", 80, 0, socket.SOCK_STREAM)}
    sender = WebhookSender("s" * 32, guard=LOOPBACK)
    if addresses == {"127.0.0.1"}:
        sender.send(hook(receiver.url().replace("127.0.0.1", "localhost")))
        assert len(receiver.requests) == 1
    else:
        with pytest.raises(PermanentSendError, match="localhost refused"):
            sender.send(hook(receiver.url().replace("127.0.0.1", "localhost")))


def test_a_redirect_is_a_failure_and_never_followed(serve):
    def redirect(conn, server):
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {server.url('/elsewhere')}\r\n"
                     "Content-Length: 0\r\n\r\n".encode())
    server = serve(redirect)
    with pytest.raises(PermanentSendError, match="answered 302 Found .redirects are not followed"):
        WebhookSender("s" * 32, guard=LOOPBACK).send(hook(server.url()))
    assert server.connections == 1


def test_a_300_mib_answer_is_read_only_up_to_the_cap_and_its_words_are_never_kept(serve):
    chunk = b"INTERNAL-STACK-TRACE " * 3120  # ~64 KiB, sent over and over: 300 MiB announced

    def flood(conn, server):
        conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: %d\r\n\r\n" % (300 * MiB))
        while server.sent < 300 * MiB:
            conn.sendall(chunk)
            server.sent += len(chunk)
    server = serve(flood)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(TransientSendError) as failed:
            WebhookSender("s" * 32, guard=LOOPBACK).send(hook(server.url()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(failed.value) == "webhook receiver answered 500 Internal Server Error"
    assert peak < 4 * MiB and time.monotonic() - started < 5
    time.sleep(0.2)
    assert server.sent < 32 * MiB  # what the kernel's buffers took before the connection was closed


def test_a_slow_drip_receiver_is_cut_at_the_deadline(serve):
    def drip(conn, server):
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        for _ in range(600):  # one byte every 0.1 s: each read is quick, the whole answer never ends
            conn.sendall(b"x")
            time.sleep(0.1)
    server = serve(drip)
    started = time.monotonic()
    with pytest.raises(TransientSendError, match="did not answer within 1 s"):
        WebhookSender("s" * 32, timeout=1.0, guard=LOOPBACK).send(hook(server.url()))
    assert 0.9 < time.monotonic() - started < 2.0


@pytest.fixture
def service(ctx, overrides, smtp_server):
    _, smtp = smtp_server
    wired = bootstrap({**overrides, "smtp_url": smtp.url, "send_timeout": 2.0, "retry_max_attempts": 3})
    yield wired
    wired.extras["dispatcher"].close()
    wired.db.dispose()


def test_a_slow_webhook_never_holds_an_email_queued_with_it(service, serve, smtp_server):
    inbox, _ = smtp_server

    def drip(conn, server):
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        for _ in range(100):
            conn.sendall(b"x")
            time.sleep(0.1)
    server = serve(drip)
    admin = Actor(id="erp", roles=frozenset({"system"}))
    slow = service.bus.handle(commands.SendNotification(channel="webhook", body='{"order": 7}', actor=admin,
                                                        to={"url": server.url()})).deliveries[0]
    service.bus.handle(commands.SendNotification(channel="email", subject="Stop the line", body="Now.",
                                                 actor=admin, to={"email": "plant@factory.example"}))
    dispatcher = service.extras["dispatcher"]
    started = time.monotonic()
    assert dispatcher.run_once() == 2
    while not inbox.messages and time.monotonic() - started < 1.5:
        time.sleep(0.02)
    assert [m["To"] for m in inbox.messages] == ["plant@factory.example"]
    with service.uow_factory() as uow:  # while the webhook is still dripping
        assert time.monotonic() - started < 1.5 and uow.deliveries.get(slow.id).status == "pending"
    dispatcher.join()
    with service.uow_factory() as uow:
        webhook = uow.deliveries.get(slow.id)
        assert (webhook.status, webhook.last_error) == ("retrying", "webhook receiver did not answer within 2 s")
    assert time.monotonic() - started < 3.5
