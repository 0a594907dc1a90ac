"""A product turning non-compliant in the compliance service puts an open contract on hold in reviews.

Real processes (gunicorn APIs and workers) on real PostgreSQL and RabbitMQ; the two services share
nothing but events.
"""
from __future__ import annotations

from datetime import date, timedelta

import requests
from sqlalchemy import create_engine, text

from qms_shared import testing

LEAD = "7439-92-1"
CODE = "E2E-CARTON-1"


def _product(lead_ppm: int) -> dict:
    return {"materials": [{"name": "solder", "substances": [{"cas": LEAD, "concentration": lead_ppm, "unit": "ppm"}]}],
            "test_report_date": date.today().isoformat(), "supplier_declaration_date": date.today().isoformat()}


def _contract(suite, contract_id) -> dict:
    response = requests.get(suite.url("reviews", f"/api/v1/contracts/{contract_id}"),
                            headers=suite.headers("viewer"), timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def _published(suite, event_type: str) -> list[str]:
    engine = create_engine(suite.database_url("reviews"))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT payload FROM outbox WHERE event_type = :t"), {"t": event_type})
                        .scalars())
    finally:
        engine.dispose()


def test_product_turning_non_compliant_puts_the_open_contract_on_hold(start_suite):
    suite = start_suite(["compliance", "reviews"])
    # A lead limit of our own, so the test does not depend on which reference regulations are shipped.
    requests.post(suite.url("compliance", "/api/v1/regulations"), headers=suite.headers("quality"), timeout=5, json={
        "code": "E2E-PB", "title": "Lead limit for the e2e test", "jurisdiction": "EU",
        "effective_date": (date.today() - timedelta(days=30)).isoformat(),
        "limits": [{"cas": LEAD, "substance": "lead", "max_ppm": 1000}]})
    product = requests.post(suite.url("compliance", "/api/v1/products"), headers=suite.headers("quality"),
                            json={"code": CODE, "name": "Carton 5-ply", **_product(50)}, timeout=5)
    assert product.status_code == 201, product.text

    contract = requests.post(suite.url("reviews", "/api/v1/contracts"), headers=suite.headers("sales"), timeout=5, json={
        "customer": {"id": "C-E2E", "name": "Acme Ltd"}, "salesperson": "Zhang San", "source": "written",
        "currency": "CNY", "lines": [{"product_code": CODE, "product_name": "Carton 5-ply", "quantity": "1000",
                                      "unit_price": "2.50", "requested_delivery_date": "2026-12-20"}]})
    assert contract.status_code == 201, contract.text
    contract_id = contract.json()["id"]

    known = testing.wait_until(lambda: _contract(suite, contract_id)["compliance"]["products"][0]["status"]
                               != "unknown", timeout=30)
    assert known
    assert _contract(suite, contract_id)["compliance"]["status"] == "clear"

    declared = requests.post(suite.url("compliance", f"/api/v1/products/{product.json()['id']}/declarations"),
                             headers=suite.headers("quality"), json=_product(5000), timeout=5)
    assert declared.status_code in (200, 201), declared.text

    held = testing.wait_until(lambda: (c := _contract(suite, contract_id))["compliance"]["status"] == "hold" and c,
                              timeout=30)
    assert held["compliance"]["products"] == [{"product_code": CODE, "status": "non_compliant"}]
    assert "compliance_hold" in held["blockers"] and held["status"] == "under_review"
    placed = _published(suite, "reviews.compliance_hold.placed")
    assert len(placed) == 1 and CODE in placed[0]
