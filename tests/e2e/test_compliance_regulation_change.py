"""A regulation change turns a product non-compliant, and the other services hear of it.

Real processes (gunicorn APIs and workers) on real PostgreSQL and RabbitMQ: compliance re-evaluates on
`PATCH regulations/{id}`, reports the impact, opens a nonconformance, and its events put the open
contract for that product on compliance hold in the reviews service.
"""
from __future__ import annotations

from datetime import date, timedelta

import requests
from sqlalchemy import create_engine, text

from qms_shared import testing

LEAD = "7439-92-1"
CODE = "E2E-RELAY-7"


def _get(suite, service: str, path: str) -> dict:
    response = requests.get(suite.url(service, path), headers=suite.headers("viewer"), timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def _outbox(suite, service: str) -> list[str]:
    engine = create_engine(suite.database_url(service))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT event_type FROM outbox ORDER BY id")).scalars())
    finally:
        engine.dispose()


def _china_rohs_in_force(day: date) -> str:
    """The shipped China RoHS version that applies on `day` (its amendment from 2026, the 2025 standard from 2027-08)."""
    return "GB-26572-2025" if day >= date(2027, 8, 1) else "GB/T-26572-AMD1" if day >= date(2026, 1, 1) else "GB/T-26572"


def test_tightening_a_limit_turns_a_product_non_compliant_everywhere(start_suite):
    suite = start_suite(["compliance", "reviews"])
    quality = suite.headers("quality")
    regulation = requests.post(suite.url("compliance", "/api/v1/regulations"), headers=quality, timeout=10, json={
        "code": "E2E-ROHS", "title": "Lead limit for the e2e test", "jurisdiction": "EU",
        "effective_date": (date.today() - timedelta(days=30)).isoformat(),
        "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 1000}]})
    assert regulation.status_code == 201, regulation.text
    contract = requests.post(suite.url("reviews", "/api/v1/contracts"), headers=suite.headers("sales"), timeout=10, json={
        "customer": {"id": "C-E2E", "name": "Acme Ltd"}, "salesperson": "Li Si", "source": "written",
        "currency": "CNY", "lines": [{"product_code": CODE, "product_name": "Relay 12V", "quantity": "500",
                                      "unit_price": "8.20", "requested_delivery_date": "2026-12-20"}]})
    assert contract.status_code == 201, contract.text
    path = f"/api/v1/contracts/{contract.json()['id']}"
    assert _get(suite, "reviews", path)["compliance"]["status"] == "unknown"  # compliance has said nothing yet

    # the product's first result reaches reviews as an event, then the change moves it again
    product = requests.post(suite.url("compliance", "/api/v1/products"), headers=quality, timeout=10, json={
        "code": CODE, "name": "Relay 12V", "customer_ids": ["C-E2E"], "test_report_date": date.today().isoformat(),
        # the supplier declares the solder compliant for every other restricted group (issue 18: a group
        # neither listed nor covered by such a statement makes the product partially compliant)
        "materials": [{"name": "solder", "declared_compliant": True,
                       "substances": [{"cas": LEAD, "concentration": "0.08", "unit": "percent"}]}]})
    assert product.status_code == 201 and product.json()["status"] == "compliant", product.text
    testing.wait_until(lambda: _get(suite, "reviews", path)["compliance"]["status"] == "clear", timeout=30)

    changed = requests.patch(suite.url("compliance", f"/api/v1/regulations/{regulation.json()['id']}"),
                             headers={**quality, "If-Match": str(regulation.json()["lock_version"])}, timeout=30,
                             json={"limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["impact"]["changes"] == [{"product_id": product.json()["id"], "product_code": CODE,
                                                    "previous": "compliant", "status": "non_compliant"}]
    evaluation = _get(suite, "compliance", f"/api/v1/products/{product.json()['id']}/evaluation")
    # the shipped EU and China RoHS still allow 1000 ppm; our tightened regulation does not
    assert sorted((r["source"], r["limit_ppm"], r["verdict"]) for r in evaluation["reasons"]) == [
        ("E2E-ROHS", 500.0, "limit_exceeded"), ("EU-ROHS", 1000.0, "within_limit"),
        (_china_rohs_in_force(date.today()), 1000.0, "within_limit")]
    assert {r["value_ppm"] for r in evaluation["reasons"]} == {800.0}
    ncs = _get(suite, "compliance", "/api/v1/nonconformances?status=open")
    assert [nc["product_code"] for nc in ncs["items"]] == [CODE]

    held = testing.wait_until(lambda: (c := _get(suite, "reviews", path))["compliance"]["status"] == "hold" and c,
                              timeout=30)
    assert held["compliance"]["products"] == [{"product_code": CODE, "status": "non_compliant"}]
    published = _outbox(suite, "compliance")
    assert {"compliance.regulation.changed", "compliance.product.status_changed",
            "compliance.nonconformance.opened"} <= set(published)
    assert "reviews.compliance_hold.placed" in _outbox(suite, "reviews")
