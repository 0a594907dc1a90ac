"""End to end: a complaint walked from receipt to closure against the running complaints service
(gunicorn API + worker, real PostgreSQL and RabbitMQ); the events it published reach the broker, in order,
each valid against the catalogue."""
from __future__ import annotations

import requests

from qms_shared.catalogue import Catalogue
from qms_shared.config import Config
from qms_shared.testing import ProbeQueue

BODY = {"customer": {"id": "C-42", "name": "Initech"}, "category": "quality", "channel": "returned_goods",
        "description": "Labels peel off after a week.", "product": {"code": "LBL-3", "batch": "L77",
                                                                   "production_date": "2026-01-05"},
        "quantity_affected": 800, "returned_quantity": 600, "loss_amount": "4300.00"}
STEPS = [
    ("containment", {"action": "Stop shipments of L77, send 600 replacements."}),
    ("analysis", {"root_cause": "Adhesive batch past shelf life.", "cause_category": "material",
                  "responsibility": "supplier", "responsible_department": "purchasing"}),
    ("action-plan", {"corrective_action": "Scrap adhesive lot.", "preventive_action": "FIFO check at receipt."}),
    ("implementation", {"note": "Done on the 12th."}),
    ("verification", {"effective": False, "note": "Peeling again on L79."}),
    ("analysis", {"root_cause": "Storage room too warm.", "cause_category": "environment",
                  "responsibility": "company", "responsible_department": "production"}),
    ("action-plan", {"corrective_action": "Air-condition store.", "preventive_action": "Log temperature."}),
    ("implementation", {"note": "Installed."}),
    ("verification", {"effective": True, "note": "Three lots without peeling."}),
]


def test_a_complaint_from_receipt_to_closure_publishes_every_step(start_suite):
    suite = start_suite(["complaints"])
    probe = ProbeQueue(Config(service="complaints").with_overrides(suite.broker), "complaints.#")
    try:
        created = requests.post(suite.url("complaints", "/api/v1/complaints"), json=BODY,
                                headers=suite.headers("sales"), timeout=10)
        assert created.status_code == 201, created.text
        complaint = created.json()
        assert complaint["incident_class"] == "major"  # 600 returned >= 500
        for name, body in STEPS:
            response = requests.post(suite.url("complaints", f"/api/v1/complaints/{complaint['id']}/{name}"),
                                     json=body, headers=suite.headers("quality"), timeout=10)
            assert response.status_code == 200, (name, response.text)
        final = requests.get(suite.url("complaints", f"/api/v1/complaints/{complaint['id']}"),
                             headers=suite.headers("viewer"), timeout=10).json()
        assert final["status"] == "closed" and final["reopen_count"] == 1 and len(final["history"]) == 10

        expected = ["complaint.received", "incident.classified", "major_incident.raised", "complaint.contained",
                    "complaint.analysed", "complaint.action_planned", "complaint.implemented", "complaint.verified",
                    "complaint.reopened", "complaint.analysed", "complaint.action_planned",
                    "complaint.implemented", "complaint.verified", "complaint.closed"]
        # the customer, new to the archive, is announced too (complaints.customer.created, to be completed)
        everything = probe.messages(len(expected) + 1, timeout=30)
        assert [m["type"] for m in everything if m["type"].startswith("complaints.customer.")] == [
            "complaints.customer.created"]
        received = [m for m in everything if not m["type"].startswith("complaints.customer.")]
        assert [m["type"].split(".", 1)[1] for m in received] == expected
        catalogue = Catalogue.of_package("complaints")
        for message in received:
            catalogue.validate(message)
            assert message["subject"] == complaint["id"] and message["source"] == "complaints"
            assert message["data"]["number"] == complaint["number"]
        assert received[-1]["data"]["reason"] == "verified_effective"
        assert received[8]["data"]["reopen_count"] == 1
        assert probe.count() == 0  # nothing published twice
    finally:
        probe.close()


def test_the_deadline_scan_publishes_one_overdue_event_per_missed_due_date(start_suite):
    # the worker's own periodic scan (real time, long after March) must not run during the test
    suite = start_suite(["complaints"], {"complaints": {"QMS_DEADLINE_SCAN_INTERVAL": "3600"}})
    probe = ProbeQueue(Config(service="complaints").with_overrides(suite.broker), "complaints.complaint.overdue")
    try:
        body = {**BODY, "returned_quantity": 5, "received_at": "2026-03-02T09:00:00+08:00"}
        complaint = requests.post(suite.url("complaints", "/api/v1/complaints"), json=body,
                                  headers=suite.headers("sales"), timeout=10).json()
        scan_url = suite.url("complaints", "/api/v1/admin/deadline-scan")
        for as_of in ("2026-03-05T09:00:00+08:00", "2026-03-06T09:00:00+08:00", "2026-03-17T09:00:00+08:00"):
            assert requests.post(scan_url, json={"as_of": as_of}, headers=suite.headers("admin"),
                                 timeout=10).status_code == 200
        received = probe.messages(2, timeout=30)
        assert [(m["data"]["deadline"], m["data"]["escalation_level"]) for m in received] == [
            ("containment", 1), ("corrective_action", 2)]
        assert all(m["subject"] == complaint["id"] for m in received)
        assert probe.messages(1, timeout=2) == []
    finally:
        probe.close()
