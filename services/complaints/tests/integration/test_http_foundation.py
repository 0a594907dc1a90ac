"""The HTTP guarantees of the foundation, seen through the complaints API on real PostgreSQL."""
from __future__ import annotations

import uuid

from openapi_spec_validator import validate
from sqlalchemy import func, select

BODY = {"customer": {"id": "C-1", "name": "ACME"}, "category": "quality", "description": "scratched housing"}


def _outbox_count(ctx):
    """The complaint events in the outbox (a customer new to the archive is announced apart)."""
    outbox = ctx.tables.outbox
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(
            outbox.c.event_type.notlike("complaints.customer.%"))).scalar_one()


def _is_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def test_no_token_is_401_problem(client):
    _is_problem(client.post("/api/v1/complaints", json=BODY), 401)


def test_bad_token_is_401_problem(client):
    body = _is_problem(client.get("/api/v1/complaints", headers={"Authorization": "Bearer nonsense"}), 401)
    assert "not valid" in body["detail"]


def test_token_signed_with_another_secret_is_401(client):
    from qms_shared.web.auth import mint_token
    token = mint_token("another-secret-of-at-least-32-bytes-long", sub="mallory", roles=["admin"])
    _is_problem(client.get("/api/v1/complaints", headers={"Authorization": f"Bearer {token}"}), 401)


def test_wrong_role_is_403_problem(client, auth):
    body = _is_problem(client.post("/api/v1/complaints", json=BODY, headers=auth("finance")), 403)
    assert "quality" in body["detail"]


def test_missing_field_is_422_naming_it_and_writes_nothing(client, auth, ctx):
    body = _is_problem(client.post("/api/v1/complaints", json={"category": "quality"}, headers=auth()), 422)
    assert set(body["errors"]) >= {"customer", "description"}
    assert _outbox_count(ctx) == 0


def test_unknown_field_and_bad_enum_are_422(client, auth):
    body = _is_problem(client.post("/api/v1/complaints", json={**BODY, "colour": "red", "category": "x"},
                                   headers=auth()), 422)
    assert "colour" in body["errors"] and "category" in body["errors"]


def test_nested_field_errors_are_named_by_path(client, auth):
    body = _is_problem(client.post("/api/v1/complaints", json={**BODY, "customer": {"id": "C-1"}},
                                   headers=auth()), 422)
    assert "customer.name" in body["errors"]


def test_malformed_json_is_400_problem(client, auth):
    response = client.post("/api/v1/complaints", data="{not json", headers={**auth(), "Content-Type": "application/json"})
    _is_problem(response, 400)


def test_unknown_path_is_404_problem_and_wrong_method_405(client, auth):
    _is_problem(client.get("/api/v1/nothing-here", headers=auth()), 404)
    response = client.delete("/api/v1/complaints", headers=auth())
    _is_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_unknown_id_is_404_problem(client, auth):
    _is_problem(client.get(f"/api/v1/complaints/{uuid.uuid4()}", headers=auth()), 404)


def test_create_writes_the_row_and_its_event_together(client, auth, ctx):
    response = client.post("/api/v1/complaints", json=BODY, headers={**auth(), "X-Correlation-ID": "corr-42"})
    assert response.status_code == 201
    created = response.get_json()
    assert created["number"].startswith("CP-") and created["owner_department"] == "quality"
    assert response.headers["X-Correlation-ID"] == "corr-42"
    import json
    with ctx.db.engine.connect() as conn:
        payload = json.loads(conn.execute(select(ctx.tables.outbox.c.payload).where(
            ctx.tables.outbox.c.event_type != "complaints.customer.created")).scalar_one())
    assert payload["type"] == "complaints.complaint.received"
    assert payload["subject"] == created["id"] and payload["correlation_id"] == "corr-42"


def test_same_idempotency_key_and_body_returns_the_first_response_and_creates_nothing(client, auth, ctx):
    headers = {**auth(), "Idempotency-Key": "abc-123"}
    first = client.post("/api/v1/complaints", json=BODY, headers=headers)
    second = client.post("/api/v1/complaints", json=BODY, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert _outbox_count(ctx) == 1
    other = client.post("/api/v1/complaints", json={**BODY, "description": "other"}, headers=headers)
    _is_problem(other, 422)


def test_list_is_paged(client, auth):
    for _ in range(3):
        client.post("/api/v1/complaints", json=BODY, headers=auth())
    body = client.get("/api/v1/complaints?page=2&per_page=2", headers=auth("viewer")).get_json()
    assert body["total"] == 3 and body["page"] == 2 and body["per_page"] == 2 and len(body["items"]) == 1
    _is_problem(client.get("/api/v1/complaints?per_page=201", headers=auth()), 422)


def test_health_ready_metrics_and_openapi_need_no_token(client):
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"] == {"database": "ok", "broker": "ok"}
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "qms_outbox_backlog" in metrics and "qms_http_requests_total" in metrics
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert "/api/v1/complaints" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/docs/static/swagger-ui-bundle.js").status_code == 200


def test_readyz_names_the_broker_when_it_is_down(overrides, ctx):
    from complaints.entrypoints.app import create_app
    app = create_app({**overrides, "broker_url": "amqp://guest:guest@127.0.0.1:1//"})
    response = app.test_client().get("/readyz")
    body = _is_problem(response, 503)
    assert body["checks"]["database"] == "ok" and body["checks"]["broker"].startswith("down")
    assert "broker" in body["detail"]


def test_api_keeps_answering_while_the_broker_is_down(overrides, ctx, auth):
    from complaints.entrypoints.app import create_app
    app = create_app({**overrides, "broker_url": "amqp://guest:guest@127.0.0.1:1//"})
    response = app.test_client().post("/api/v1/complaints", json=BODY, headers=auth())
    assert response.status_code == 201
    assert _outbox_count(ctx) == 1


def test_concurrent_requests_with_one_idempotency_key_create_one_complaint(app, auth, ctx):
    import threading
    headers = {**auth(), "Idempotency-Key": "race-1"}
    statuses = []

    def post():
        statuses.append(app.test_client().post("/api/v1/complaints", json=BODY, headers=headers).status_code)
    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _outbox_count(ctx) == 1
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}


def test_readyz_reports_the_years_whose_working_days_are_computed(client, monkeypatch):
    from datetime import datetime, timezone
    from qms_shared.web import health
    monkeypatch.setattr(health, "utcnow", lambda: datetime(2026, 12, 7, tzinfo=timezone.utc))
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready" and 2027 in body["calendar"]["provisional_years"]
