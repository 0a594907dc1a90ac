"""Overdue review scan, the samples and customer-property registers, the register's search, the catalogue."""
from __future__ import annotations

from datetime import datetime, timedelta

from openapi_spec_validator import validate

from qms_shared.catalogue import Catalogue

from reviews_api import LINE, outbox, outbox_types, problem, review, submit


def scan(client, auth, as_of: str, role="admin"):
    return client.post("/api/v1/admin/deadline-scan", json={"as_of": as_of}, headers=auth(role))


def _asked_days_ago(ctx, days: int) -> None:
    """Move every review's dates `days` back, as if asked then: a scan's `as_of` may not lie in the future."""
    from reviews.adapters.orm import contract_reviews
    with ctx.db.engine.begin() as conn:
        back = timedelta(days=days)
        conn.execute(contract_reviews.update().values(requested_at=contract_reviews.c.requested_at - back,
                                                      due_at=contract_reviews.c.due_at - back))


def test_overdue_scan_reports_each_late_review_once(client, auth, ctx):
    contract = submit(client, auth)
    _asked_days_ago(ctx, 10)
    contract = client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json()
    due = datetime.fromisoformat(contract["reviews"]["sales"]["due_at"])
    review(client, auth, contract["id"], "sales")
    assert scan(client, auth, due.isoformat()).get_json() == {"overdue": []}
    found = scan(client, auth, (due + timedelta(seconds=1)).isoformat()).get_json()["overdue"]
    assert sorted(o["department"] for o in found) == ["engineering", "finance", "production", "purchasing", "quality"]
    assert {o["number"] for o in found} == {contract["number"]}
    assert scan(client, auth, (due + timedelta(days=5)).isoformat()).get_json() == {"overdue": []}
    events = [e for e in outbox(ctx) if e["type"] == "reviews.review.overdue"]
    assert len(events) == 5 and events[0]["data"]["due_at"] == contract["reviews"]["production"]["due_at"]
    body = client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json()
    assert body["reviews"]["production"]["overdue"] is True and body["reviews"]["sales"]["overdue"] is False


def test_deadline_scan_is_for_admin_and_system_and_needs_an_offset(client, auth):
    problem(scan(client, auth, "2026-12-01T00:00:00+00:00", role="sales"), 403)
    problem(scan(client, auth, "2026-12-01T00:00:00"), 422)
    assert scan(client, auth, "2026-12-01T00:00:00+00:00", role="system").status_code == 200


def test_register_search_filters(client, auth):
    first = submit(client, auth)
    submit(client, auth, customer={"id": "C-2", "name": "Beta Trading"}, region="North",
           lines=[{**LINE, "product_code": "P-777"}])
    listing = lambda query: client.get(f"/api/v1/contracts?{query}", headers=auth("viewer")).get_json()  # noqa: E731
    assert listing("")["total"] == 2
    assert [c["number"] for c in listing("customer_id=C-1")["items"]] == [first["number"]]
    assert listing("q=beta")["items"][0]["customer"]["name"] == "Beta Trading"
    assert listing(f"q={first['number']}")["total"] == 1
    assert listing("q=%25")["total"] == 0  # a literal percent sign, not a wildcard
    assert listing("product_code=P-777")["total"] == 1
    assert listing("region=North&status=under_review&type=special&compliance=unknown")["total"] == 1
    assert listing("status=accepted")["total"] == 0
    today = datetime.now().date()
    assert listing(f"submitted_from={today - timedelta(days=1)}&submitted_to={today + timedelta(days=1)}")["total"] == 2
    page = listing("per_page=1&page=2")
    assert (page["total"], page["page"], len(page["items"])) == (2, 2, 1)
    problem(client.get("/api/v1/contracts?status=lost", headers=auth("viewer")), 422)
    problem(client.get("/api/v1/contracts?per_page=500", headers=auth("viewer")), 422)
    problem(client.get("/api/v1/contracts?submitted_from=yesterday", headers=auth("viewer")), 422)


SAMPLE = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "sample_name": "Carton 5-ply", "specification": "A4",
          "quantity": 3, "sent_on": "2026-11-02", "salesperson": "Zhang San"}


