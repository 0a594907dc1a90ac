"""Customer requirements, interested parties, nonconformances, the yearly report and the daily check."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from compliance.domain.commands import ReevaluateAll
from compliance_api import EU_ROHS, LEAD, clear_reference_data, create, outbox_types, product_body
from qms_shared.envelope import new_envelope, utcnow


@pytest.fixture(autouse=True)
def register(ctx, client, auth):
    clear_reference_data(ctx)
    create(client, auth, "regulations", EU_ROHS)


CSR = {"customer": {"id": "C-1", "name": "Acme"}, "category": "environmental", "text": "Lead below 500 ppm",
       "source_document": "Acme green spec rev C", "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}]}


def test_a_stricter_customer_limit_moves_only_that_customers_products(client, auth):
    ours = create(client, auth, "products", product_body(code="OURS", lead=800))
    theirs = create(client, auth, "products", product_body(code="THEIRS", lead=800, customer_ids=["C-2"]))
    requirement = create(client, auth, "customer-requirements", CSR, roles=("sales",))
    assert requirement["number"].startswith("CSR-") and requirement["status"] == "identified"
    assert [c["product_code"] for c in requirement["impact"]["changes"]] == ["OURS"]
    assert requirement["impact"]["evaluated"] == 1  # only the customer's products are in scope
    get = lambda p: client.get(f"/api/v1/products/{p['id']}", headers=auth()).get_json()["status"]
    assert (get(ours), get(theirs)) == ("non_compliant", "compliant")


def test_the_requirement_status_moves_one_step_at_a_time(ctx, client, auth):
    requirement = create(client, auth, "customer-requirements", {**CSR, "limits": []})
    path = f"/api/v1/customer-requirements/{requirement['id']}"
    skipped = client.patch(path, json={"status": "verified"}, headers=auth())
    assert skipped.status_code == 409 and skipped.get_json()["allowed"] == ["reviewed"]
    for status in ("reviewed", "communicated", "verified"):
        response = client.patch(path, json={"status": status, "note": f"now {status}"}, headers=auth())
        assert response.status_code == 200 and response.get_json()["status"] == status
    history = client.get(path, headers=auth()).get_json()["history"]
    assert [(h["from"], h["to"]) for h in history] == [(None, "identified"), ("identified", "reviewed"),
                                                        ("reviewed", "communicated"), ("communicated", "verified")]
    assert outbox_types(ctx).count("compliance.customer_requirement.changed") == 3


def test_limits_on_a_non_environmental_requirement_are_refused(client, auth):
    response = client.post("/api/v1/customer-requirements", json={**CSR, "category": "dimension"}, headers=auth())
    assert response.status_code == 422 and "limits" in response.get_json()["errors"]


def test_an_nc_runs_from_open_through_action_to_closure(ctx, client, auth):
    product = create(client, auth, "products", product_body(lead=5000))
    [nc] = client.get(f"/api/v1/nonconformances?product_id={product['id']}", headers=auth()).get_json()["items"]
    assert nc["status"] == "open" and "solder: Lead [7439-92-1] 5000 ppm > 1000 ppm (EU-TEST)" in nc["description"]
    path = f"/api/v1/nonconformances/{nc['id']}"
    early = client.post(f"{path}/closure", json={"note": "ok"}, headers=auth())
    assert early.status_code == 409
    assert client.post(f"{path}/reassignment", json={"owner_department": "purchasing"},
                       headers=auth()).get_json()["owner_department"] == "purchasing"
    outsider = client.post(f"{path}/action-plan", json={"corrective_action": "Change solder supplier"},
                           headers=auth("sales"))
    assert outsider.status_code == 403 and outsider.get_json()["type"] == "urn:qms:problem:Forbidden"
    assert client.post(f"{path}/action-plan", json={"corrective_action": "Change solder supplier"},
                       headers=auth("purchasing")).status_code == 200
    assert client.post(f"{path}/closure", json={"note": "lot 42 tested 30 ppm"}, headers=auth("purchasing")).status_code == 403
    closed = client.post(f"{path}/closure", json={"note": "lot 42 tested 30 ppm"}, headers=auth()).get_json()
    assert closed["status"] == "closed" and [h["to"] for h in closed["history"]][-1] == "closed"
    # a second evaluation of the still non-compliant product opens a new NC, since none is open now
    client.post(f"/api/v1/products/{product['id']}/evaluation", headers=auth())
    assert client.get("/api/v1/nonconformances?status=open", headers=auth()).get_json()["total"] == 1
    assert outbox_types(ctx).count("compliance.nonconformance.opened") == 2


def test_re_evaluating_a_product_that_stays_non_compliant_opens_no_second_nc(client, auth):
    product = create(client, auth, "products", product_body(lead=5000))
    client.post(f"/api/v1/products/{product['id']}/evaluation", headers=auth())
    assert client.get("/api/v1/nonconformances", headers=auth()).get_json()["total"] == 1


def test_the_daily_check_catches_an_expiring_exemption(ctx, client, auth):
    [regulation] = client.get("/api/v1/regulations", headers=auth()).get_json()["items"]
    expiry = (date.today() + timedelta(days=400)).isoformat()
    client.patch(f"/api/v1/regulations/{regulation['id']}", headers=auth(), json={
        "exemptions": [{"code": "6(c)", "cas": LEAD, "expires_on": expiry}]})
    body = product_body(lead=30000)
    body["materials"][0]["exemptions"] = ["6(c)"]
    product = create(client, auth, "products", body)
    assert product["status"] == "compliant"
    # the worker's daily job on the days to come (its clock's date); over HTTP, as_of cannot be in the future
    daily = lambda days: ctx.bus.handle(ReevaluateAll(trigger="daily", at=utcnow(),
                                                      as_of=date.today() + timedelta(days=days)))
    assert [c["status"] for c in daily(300).changes] == ["partially_compliant"]
    assert [c["status"] for c in daily(401).changes] == ["non_compliant"]
    assert client.post("/api/v1/admin/reevaluation", json={}, headers=auth("viewer")).status_code == 403


def test_interested_party_records_are_logged_and_closed(client, auth):
    record = create(client, auth, "interested-party-records", {
        "party_name": "District EPB", "party_type": "authority", "kind": "administrative_penalty",
        "description": "Fine for wastewater", "received_on": "2026-01-10"})
    path = f"/api/v1/interested-party-records/{record['id']}"
    closed = client.post(f"{path}/closure", json={"response": "Paid and fixed"}, headers=auth()).get_json()
    assert closed["status"] == "closed"
    assert client.post(f"{path}/closure", json={"response": "again"}, headers=auth()).status_code == 409
    bad = client.post("/api/v1/interested-party-records", json={"party_name": "x"}, headers=auth())
    assert bad.status_code == 422


def _complaint_event(category: str) -> dict:
    return new_envelope(source="complaints", type="complaints.complaint.received", subject="c-42", data={
        "number": "CP-2026-000042", "customer": {"id": "C-1", "name": "Acme"}, "category": category,
        "owner_department": "quality", "status": "received", "received_at": "2026-03-01T08:00:00+00:00",
        "description": "Cd found in the housing", "product": {"code": "RLY-9", "batch": "B1"}})


def test_an_environmental_complaint_event_is_logged_once(ctx, client, auth):
    from qms_shared.consumer import EventConsumer
    import threading
    consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                             tables=ctx.tables, stop=threading.Event())
    event = _complaint_event("environmental")
    assert consumer.apply(json.dumps(event)).kind == "applied"
    assert consumer.apply(json.dumps(event)).kind == "duplicate"
    assert consumer.apply(json.dumps(_complaint_event("delivery"))).kind == "applied"
    records = client.get("/api/v1/interested-party-records?source=complaints", headers=auth()).get_json()
    assert records["total"] == 1
    record = records["items"][0]
    assert (record["party_name"], record["kind"], record["source_reference"], record["received_on"]) == (
        "Acme", "complaint", "c-42", "2026-03-01")
    assert record["description"] == "Environmental complaint CP-2026-000042: Cd found in the housing (product RLY-9)"
    assert "compliance.interested_party_record.recorded" in outbox_types(ctx)


def test_the_annual_report_as_json_and_html(client, auth):
    create(client, auth, "products", product_body(code="GOOD", lead=10))
    create(client, auth, "products", product_body(code="BAD", lead=5000))
    year = date.today().year
    report = client.get(f"/api/v1/reports/annual?year={year}", headers=auth("viewer")).get_json()
    assert report["products"]["by_status"]["non_compliant"] == 1 and report["products"]["by_status"]["compliant"] == 1
    assert [r["code"] for r in report["regulations"]["reviewed_in_year"]] == ["EU-TEST"]
    assert [nc["product_code"] for nc in report["nonconformances"]["open"]] == ["BAD"]
    page = client.get(f"/api/v1/reports/annual?year={year}&format=html", headers=auth("viewer"))
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "遵循情况评价报告表" in html and "BAD" in html and "不满足" in html
    assert client.get("/api/v1/reports/annual", headers=auth()).status_code == 422
    assert client.get(f"/api/v1/reports/annual?year={year}&format=xlsx", headers=auth()).status_code == 422


def test_the_workers_daily_job_re_evaluates_and_keeps_an_impact_report(ctx, client, auth):
    product = create(client, auth, "products", product_body(lead=10, test_report_date=date.today().isoformat()))
    [job] = [job for job in ctx.periodic_jobs if job.name == "reevaluation"]
    assert job.interval == 86400
    job.run()
    reports = client.get("/api/v1/impact-reports", headers=auth()).get_json()["items"]
    assert reports[0]["trigger"].startswith("scheduled check") and reports[0]["evaluated"] == 1
    assert reports[0]["changes"] == []  # nothing expired: the product keeps its status
    assert client.get(f"/api/v1/products/{product['id']}", headers=auth()).get_json()["status"] == "compliant"
