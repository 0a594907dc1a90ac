"""A complaint created in the complaints service becomes an email read back from a real SMTP server."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
import requests
from aiosmtpd.controller import Controller

from qms_shared import testing


class Inbox:
    """Keeps what the SMTP server accepted."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"smtp://127.0.0.1:{port}?from=qms@factory.example"
    controller.stop()


def test_a_new_complaint_emails_the_owner_department(start_smtp_suite):
    suite, inbox = start_smtp_suite
    notifications = lambda path: suite.url("notifications", path)  # noqa: E731
    admin = suite.headers("admin")
    assert requests.post(notifications("/api/v1/admin/defaults"), json={}, headers=admin, timeout=10).status_code == 200
    for person in ({"name": "王质量", "email": "wang@factory.example", "department": "quality", "locale": "zh-CN"},
                   {"name": "Jane Quality", "email": "jane@factory.example", "department": "quality", "locale": "en"},
                   {"name": "Chen Sales", "email": "chen@factory.example", "department": "sales"}):
        assert requests.post(notifications("/api/v1/recipients"), json=person, headers=admin, timeout=10).status_code == 201

    created = requests.post(suite.url("complaints", "/api/v1/complaints"), headers=suite.headers("sales"), timeout=10,
                            json={"customer": {"id": "C-7", "name": "华强电子"}, "category": "quality",
                                  "description": "Solder joints crack after thermal cycling"})
    assert created.status_code == 201, created.text
    number = created.json()["number"]

    testing.wait_until(lambda: len(inbox.messages) >= 2, timeout=30)
    by_address = {m["To"]: m for m in inbox.messages}
    assert set(by_address) == {"wang@factory.example", "jane@factory.example"}
    assert by_address["wang@factory.example"]["Subject"] == f"新客户投诉 {number}：华强电子"
    jane = by_address["jane@factory.example"]
    assert jane["Subject"] == f"New customer complaint {number}: 华强电子"
    assert "Owner department: quality" in jane.get_body(("plain",)).get_content()

    def sent():  # recorded just after the server accepted them
        body = requests.get(notifications("/api/v1/deliveries?status=sent"), headers=admin, timeout=10).json()
        return body["total"] == 2 and body
    deliveries = testing.wait_until(sent, timeout=10)
    assert {d["event_type"] for d in deliveries["items"]} == {"complaints.complaint.received"}


@pytest.fixture
def start_smtp_suite(start_suite, smtp):
    inbox, url = smtp
    suite = start_suite(["complaints", "notifications"], extra_env={"notifications": {"SMTP_URL": url}})
    return suite, inbox
