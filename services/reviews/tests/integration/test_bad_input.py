"""Malformed requests on every endpoint get a problem-details 4xx, never a 500, and write nothing."""
from __future__ import annotations

import uuid

import pytest

from reviews_api import outbox, submit

GARBAGE = [None, [], "text", 42, {"unexpected": True}, {"opinion": None}, {"outcome": ["accepted"]},
           {"reason": "x" * 20_000}, {"lines": "many"}, {"lines": [{}]}, {"as_of": "not a time"},
           {"quantity": -5, "result": 7}, {"confirmed_by": ""}]
ROLES = ["sales", "production", "quality", "general_manager", "admin"]


def _paths(contract_id):
    some = uuid.uuid4()
    return [
        "/api/v1/contracts", f"/api/v1/contracts/{contract_id}/reviews/sales",
        f"/api/v1/contracts/{contract_id}/reviews/production", f"/api/v1/contracts/{contract_id}/decision",
        f"/api/v1/contracts/{contract_id}/amendments", f"/api/v1/contracts/{contract_id}/waiver",
        f"/api/v1/contracts/{contract_id}/confirmation",
        f"/api/v1/contracts/{contract_id}/checklist/{some}/acknowledgement",
        "/api/v1/samples", f"/api/v1/samples/{some}/result", "/api/v1/customer-property",
        f"/api/v1/customer-property/{some}/issue", "/api/v1/admin/deadline-scan",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_garbage_bodies_are_4xx_problems(client, auth, ctx, role):
    contract = submit(client, auth)
    before = len(outbox(ctx))
    for path in _paths(contract["id"]):
        for body in GARBAGE:
            if body is None and path.endswith("deadline-scan"):
                continue  # an empty body is valid there: scan as of now
            response = client.post(path, json=body, headers=auth(role, sub=f"u-{role}"))
            assert 400 <= response.status_code < 500, (path, body, response.status_code, response.get_data(True))
            assert response.mimetype == "application/problem+json"
    assert len(outbox(ctx)) == before


def test_garbage_queries_and_headers_are_4xx(client, auth):
    contract = submit(client, auth)
    for query in ("page=0", "page=x", "per_page=-1", "status=unknown", "q=", "submitted_to=2026-13-01"):
        response = client.get(f"/api/v1/contracts?{query}", headers=auth("viewer"))
        assert 400 <= response.status_code < 500, (query, response.status_code)
    for if_match in ("abc", '"-1"', "W/", '""'):
        response = client.post(f"/api/v1/contracts/{contract['id']}/reviews/sales", json={"opinion": "approve"},
                               headers={**auth("sales"), "If-Match": if_match})
        assert response.status_code == 412, (if_match, response.status_code)
    response = client.post(f"/api/v1/contracts/{contract['id']}/reviews/sales", data=b"\xff\xfe{",
                           headers={**auth("sales"), "Content-Type": "application/json"})
    assert response.status_code == 400
