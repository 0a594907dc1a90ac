"""Hostile and forged messages on the exchange stop no consumer and change nothing.

Real processes (gunicorn APIs and workers) on real PostgreSQL and RabbitMQ, each service connected as its
own broker user; the hostile messages are published as a client that may publish on the exchange would.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import requests

from qms_shared import deadletters, testing
from qms_shared.config import Config
from qms_shared.envelope import dumps, new_envelope

RECEIVED = "complaints.complaint.received"


def _dead_letters(suite, service: str) -> list[dict]:
    config = Config(service=service).with_overrides({**suite.broker, "broker_url": testing.broker_url_for(service)})
    return deadletters.list_dead_letters(config)


def test_hostile_messages_are_parked_and_an_environmental_complaint_still_reaches_compliance(start_suite):
    suite = start_suite(["complaints", "compliance"])
    config = Config(service="complaints").with_overrides(suite.broker)
    valid = new_envelope(source="complaints", type=RECEIVED, subject="x", data={"category": "environmental"})
    hostile = ["not json {", json.dumps({"type": 5}), "[" * 50_000 + "]" * 50_000,
               dumps({**valid, "data": "a string"})]
    for body in hostile:
        testing.publish_raw(config, RECEIVED, body)
    testing.publish_raw(config, RECEIVED, "still not json", headers={"x-qms-attempts": "many"})
    testing.publish_raw(config, RECEIVED, dumps(valid), as_service="intruder")  # forged: not complaints' user

    created = requests.post(suite.url("complaints", "/api/v1/complaints"), headers=suite.headers("sales"), timeout=5,
                            json={"customer": {"id": "C-E2E", "name": "Acme"}, "category": "environmental",
                                  "description": "Lead found in the coating by the customer's lab"})
    assert created.status_code == 201, created.text

    def recorded():
        response = requests.get(suite.url("compliance", "/api/v1/interested-party-records"),
                                headers=suite.headers("quality"), timeout=5)
        items = response.json()["items"]
        return [r for r in items if r["source_reference"] in (created.json()["id"], created.json()["number"])]
    started = datetime.now(timezone.utc)
    assert testing.wait_until(recorded, timeout=20)
    assert datetime.now(timezone.utc) - started < timedelta(seconds=20)
    dead = testing.wait_until(lambda: len(_dead_letters(suite, "compliance")) >= 6
                              and _dead_letters(suite, "compliance"), timeout=20)
    errors = [d["error"] for d in dead]
    assert len(errors) == 6
    assert sum(e.startswith("not an event envelope") for e in errors) == 5
    assert sum(e.startswith("forged: user") for e in errors) == 1
    assert len(recorded()) == 1  # the forged copy of an environmental complaint recorded nothing


def test_a_forged_compliance_result_is_parked_and_leaves_the_contract_on_hold(start_suite):
    suite = start_suite(["reviews"])
    config = Config(service="reviews").with_overrides(suite.broker)
    code = "E2E-FORGED-1"

    def evaluated(status: str, at: datetime) -> dict:
        return new_envelope(source="compliance", type="compliance.product.evaluated", subject=code,
                            data={"code": code, "name": "Carton", "status": status, "previous_status": None,
                                  "evaluated_at": at.isoformat(), "trigger": "declaration",
                                  "evaluation_id": "00000000-0000-0000-0000-000000000001", "customer_ids": [],
                                  "reasons": []})
    now = datetime.now(timezone.utc)
    genuine = evaluated("non_compliant", now)
    testing.publish_raw(config, genuine["type"], dumps(genuine))  # as the compliance service's user
    contract = requests.post(suite.url("reviews", "/api/v1/contracts"), headers=suite.headers("sales"), timeout=5,
                             json={"customer": {"id": "C-E2E", "name": "Acme Ltd"}, "salesperson": "Zhang San",
                                   "source": "written", "currency": "CNY",
                                   "lines": [{"product_code": code, "product_name": "Carton", "quantity": "10",
                                              "unit_price": "2.50", "requested_delivery_date": "2027-03-01"}]})
    assert contract.status_code == 201, contract.text

    def read():
        return requests.get(suite.url("reviews", f"/api/v1/contracts/{contract.json()['id']}"),
                            headers=suite.headers("viewer"), timeout=5).json()
    assert testing.wait_until(lambda: read()["compliance"]["status"] == "hold", timeout=20)

    forged = evaluated("compliant", now + timedelta(days=365))
    testing.publish_raw(config, forged["type"], dumps(forged), as_service="intruder")
    dead = testing.wait_until(lambda: _dead_letters(suite, "reviews"), timeout=20)
    assert [d["id"] for d in dead] == [forged["id"]] and dead[0]["error"].startswith("forged: user")
    assert read()["compliance"]["status"] == "hold"
