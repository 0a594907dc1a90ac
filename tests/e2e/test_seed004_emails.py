"""Seed 004 end to end on running processes (gunicorn API + worker, PostgreSQL, RabbitMQ, a real SMTP server):
a complaint recorded with 5 pieces failing at the customer's assembly opens its emergency by itself (重大质量问题
应急预案 §三.2), which e-mails the general manager and the management representative at once; a correction
request reaches the supplier's contact in its language."""
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

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def mail_suite(start_suite):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        suite = start_suite(["complaints", "notifications"], extra_env={"notifications": {
            "SMTP_URL": f"smtp://127.0.0.1:{port}?from=qms@factory.example",
            "QMS_OUTBOUND_ALLOWED_NETWORKS": "127.0.0.1/32"}})
        yield suite, inbox
    finally:
        controller.stop()


def _post(suite, service: str, path: str, body: dict, *roles: str) -> dict:
    response = requests.post(suite.url(service, f"/api/v1{path}"), json=body, headers=suite.headers(*roles),
                             timeout=10)
    assert response.status_code in (200, 201), (path, response.status_code, response.text)
    return response.json()


def test_an_emergency_from_five_pieces_failing_at_assembly_mails_the_general_manager_at_once(mail_suite):
    suite, inbox = mail_suite
    _post(suite, "notifications", "/admin/defaults", {}, "admin")
    for person in ({"name": "赵总", "email": "gm@factory.example", "roles": ["general_manager"], "locale": "zh-CN"},
                   {"name": "Mary Rep", "email": "rep@factory.example", "roles": ["management_rep"], "locale": "en"},
                   {"name": "Lily Wu", "email": "lily@fasteners.example", "locale": "en"}):
        _post(suite, "notifications", "/recipients", person, "admin")

    complaint = _post(suite, "complaints", "/complaints", {
        "customer": {"id": "C-9", "name": "华东汽车"}, "category": "quality", "channel": "visit",
        "description": "5 brackets crack when fitted on the assembly line.",
        "product": {"code": "BRK-12", "batch": "B0302"}, "quantity_affected": 5, "assembly_failures": 5}, "sales")
    # nobody opens the emergency: the complaint's figures did, in the complaint's own transaction
    found = requests.get(suite.url("complaints", f"/api/v1/emergencies?source_id={complaint['id']}"),
                         headers=suite.headers("quality"), timeout=10)
    assert found.status_code == 200, found.text
    (emergency,) = found.json()["items"]
    assert (emergency["conditions"], emergency["source"]["number"]) == (["assembly_batch_failure"], complaint["number"])
    assert emergency["history"][0]["details"]["trigger"]["reason"] == "assembly_failures"

    testing.wait_until(lambda: inbox.to("gm@factory.example") and inbox.to("rep@factory.example"), timeout=30)
    (gm,) = inbox.to("gm@factory.example")
    assert gm["Subject"] == f"【重大质量问题】{emergency['number']}：华东汽车 BRK-12"
    assert "装机不良数量：5" in gm.get_body(("plain",)).get_content()
    (rep,) = inbox.to("rep@factory.example")
    assert rep["Subject"] == f"[Major quality problem] {emergency['number']}: 华东汽车 BRK-12"

    # the supplier's contact hears of its correction request, in the supplier's language
    _post(suite, "complaints", "/suppliers", {"code": "SUP-018", "name": "Dongguan Fasteners", "locale": "en",
                                              "contacts": [{"name": "Lily Wu", "email": "lily@fasteners.example"}]},
          "purchasing")
    lot = _post(suite, "complaints", "/incoming-nonconformances", {
        "supplier_code": "SUP-018", "material_code": "M-5520", "lot": "L-07", "quantity_received": 1000,
        "quantity_inspected": 80, "quantity_nonconforming": 3, "defect_class": "B", "defect_kind": "performance",
        "description": "Pitch out of tolerance."}, "quality")
    _post(suite, "complaints", f"/incoming-nonconformances/{lot['id']}/confirmation",
          {"engineer": "Liu", "department_head": "Zhao"}, "quality")
    request = _post(suite, "complaints", f"/incoming-nonconformances/{lot['id']}/correction-request", {}, "quality")
    testing.wait_until(lambda: inbox.to("lily@fasteners.example"), timeout=30)
    (lily,) = inbox.to("lily@fasteners.example")
    assert lily["Subject"].startswith(f"Supplier correction request {request['number']}: reply due ")
