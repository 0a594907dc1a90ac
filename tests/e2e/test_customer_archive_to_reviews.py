"""The customer archive (complaints) tells reviews who is an existing customer: a complaint naming a customer
new to the archive, and a customer import, both reach the reviews consumer as `complaints.customer.created`.

Real processes (gunicorn APIs and workers) on real PostgreSQL and RabbitMQ; the services share only events.
"""
from __future__ import annotations

import requests
from sqlalchemy import create_engine, text

from qms_shared import testing

LINE = {"product_code": "E2E-BOX", "product_name": "Carton", "quantity": "10", "unit_price": "2.50",
        "requested_delivery_date": "2026-12-20"}


def _known(suite) -> dict:
    engine = create_engine(suite.database_url("reviews"))
    try:
        with engine.connect() as conn:
            return dict(conn.execute(text("SELECT customer_id, name FROM known_customers")).all())
    finally:
        engine.dispose()


def _reasons(suite, customer: dict) -> list[str]:
    response = requests.post(suite.url("reviews", "/api/v1/contracts"), headers=suite.headers("sales"), timeout=5,
                             json={"customer": customer, "salesperson": "Zhang San", "source": "written",
                                   "currency": "CNY", "lines": [LINE]})
    assert response.status_code == 201, response.text
    return [r["code"] for r in response.json()["type_reasons"]]


def test_customers_the_archive_learns_are_existing_customers_for_reviews(start_suite):
    suite = start_suite(["complaints", "reviews"])
    assert "new_customer" in _reasons(suite, {"id": "C-E2E-0", "name": "Stranger"})
    complaint = requests.post(suite.url("complaints", "/api/v1/complaints"), headers=suite.headers("sales"),
                              timeout=5, json={"customer": {"id": "C-E2E-1", "name": "Newcomer Ltd"},
                                               "category": "delivery", "description": "late"})
    assert complaint.status_code == 201, complaint.text
    imported = requests.post(suite.url("complaints", "/api/v1/imports/customers"), headers=suite.headers("sales"),
                             timeout=5, json={"rows": [{"id": "C-E2E-2", "name": "Imported Co", "grade": "A"}]})
    assert imported.status_code == 201, imported.text
    known = testing.wait_until(lambda: len(k := _known(suite)) >= 2 and k, timeout=30)
    assert known == {"C-E2E-1": "Newcomer Ltd", "C-E2E-2": "Imported Co"}
    for customer_id in known:
        assert "new_customer" not in _reasons(suite, {"id": customer_id, "name": known[customer_id]})
