"""Helpers for the integration tests: bodies, calls and what the outbox holds."""
from __future__ import annotations

import json

from sqlalchemy import func, select

BODY = {"customer": {"id": "C-001", "name": "Acme Paper"}, "category": "quality", "channel": "email",
        "description": "Cartons crack at the fold.", "product": {"code": "BOX-7", "batch": "B2602",
                                                               "production_date": "2026-02-20"},
        "quantity_affected": 20, "returned_quantity": 10, "loss_amount": "1200.50"}
STEPS = {
    "containment": {"action": "Quarantine stock, replace 200 cartons."},
    "analysis": {"root_cause": "Board moisture too low.", "cause_category": "material", "responsibility": "company",
                 "responsible_department": "purchasing"},
    "action-plan": {"corrective_action": "Condition board 24 h.", "preventive_action": "Moisture check at receipt."},
    "implementation": {"note": "Conditioning room in use."},
    "verification": {"effective": True, "note": "No cracks in the next three lots."},
}


def events(ctx, event_type: str | None = None) -> list[dict]:
    """The envelopes in the outbox, oldest first: of one type, or all but the customer archive's (a customer
    new to the archive, announced when a complaint first names it, is asked for by its type)."""
    outbox = ctx.tables.outbox
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.payload).order_by(outbox.c.id)).scalars()
        found = [json.loads(row) for row in rows]
    if event_type is None:
        return [e for e in found if not e["type"].startswith("complaints.customer.")]
    return [e for e in found if e["type"] == event_type]


def count(ctx, table) -> int:
    """Rows in `table`."""
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def create(api, auth, **overrides) -> dict:
    """POST a complaint; assert it was created."""
    response = api.post("/api/v1/complaints", json={**BODY, **overrides}, headers=auth("quality"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def step(api, auth, complaint_id, name: str, body: dict | None = None, *, roles=("quality",), headers=None):
    """POST one lifecycle step and return the response."""
    return api.post(f"/api/v1/complaints/{complaint_id}/{name}", json=STEPS.get(name, {}) if body is None else body,
                    headers={**auth(*roles), **(headers or {})})


def problem(response, status: int) -> dict:
    """Assert a problem-details response with `status`."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/problem+json"
    return response.get_json()
