"""The worker on the real broker: events in, emails out, own events published; SMTP outages survived."""
from __future__ import annotations

import json
import re

import pytest

from qms_shared import testing
from qms_shared.envelope import new_envelope
from qms_shared.worker import Worker

from notifications.bootstrap import bootstrap
from notifications.domain import commands


@pytest.fixture
def overrides(overrides, smtp_server):
    _, server = smtp_server
    return {**overrides, "smtp_url": server.url, "retry_base_seconds": 0.2, "retry_cap_seconds": 0.5,
            "retry_max_attempts": 20}


@pytest.fixture
def worker(ctx, overrides):
    service = bootstrap(overrides)
    service.bus.handle(commands.LoadDefaults())
    service.bus.handle(commands.RegisterRecipient({"name": "Wang Quality", "email": "wang@factory.example",
                                                   "department": "quality"}))
    running = Worker(service)
    running.start()
    testing.wait_until(lambda: running.consumer.ready.is_set(), timeout=20)
    probe = testing.ProbeQueue(service.config, "notifications.#")
    yield service, probe
    running.shutdown(timeout=10)
    probe.close()
    testing.delete_topology(service.config)


def received(number: str):
    return new_envelope(source="complaints", type="complaints.complaint.received", subject=number, data={
        "number": number, "customer": {"id": "C-1", "name": "ACME"}, "category": "quality",
        "owner_department": "quality", "status": "received", "received_at": "2026-03-02T09:00:00+08:00"})


def test_events_on_the_broker_become_emails_once_each(worker, smtp_server):
    service, probe = worker
    inbox, _ = smtp_server
    events = [received(f"CP-2026-{n:06d}") for n in range(1, 6)]
    # Two are delivered twice by the broker; the last one, consumed after them (one queue, in
    # order), marks the point where every duplicate has been handled.
    for env in events + events[:2] + [received("CP-2026-000006")]:
        testing.publish_raw(service.config, env["type"], json.dumps(env), env["id"])
    testing.wait_until(lambda: len(inbox.messages) >= 6, timeout=20)
    published = probe.messages(6, timeout=10)
    assert sorted(re.search(r"CP-\d{4}-\d{6}", m["Subject"]).group() for m in inbox.messages) == \
        [f"CP-2026-{n:06d}" for n in range(1, 7)]
    assert [m["type"] for m in published] == ["notifications.delivery.sent"] * 6


def test_an_smtp_outage_delays_but_never_loses_an_email(worker, smtp_server):
    service, _ = worker
    inbox, server = smtp_server
    server.stop()
    env = received("CP-2026-000099")
    testing.publish_raw(service.config, env["type"], json.dumps(env), env["id"])

    def retrying():
        with service.uow_factory() as uow:
            items, _ = uow.deliveries.list(offset=0, limit=10)
            return items and items[0].status == "retrying" and len(items[0].attempts) >= 2
    testing.wait_until(retrying, timeout=20)
    server.start()
    testing.wait_until(lambda: len(inbox.messages) == 1, timeout=20)
    assert "CP-2026-000099" in inbox.messages[0]["Subject"]
