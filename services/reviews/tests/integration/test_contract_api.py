"""Submitting and reading contracts over HTTP on real PostgreSQL: classification, events, bad input."""
from __future__ import annotations

import uuid

from reviews_api import LINE, body, outbox, outbox_types, problem, submit


def test_submitting_a_first_order_makes_it_special_with_its_reasons(client, auth, ctx):
    created = submit(client, auth)
    assert created["number"].startswith("CT-") and created["status"] == "under_review"
    assert created["type"] == "special"
    assert created["type_reasons"] == [{"code": "product_never_delivered", "product_code": "P-100"},
                                       {"code": "new_customer"}]
    assert created["required_departments"][-1] == "general_manager"
    assert created["compliance"] == {"status": "unknown", "products": [{"product_code": "P-100", "status": "unknown"}],
                                     "checklist": [], "waiver": None}
    assert created["lines"][0]["amount"] == "2500.00" and created["total_amount"] == "2500.00"
    assert created["revisions"][0]["number"] == 1
    types = outbox_types(ctx)
    # one request names the six departments that review now; the general manager is asked after them
    assert types == ["reviews.contract.submitted", "reviews.review.requested"]


def test_read_returns_the_contract_with_an_etag(client, auth):
    created = submit(client, auth)
    response = client.get(f"/api/v1/contracts/{created['id']}", headers=auth("viewer"))
    assert response.status_code == 200 and response.headers["ETag"] == f'"{created["version"]}"'
    assert response.get_json()["reviews"]["sales"]["status"] == "pending"


def test_events_carry_what_a_notification_needs(client, auth, ctx):
    created = submit(client, auth)
    requested = [e for e in outbox(ctx) if e["type"] == "reviews.review.requested"][0]
    assert requested["subject"] == created["id"]
    assert requested["data"]["number"] == created["number"]
    assert requested["data"]["customer"] == {"id": "C-1", "name": "Acme Ltd"}
    assert requested["version"] == 2 and requested["data"]["due_at"]
    assert requested["data"]["departments"] == ["sales", "production", "purchasing", "quality", "engineering",
                                                "finance"]


def test_missing_and_malformed_fields_are_422_and_write_nothing(client, auth, ctx):
    bad = body(source="email", currency="yuan", lines=[{**LINE, "quantity": "0", "unit_price": "x"}])
    errors = problem(client.post("/api/v1/contracts", json=bad, headers=auth("sales")), 422)["errors"]
    assert {"source", "currency", "lines.0.unit_price"} <= set(errors)
    errors = problem(client.post("/api/v1/contracts", json=body(lines=[{**LINE, "quantity": "0"}]),
                                 headers=auth("sales")), 422)["errors"]
    assert "lines.0.quantity" in errors
    problem(client.post("/api/v1/contracts", json=body(lines=[]), headers=auth("sales")), 422)
    problem(client.post("/api/v1/contracts", json={**body(), "colour": "red"}, headers=auth("sales")), 422)
    problem(client.post("/api/v1/contracts", json=body(lines=[{**LINE, "requested_delivery_date": "20-12-2026"}]),
                        headers=auth("sales")), 422)
    problem(client.post("/api/v1/contracts", json=[1, 2], headers=auth("sales")), 422)
    assert outbox(ctx) == []


def test_huge_numbers_are_refused_not_500(client, auth):
    problem(client.post("/api/v1/contracts", json=body(lines=[{**LINE, "quantity": "1" * 30}]),
                        headers=auth("sales")), 422)


def test_only_sales_submits(client, auth):
    problem(client.post("/api/v1/contracts", json=body(), headers=auth("production")), 403)
    problem(client.post("/api/v1/contracts", json=body()), 401)


def test_unknown_contract_is_404(client, auth):
    problem(client.get(f"/api/v1/contracts/{uuid.uuid4()}", headers=auth("viewer")), 404)
    problem(client.post(f"/api/v1/contracts/{uuid.uuid4()}/decision", json={"outcome": "rejected", "reason": "x"},
                        headers=auth("sales")), 404)


def test_idempotency_key_returns_the_first_contract(client, auth, ctx):
    headers = {**auth("sales"), "Idempotency-Key": "order-77"}
    first = client.post("/api/v1/contracts", json=body(), headers=headers)
    second = client.post("/api/v1/contracts", json=body(), headers=headers)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert outbox_types(ctx).count("reviews.contract.submitted") == 1
