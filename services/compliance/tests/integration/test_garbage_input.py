"""Garbage to every writing endpoint is a problem-details 4xx and writes nothing, never a 500."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from compliance_api import EU_ROHS, clear_reference_data, create, product_body

GARBAGE = [None, [], "text", 42, {"materials": "x"}, {"limits": [None]}, {"limits": [{"cas": None}]},
           {"customer": []}, {"materials": [{"name": None, "substances": [None]}]},
           {"materials": [{"name": "m", "substances": [{"cas": "7439-92-1", "concentration": [], "unit": 3}]}]},
           {"effective_date": "2026-02-30"}, {"exemptions": [{"code": "", "cas": "x", "expires_on": 5}]},
           {"status": "verified"}, {"corrective_action": None}, {"owner_department": "kitchen"},
           {"as_of": "soon"}, {"reviewed_on": []}, {"response": ""}, {"note": {}}, {"year": "x"}]


def _tables(ctx) -> dict[str, int]:
    with ctx.db.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in
                ("regulations", "customer_requirements", "interested_party_records", "products", "evaluations",
                 "nonconformances", "impact_reports", "outbox")}


@pytest.fixture
def ids(ctx, client, auth):
    clear_reference_data(ctx)
    regulation = create(client, auth, "regulations", EU_ROHS)
    product = create(client, auth, "products", product_body(lead=5000))
    requirement = create(client, auth, "customer-requirements", {
        "customer": {"id": "C-1", "name": "Acme"}, "category": "other", "text": "Label in Chinese"})
    record = create(client, auth, "interested-party-records", {
        "party_name": "EPB", "party_type": "authority", "kind": "requirement", "description": "x",
        "received_on": "2026-01-01"})
    [nc] = client.get("/api/v1/nonconformances", headers=auth()).get_json()["items"]
    return {"regulation": regulation["id"], "product": product["id"], "requirement": requirement["id"],
            "record": record["id"], "nc": nc["id"]}


def _writes(ids):
    return [("post", "/api/v1/regulations"), ("patch", f"/api/v1/regulations/{ids['regulation']}"),
            ("post", f"/api/v1/regulations/{ids['regulation']}/review"), ("post", "/api/v1/customer-requirements"),
            ("patch", f"/api/v1/customer-requirements/{ids['requirement']}"),
            ("post", "/api/v1/interested-party-records"),
            ("post", f"/api/v1/interested-party-records/{ids['record']}/closure"), ("post", "/api/v1/products"),
            ("patch", f"/api/v1/products/{ids['product']}"), ("post", f"/api/v1/products/{ids['product']}/declarations"),
            ("post", "/api/v1/nonconformances"), ("post", f"/api/v1/nonconformances/{ids['nc']}/action-plan"),
            ("post", f"/api/v1/nonconformances/{ids['nc']}/reassignment"),
            ("post", f"/api/v1/nonconformances/{ids['nc']}/closure"), ("post", "/api/v1/admin/reevaluation")]


def test_garbage_bodies_are_4xx_problems_and_change_nothing(ctx, client, auth, ids):
    before = _tables(ctx)
    for method, path in _writes(ids):  # quality passes every role check here: the body is what is refused
        for body in GARBAGE:
            response = getattr(client, method)(path, data=json.dumps(body), content_type="application/json",
                                               headers=auth("quality"))
            assert 400 <= response.status_code < 500, (method, path, body, response.get_data(as_text=True))
            assert response.status_code != 403 and response.mimetype == "application/problem+json", (method, path)
        broken = getattr(client, method)(path, data=b"\xff{", content_type="application/json",
                                         headers=auth("quality"))
        assert broken.status_code == 400, (method, path)
    assert _tables(ctx) == before


@pytest.mark.parametrize("path", ["/api/v1/products/not-a-uuid", "/api/v1/regulations/00000000-0000-0000-0000-000000000000",
                                  "/api/v1/evaluations/00000000-0000-0000-0000-000000000000",
                                  "/api/v1/impact-reports/00000000-0000-0000-0000-000000000000",
                                  "/api/v1/products?per_page=500", "/api/v1/products?page=0",
                                  "/api/v1/reports/annual?year=1900"])
def test_bad_reads_are_4xx_problems(client, auth, path):
    response = client.get(path, headers=auth("viewer"))
    assert response.status_code in (404, 422) and response.mimetype == "application/problem+json"
