"""Documented bounds (issue 17, finding 7): an extreme number or date is a 422 naming its field, never a 500
and never a write; `as_of` no later than now; the register's search takes `%` and `_` literally."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from reviews_api import LINE, body, outbox, problem, submit

FAR_FUTURE, TOO_EARLY = "9999-12-31", "0001-01-01"


def _refused(response, *fields: str) -> dict:
    found = problem(response, 422)
    assert set(fields) <= set(found["errors"]), found
    return found


@pytest.mark.parametrize("field, value", [
    ("unit_price", "1e30"), ("quantity", "1e400"), ("quantity", "1e999999999"), ("unit_price", "-1"),
    ("quantity", "1000000000000"),  # 13 whole digits: beyond the documented 12
    ("unit_price", "123456789012345"),  # 15 whole digits: beyond the documented 14
    ("requested_delivery_date", FAR_FUTURE), ("requested_delivery_date", TOO_EARLY),
    ("requested_delivery_date", "1899-12-31"),
])
def test_a_contract_line_out_of_bounds_is_422_naming_the_field(client, auth, ctx, field, value):
    before = len(outbox(ctx))
    _refused(client.post("/api/v1/contracts", json=body(lines=[{**LINE, field: value}]), headers=auth("sales")),
             f"lines.0.{field}")
    contract = submit(client, auth)
    _refused(client.post(f"/api/v1/contracts/{contract['id']}/amendments",
                         json={"lines": [{**LINE, field: value}], "reason": "x"}, headers=auth("sales")),
             f"lines.0.{field}")
    assert len(outbox(ctx)) == before + 2  # the one valid submission's events only


def test_the_largest_documented_line_is_accepted_and_kept_exactly(client, auth):
    line = {**LINE, "quantity": "999999999999.999", "unit_price": "99999999999999.9999",
            "requested_delivery_date": "2999-12-31"}
    created = submit(client, auth, lines=[line])
    assert (created["lines"][0]["quantity"], created["lines"][0]["unit_price"]) == \
        ("999999999999.999", "99999999999999.9999")
    assert created["lines"][0]["amount"] == "99999999999999899900000000.00"


@pytest.mark.parametrize("query", [f"submitted_to={FAR_FUTURE}", f"submitted_from={FAR_FUTURE}",
                                   f"submitted_from={TOO_EARLY}", f"submitted_to={TOO_EARLY}"])
def test_register_date_filters_are_bounded(client, auth, query):
    _refused(client.get(f"/api/v1/contracts?{query}", headers=auth("viewer")), query.split("=")[0])


def test_register_date_filters_at_the_bounds_answer(client, auth):
    submit(client, auth)
    listing = client.get("/api/v1/contracts?submitted_from=1900-01-01&submitted_to=2999-12-31", headers=auth("viewer"))
    assert listing.status_code == 200 and listing.get_json()["total"] == 1


def test_review_and_register_dates_are_bounded(client, auth):
    contract = submit(client, auth)
    _refused(client.post(f"/api/v1/contracts/{contract['id']}/reviews/production",
                         json={"opinion": "approve", "delivery_date": FAR_FUTURE}, headers=auth("production")),
             "delivery_date")
    sample = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "sample_name": "Carton", "quantity": 1,
              "salesperson": "Zhang San"}
    _refused(client.post("/api/v1/samples", json={**sample, "sent_on": TOO_EARLY}, headers=auth("sales")), "sent_on")
    sent = client.post("/api/v1/samples", json={**sample, "sent_on": "2026-11-02"}, headers=auth("sales")).get_json()
    _refused(client.post(f"/api/v1/samples/{sent['id']}/result", json={"result": "approved", "on": FAR_FUTURE},
                         headers=auth("sales")), "on")
    item = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "name": "Die", "quantity": 1, "received_by": "Wang"}
    _refused(client.post("/api/v1/customer-property", json={**item, "received_on": FAR_FUTURE},
                         headers=auth("sales")), "received_on")


@pytest.mark.parametrize("as_of", ["9999-12-31T00:00:00+00:00", "2999-12-31T00:00:00+00:00",
                                   "0001-01-01T00:00:00+00:00"])
def test_a_deadline_scan_of_the_future_or_before_1900_is_refused(client, auth, ctx, as_of):
    contract = submit(client, auth)
    _refused(client.post("/api/v1/admin/deadline-scan", json={"as_of": as_of}, headers=auth("admin")), "as_of")
    read = client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json()
    assert not any(r["overdue"] for r in read["reviews"].values())
    assert "reviews.review.overdue" not in [e["type"] for e in outbox(ctx)]


def test_a_deadline_scan_of_now_within_the_leeway_answers(client, auth):
    soon = (datetime.now(timezone.utc) + timedelta(minutes=1)).isoformat()
    assert client.post("/api/v1/admin/deadline-scan", json={"as_of": soon}, headers=auth("system")).status_code == 200
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    _refused(client.post("/api/v1/admin/deadline-scan", json={"as_of": tomorrow}, headers=auth("system")), "as_of")


def test_the_register_search_takes_wildcards_literally(client, auth):
    submit(client, auth, customer={"id": "C-1", "name": "A_B Trading"})
    submit(client, auth, customer={"id": "C-2", "name": "AxB Trading"})
    submit(client, auth, customer={"id": "C-3", "name": "100% Paper"})
    names = lambda q: sorted(c["customer"]["name"] for c in client.get(  # noqa: E731
        "/api/v1/contracts", query_string={"q": q}, headers=auth("viewer")).get_json()["items"])
    assert names("A_B") == ["A_B Trading"]
    assert names("%") == ["100% Paper"]
    assert names("\\") == []
    assert names("trading") == ["A_B Trading", "AxB Trading"]


def test_an_imported_delivery_before_1900_is_refused(client, auth):
    row = {"customer_id": "C-9", "customer_name": "Gamma", "product_code": "P-9", "delivered_on": TOO_EARLY,
           "quantity": "10", "source_document": "DN-1", "line": 1}
    refused = _refused(client.post("/api/v1/imports/deliveries", json={"rows": [row]}, headers=auth("sales")),
                       "rows.1.delivered_on")
    assert refused["report"]["added"] == 0
