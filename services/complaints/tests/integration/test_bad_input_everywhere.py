"""Every writing endpoint answers garbage with a problem-details 4xx, never a 500, and writes nothing."""
from __future__ import annotations

import json
import uuid

import pytest
from complaints_api import create, events

GARBAGE = ["{not json", "[]", "null", "42", '"text"', json.dumps({"unexpected": 1}),
           json.dumps({"customer": [], "amount": {}, "answers": "x", "year": "2026", "effective": "no",
                       "as_of": 5, "new_due_at": [], "returned_quantity": 10**30, "loss_amount": "1e400",
                       "customer_ids": [None], "deadline": None}),
           json.dumps({"description": "x" * 200_000}), json.dumps({"loss_amount": "NaN", "amount": "Infinity"})]
# every role these endpoints name (admin approves nothing): each request reaches its validation, never a 403
ROLES = ("quality", "sales", "general_manager", "finance", "admin")


@pytest.fixture
def targets(api, auth):
    complaint = create(api, auth)
    claim = api.post("/api/v1/claims", json={"complaint_id": complaint["id"], "amount": "10", "description": "x"},
                     headers=auth("sales")).get_json()
    survey = api.post("/api/v1/surveys", json={"year": 2026, "customer_ids": ["A"]}, headers=auth("sales")).get_json()
    c, cl, s = complaint["id"], claim["id"], survey["id"]
    return [("POST", "/api/v1/complaints")] + [("POST", f"/api/v1/complaints/{c}/{step}") for step in (
        "containment", "analysis", "action-plan", "implementation", "verification", "explanation", "extension")] + [
        ("PATCH", f"/api/v1/complaints/{c}"), ("POST", "/api/v1/claims"), ("POST", "/api/v1/praises"),
        ("POST", "/api/v1/surveys"), ("POST", f"/api/v1/surveys/{s}/responses"), ("POST", "/api/v1/admin/deadline-scan"),
        ("POST", f"/api/v1/corrective-actions/{uuid.uuid4()}/closure")] + [
        ("POST", f"/api/v1/claims/{cl}/{step}") for step in ("analysis", "approval", "customer-response", "settlement")]


def test_garbage_is_always_a_problem_4xx_and_writes_nothing(api, auth, ctx, targets):
    before = len(events(ctx))
    for method, path in targets:
        for body in GARBAGE:
            response = api.open(path, method=method, data=body, content_type="application/json",
                                headers=auth(*ROLES))
            assert 400 <= response.status_code < 500, (method, path, body[:60], response.get_data(as_text=True))
            assert response.status_code != 403, (method, path, body[:60], response.get_data(as_text=True))
            assert response.mimetype == "application/problem+json"
    assert len(events(ctx)) == before
