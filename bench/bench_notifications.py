"""Notifications benchmark: events on the broker to emails accepted by a local SMTP server.

Run with `make bench` (or `cd bench && ../.venv/bin/python bench_notifications.py`). Prints, from
one run, side by side:
- raw floor: the same number of emails sent straight with smtplib over one reused session;
- the service: 1,000 `complaints.complaint.received` events waiting on the broker, drained by a
  real `qms-notifications worker` process into 1,000 emails (rate, ratio to the floor, duplicates);
- latency from publishing an event to the SMTP server accepting its email, at a fixed 50 events/s,
  next to the raw smtplib send latency at the same rate.
Medians of repeated rounds; nothing asserts a time.
"""
from __future__ import annotations

import json
import os
import re
import signal
import smtplib
import socket
import subprocess
import threading
import time
import uuid
from email.message import EmailMessage

import kombu
import requests
from aiosmtpd.controller import Controller
from amqp import Message

from common import BIN, median, percentile, print_table
from suite import Suite

from qms_shared import testing
from qms_shared.config import Config
from qms_shared.envelope import new_envelope

N_EVENTS = int(os.environ.get("BENCH_NOTIFICATION_EVENTS", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
RATE = 50
# Worker processes consuming the one queue; leases (SKIP LOCKED) keep them from sending twice.
WORKERS = int(os.environ.get("BENCH_NOTIFICATION_WORKERS", "2"))
SECONDS = int(os.environ.get("BENCH_LATENCY_SECONDS", "10"))
NUMBER = re.compile(r"CP-\d{4}-(\d{6})")


class Inbox:
    """aiosmtpd handler noting when each message was accepted, by complaint number."""

    def __init__(self):
        self.accepted: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        found = NUMBER.search(envelope.content.decode("utf-8", "replace"))
        with self.lock:
            self.accepted.append((time.perf_counter(), found.group(1) if found else "?"))
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def reset(self) -> None:
        with self.lock:
            self.accepted = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def event(n: int) -> dict:
    return new_envelope(source="complaints", type="complaints.complaint.received", subject=str(uuid.uuid4()), data={
        "number": f"CP-2026-{n:06d}", "customer": {"id": "C-1", "name": "ACME"}, "category": "quality",
        "owner_department": "quality", "status": "received", "received_at": "2026-03-02T09:00:00+08:00"})


class Publisher:
    """One confirmed channel to the suite's exchange, as the complaints service's broker user (the
    consumer parks an event its own service's user did not publish as forged)."""

    def __init__(self, config):
        self.config = config
        self.user = testing.broker_users()["complaints"]
        self.conn = kombu.Connection(testing.broker_url_for("complaints"))
        self.conn.connect()
        self.channel = self.conn.connection.channel()

    def publish(self, env: dict) -> None:
        self.channel.basic_publish_confirm(
            Message(json.dumps(env), delivery_mode=2, content_type="application/json", message_id=env["id"],
                    user_id=self.user),
            exchange=self.config.exchange, routing_key=env["type"], confirm_timeout=10)

    def close(self) -> None:
        self.conn.release()


def raw_smtp_rate(port: int, inbox: Inbox) -> float:
    """Emails/s sent with smtplib over one session: the floor for any SMTP sender."""
    inbox.reset()
    client = smtplib.SMTP("127.0.0.1", port)
    started = time.perf_counter()
    for n in range(N_EVENTS):
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "qms@bench.example", "q@bench.example", f"CP-2026-{n:06d}"
        mail.set_content("raw")
        client.send_message(mail)
    elapsed = time.perf_counter() - started
    client.quit()
    return N_EVENTS / elapsed


def raw_smtp_latency(port: int) -> list[float]:
    """Send latency of smtplib at RATE messages/s over one session."""
    client, out = smtplib.SMTP("127.0.0.1", port), []
    for n in range(RATE * SECONDS):
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "qms@bench.example", "q@bench.example", f"CP-2026-{n:06d}"
        mail.set_content("raw")
        started = time.perf_counter()
        client.send_message(mail)
        out.append(time.perf_counter() - started)
        time.sleep(max(0.0, 1 / RATE - out[-1]))
    client.quit()
    return out


def worker_names(suite: Suite) -> list[str]:
    return [name for name in suite.procs if name.startswith("notifications-worker")]


def stop_worker(suite: Suite) -> None:
    for name in worker_names(suite):
        suite.procs[name].send_signal(signal.SIGTERM)
    for name in worker_names(suite):
        suite.procs[name].wait(30)


def start_worker(suite: Suite) -> None:
    for n in range(WORKERS):
        name = "notifications-worker" if n == 0 else f"notifications-worker-{n}"
        suite.procs[name] = subprocess.Popen([str(BIN / "qms-notifications"), "worker"],
                                             env=suite._env_cache["notifications"])


def service_rate(suite: Suite, publisher: Publisher, inbox: Inbox, first: int) -> dict:
    """N_EVENTS events waiting on the broker, then the worker starts: emails/s and duplicates."""
    stop_worker(suite)
    inbox.reset()
    for n in range(first, first + N_EVENTS):
        publisher.publish(event(n))
    started = time.perf_counter()
    start_worker(suite)
    testing.wait_until(lambda: inbox.count() >= N_EVENTS, timeout=300, interval=0.01)
    time.sleep(1.0)  # let any duplicate show itself
    stamps = sorted(t for t, _ in inbox.accepted)
    numbers = [number for _, number in inbox.accepted]
    return {"with_start": N_EVENTS / (stamps[N_EVENTS - 1] - started),
            "steady": (N_EVENTS - 1) / (stamps[N_EVENTS - 1] - stamps[0]),
            "duplicates": len(numbers) - len(set(numbers)), "emails": len(numbers)}


def service_latency(publisher: Publisher, inbox: Inbox, first: int) -> list[float]:
    """Publish-to-accepted latency at RATE events/s."""
    inbox.reset()
    published: dict[str, float] = {}
    count = RATE * SECONDS
    for n in range(first, first + count):
        started = time.perf_counter()
        published[f"{n:06d}"] = started
        publisher.publish(event(n))
        time.sleep(max(0.0, 1 / RATE - (time.perf_counter() - started)))
    testing.wait_until(lambda: inbox.count() >= count, timeout=60, interval=0.01)
    return [at - published[number] for at, number in inbox.accepted if number in published]


def prepare(suite: Suite) -> None:
    url, admin = suite.url("notifications"), suite.headers("admin")
    requests.post(f"{url}/api/v1/admin/defaults", json={}, headers=admin, timeout=30).raise_for_status()
    requests.post(f"{url}/api/v1/recipients", json={"name": "Bench Quality", "email": "q@bench.example",
                                                    "department": "quality"}, headers=admin, timeout=10).raise_for_status()


def main() -> None:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    suite = Suite(["notifications"], {"notifications": {
        "SMTP_URL": f"smtp://127.0.0.1:{port}?from=qms@bench.example", "LOG_LEVEL": "WARNING",
        "QMS_VALIDATE_EVENTS": "false", "QMS_PREFETCH": "200"}}).start()
    publisher = Publisher(Config(service="notifications").with_overrides(suite.broker))
    try:
        prepare(suite)
        raw = median([raw_smtp_rate(port, inbox) for _ in range(ROUNDS)])
        stop_worker(suite)
        start_worker(suite)
        testing.wait_until(lambda: suite._consuming("notifications"), timeout=60)
        runs = [service_rate(suite, publisher, inbox, first=1 + r * N_EVENTS) for r in range(ROUNDS)]
        testing.wait_until(lambda: suite._consuming("notifications"), timeout=60)
        raw_lat = raw_smtp_latency(port)
        lat = service_latency(publisher, inbox, first=1 + ROUNDS * N_EVENTS)
    finally:
        publisher.close()
        suite.stop()
        controller.stop()
    report(raw, runs, raw_lat, lat)


def report(raw: float, runs: list[dict], raw_lat: list[float], lat: list[float]) -> None:
    """Print both tables."""
    steady, with_start = median([r["steady"] for r in runs]), median([r["with_start"] for r in runs])
    print_table(f"notifications: {N_EVENTS} events on the broker -> emails, {WORKERS} worker process(es), "
                f"median of {ROUNDS}", [
        ("raw smtplib, one session (floor)", raw, "mails/s", ""),
        ("service, worker draining the queue (steady)", steady, "mails/s", f"x{steady / raw:.2f} of raw"),
        ("service, including worker start", with_start, "mails/s", ""),
        ("duplicates (all rounds)", float(sum(r["duplicates"] for r in runs)), "mails", f"of {sum(r['emails'] for r in runs)}"),
    ])
    print_table(f"notifications: event -> email latency at {RATE} events/s for {SECONDS}s", [
        ("raw smtplib send p50", percentile(raw_lat, 50) * 1000, "ms", ""),
        ("raw smtplib send p99", percentile(raw_lat, 99) * 1000, "ms", ""),
        ("service publish -> SMTP accepted p50", percentile(lat, 50) * 1000, "ms", ""),
        ("service publish -> SMTP accepted p99", percentile(lat, 99) * 1000, "ms",
         f"x{percentile(lat, 99) / percentile(raw_lat, 99):.0f} of raw p99"),
        ("emails received / events published", float(len(lat)), "mails", f"of {RATE * SECONDS}"),
    ])


if __name__ == "__main__":
    main()