def test_samples_register(client, auth, ctx):
    created = client.post("/api/v1/samples", json=SAMPLE, headers=auth("sales"))
    assert created.status_code == 201
    sample = created.get_json()
    problem(client.post("/api/v1/samples", json={**SAMPLE, "quantity": 0}, headers=auth("sales")), 422)
    problem(client.post("/api/v1/samples", json={**SAMPLE, "quantity": "3"}, headers=auth("sales")), 422)
    problem(client.post("/api/v1/samples", json=SAMPLE, headers=auth("quality")), 403)
    url = f"/api/v1/samples/{sample['id']}/result"
    problem(client.post(url, json={"result": "approved", "on": "2026-11-01"}, headers=auth("sales")), 422)
    done = client.post(url, json={"result": "approved", "on": "2026-11-09"}, headers=auth("sales")).get_json()
    assert (done["result"], done["result_on"]) == ("approved", "2026-11-09")
    problem(client.post(url, json={"result": "rejected", "on": "2026-11-10"}, headers=auth("sales")), 409)
    listing = client.get("/api/v1/samples?customer_id=C-1", headers=auth("viewer")).get_json()
    assert listing["total"] == 1
    assert outbox_types(ctx) == ["reviews.sample.sent", "reviews.sample.result_recorded"]


def test_customer_property_register(client, auth, ctx):
    body = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "name": "Die-cut tool #7", "quantity": 1,
            "received_on": "2026-11-02", "received_by": "Wang Wu", "handed_to_department": "production"}
    item = client.post("/api/v1/customer-property", json=body, headers=auth("production")).get_json()
    url = f"/api/v1/customer-property/{item['id']}/issue"
    problem(client.post(url, json={"issue": "stolen", "note": "x"}, headers=auth("production")), 422)
    reported = client.post(url, json={"issue": "damaged", "note": "edge chipped"}, headers=auth("production"))
    assert reported.get_json()["issue"] == "damaged"
    issue = outbox(ctx)[-1]
    assert issue["type"] == "reviews.customer_property.issue_reported" and issue["data"]["note"] == "edge chipped"
    assert client.get("/api/v1/customer-property", headers=auth("viewer")).get_json()["total"] == 1


def test_every_published_event_matches_the_catalogue(client, auth, ctx):
    # validate_events is on in these tests, so publishing already checks itself; check again explicitly.
    contract = submit(client, auth, source="oral")
    review(client, auth, contract["id"], "sales")
    client.post(f"/api/v1/contracts/{contract['id']}/confirmation", json={"confirmed_by": "Ms Li"},
                headers=auth("sales"))
    catalogue = Catalogue.of_package("reviews")
    published = outbox(ctx)
    for envelope in published:
        catalogue.validate(envelope)
    assert {"reviews.contract.submitted", "reviews.review.recorded", "reviews.contract.confirmed"} <= \
        {e["type"] for e in published}


def test_openapi_document_is_valid_and_lists_the_contract_paths(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    for path in ("/api/v1/contracts", "/api/v1/contracts/{contract_id}/reviews/{department}",
                 "/api/v1/contracts/{contract_id}/decision", "/api/v1/contracts/{contract_id}/amendments",
                 "/api/v1/samples", "/api/v1/customer-property", "/api/v1/admin/deadline-scan"):
        assert path in spec["paths"], path


def test_the_worker_job_scans_as_of_now(client, auth, ctx):
    contract = submit(client, auth)
    (job,) = ctx.periodic_jobs
    assert job.name == "deadline-scan"
    assert job.run() == []  # nothing is due yet: the reviews were just asked
    with ctx.db.engine.begin() as conn:
        from reviews.adapters.orm import contract_reviews
        conn.execute(contract_reviews.update().where(contract_reviews.c.due_at.is_not(None))
                     .values(due_at=datetime.now().astimezone() - timedelta(minutes=1)))
    assert len(job.run()) == 6  # every department but the deferred general manager
    assert len([e for e in outbox(ctx) if e["type"] == "reviews.review.overdue"]) == 6
    assert contract["number"]


def test_readyz_reports_the_years_whose_working_days_are_computed(client, monkeypatch):
    from datetime import datetime, timezone
    from qms_shared.web import health
    monkeypatch.setattr(health, "utcnow", lambda: datetime(2026, 12, 7, tzinfo=timezone.utc))
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready" and 2027 in body["calendar"]["provisional_years"]
