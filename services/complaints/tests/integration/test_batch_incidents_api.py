"""Batch-scale incidents over the API on PostgreSQL (004 §3, DOMAIN.md §5): the shipped batch is the unit,
reports count as well as returns, claims reach the loss, internal scrap counts toward the batch."""
from __future__ import annotations

from complaints_api import create, events

PROBLEM = {"product": {"code": "BOX-7", "batch": "B2602", "production_date": "2026-02-20"}, "level": "general",
           "description": "Glue line skipped on the night shift.", "quantity_scrapped": 60}


def read(api, auth, kind: str, record_id: str) -> dict:
    return api.get(f"/api/v1/{kind}/{record_id}", headers=auth()).get_json()


def test_two_complaints_of_300_returns_from_one_batch_are_both_major(api, auth, ctx):
    first = create(api, auth, returned_quantity=300)
    assert first["incident_class"] == "batch"  # 300 >= 50 pieces of the batch, < 500 returned
    second = create(api, auth, returned_quantity=300)
    assert second["incident_class"] == "major"
    earlier = read(api, auth, "complaints", first["id"])
    assert earlier["incident_class"] == "major"
    assert earlier["incident_reasons"] == [
        f"returned quantity of BOX-7 batch B2602 600 >= 500 over {first['number']}, {second['number']}"]
    raised = events(ctx, "complaints.major_incident.raised")
    assert sorted(e["subject"] for e in raised) == sorted([first["id"], second["id"]])


def test_30_and_30_reported_not_returned_from_one_model_and_production_date_make_a_batch_incident(api, auth, ctx):
    model = {"code": "BOX-7", "production_date": "2026-02-20"}
    first = create(api, auth, product=model, quantity_affected=30, returned_quantity=0)
    assert first["incident_class"] == "general"
    second = create(api, auth, product=model, quantity_affected=30, returned_quantity=0)
    assert second["incident_class"] == "batch"
    assert read(api, auth, "complaints", first["id"])["incident_class"] == "batch"
    assert second["incident_reasons"] == [f"reported or returned quantity of BOX-7 made 2026-02-20 60 >= 50 over "
                                          f"{first['number']}, {second['number']}"]
    assert sorted(e["subject"] for e in events(ctx, "complaints.incident.classified")) == sorted(
        [first["id"], second["id"]])


def test_a_claim_of_25000_cny_approved_makes_its_complaint_major(api, auth, ctx):
    complaint = create(api, auth, loss_amount=None)
    body = {"complaint_id": complaint["id"], "amount": "25000.00", "currency": "CNY", "description": "Line stop."}
    claim = api.post("/api/v1/claims", json=body, headers=auth("sales")).get_json()
    url = f"/api/v1/claims/{claim['id']}"
    api.post(f"{url}/analysis", json={"proposal": "Pay the line stop.", "proposed_amount": "25000.00",
                                      "responsibility": "company"}, headers=auth("quality"))
    assert read(api, auth, "complaints", complaint["id"])["incident_class"] == "general"  # not approved yet
    assert api.post(f"{url}/approval", json={}, headers=auth("general_manager")).status_code == 200
    after = read(api, auth, "complaints", complaint["id"])
    assert (after["incident_class"], after["claims_loss"], after["claims_counted"]) == (
        "major", "25000.00", [claim["number"]])
    [raised] = events(ctx, "complaints.major_incident.raised")
    assert raised["data"]["reasons"] == [f"loss 25000.00 CNY >= 20000 CNY (with claims {claim['number']})"]
    assert raised["data"]["claims_loss"] == "25000.00"
    # the customer declines: the proposal is no longer approved, the loss falls back and so does the class
    api.post(f"{url}/customer-response", json={"accepted": False}, headers=auth("sales"))
    assert read(api, auth, "complaints", complaint["id"])["incident_class"] == "general"


def test_a_settled_claim_counts_what_was_paid(api, auth):
    complaint = create(api, auth, loss_amount="5000.00")
    body = {"complaint_id": complaint["id"], "amount": "30000.00", "description": "Line stop."}
    url = "/api/v1/claims/" + api.post("/api/v1/claims", json=body, headers=auth("sales")).get_json()["id"]
    api.post(f"{url}/analysis", json={"proposal": "Pay.", "proposed_amount": "30000.00", "responsibility": "company"},
             headers=auth("quality"))
    api.post(f"{url}/approval", json={}, headers=auth("general_manager"))
    api.post(f"{url}/customer-response", json={"accepted": True}, headers=auth("sales"))
    assert read(api, auth, "complaints", complaint["id"])["claims_loss"] == "30000.00"
    api.post(f"{url}/settlement", json={"amount": "14000.00"}, headers=auth("finance"))
    settled = read(api, auth, "complaints", complaint["id"])
    assert (settled["claims_loss"], settled["incident_class"]) == ("14000.00", "general")  # 5000 + 14000 < 20000


def test_an_internal_scrap_of_60_pieces_is_a_batch_incident_and_lifts_the_batchs_complaints(api, auth, ctx):
    complaint = create(api, auth, quantity_affected=5, returned_quantity=5)
    assert complaint["incident_class"] == "general"
    created = api.post("/api/v1/internal-problems", json=PROBLEM, headers=auth("production"))
    assert created.status_code == 201, created.get_json()
    problem = created.get_json()
    assert (problem["number"], problem["incident_class"], problem["owner_department"]) == (
        "IP-2026-000001", "batch", "quality")
    assert problem["incident_reasons"] == [
        f"reported or returned quantity of BOX-7 batch B2602 65 >= 50 over {complaint['number']}, IP-2026-000001"]
    assert read(api, auth, "complaints", complaint["id"])["incident_class"] == "batch"
    [classified] = events(ctx, "complaints.internal_problem.classified")
    assert classified["data"]["incident_class"] == "batch" and classified["data"]["quantity_scrapped"] == 60
    assert [e["subject"] for e in events(ctx, "complaints.incident.classified")] == [complaint["id"]]
