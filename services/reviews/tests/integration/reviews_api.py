"""Helpers of the reviews integration tests: request bodies and a client that walks a contract through review.

A uniquely named module (not conftest) so tests import it without clashing with other services' helpers.
"""
from __future__ import annotations

import json
import threading
import uuid

from sqlalchemy import select

from qms_shared.consumer import EventConsumer
from qms_shared.envelope import new_envelope

LINE = {"product_code": "P-100", "product_name": "Carton 5-ply", "model": "A4", "quantity": "1000",
        "unit_price": "2.50", "requested_delivery_date": "2026-12-20"}
CONTRACT = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "salesperson": "Zhang San", "region": "East",
            "source": "written", "currency": "CNY", "payment_terms": "30 days net", "lines": [LINE]}
SPECIAL_DEPARTMENTS = ["sales", "production", "purchasing", "quality", "engineering", "finance"]


def body(**overrides) -> dict:
    """A valid contract body with `overrides` applied."""
    return {**CONTRACT, **overrides}


def problem(response, status: int) -> dict:
    """Assert a problem+json answer with `status` and return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


def submit(client, auth, **overrides) -> dict:
    """POST a contract and return it."""
    response = client.post("/api/v1/contracts", json=body(**overrides), headers=auth("sales"))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def review(client, auth, contract_id, department, opinion="approve", **extra):
    """POST a department's review as a user of that department."""
    payload = {"opinion": opinion, **extra}
    if department == "production" and opinion != "reject":
        payload.setdefault("delivery_date", "2026-12-18")
    return client.post(f"/api/v1/contracts/{contract_id}/reviews/{department}", json=payload,
                       headers=auth(department, sub=f"u-{department}", name=department.title()))


def approve_all(client, auth, contract: dict) -> dict:
    """Approve every pending department, the general manager last; return the contract."""
    pending = [d for d in contract["pending_departments"] if d != "general_manager"]
    for department in pending + [d for d in contract["pending_departments"] if d == "general_manager"]:
        response = review(client, auth, contract["id"], department)
        assert response.status_code == 200, response.get_data(as_text=True)
    return client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json()


def decide(client, auth, contract_id, outcome, reason=None, role="sales"):
    """POST a decision."""
    return client.post(f"/api/v1/contracts/{contract_id}/decision", json={"outcome": outcome, "reason": reason},
                       headers=auth(role))


def outbox(ctx) -> list[dict]:
    """Every event written to the outbox, in order."""
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(select(ctx.tables.outbox.c.payload).order_by(ctx.tables.outbox.c.id)).scalars()
        return [json.loads(row) for row in rows]


def outbox_types(ctx) -> list[str]:
    """The types of the outbox events, in order."""
    return [event["type"] for event in outbox(ctx)]


def event_sender(ctx, source: str):
    """A function applying another service's events as the worker's consumer would (inbox row and changes in
    one transaction): `send(type, data, subject=None, event_id=None)` returns the outcome's kind."""
    consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                             tables=ctx.tables, stop=threading.Event())

    def send(event_type: str, data: dict, subject=None, event_id: str | None = None) -> str:
        env = new_envelope(source=source, type=event_type, subject=subject or uuid.uuid4(), data=data)
        if event_id:
            env["id"] = event_id
        outcome = consumer.apply(json.dumps(env))
        assert outcome.error is None, outcome.error
        return outcome.kind
    return send
