"""Claims, praise and the satisfaction survey through the API, with their roles, refusals and events."""
from __future__ import annotations

import uuid

from complaints_api import create, events, problem


def test_a_claim_goes_from_submission_to_settlement_with_the_right_roles(api, auth, ctx):
    complaint = create(api, auth)
    body = {"complaint_id": complaint["id"], "amount": "8000.00", "currency": "CNY", "description": "Reprint."}
    claim = api.post("/api/v1/claims", json=body, headers=auth("sales")).get_json()
    assert claim["number"] == "CL-2026-000001" and claim["status"] == "submitted"
    url = f"/api/v1/claims/{claim['id']}"
    proposal = {"proposal": "Pay reprint.", "proposed_amount": "6000.00", "responsibility": "company"}
    assert api.post(f"{url}/analysis", json=proposal, headers=auth("quality")).get_json()["status"] == "analysed"
    problem(api.post(f"{url}/approval", json={}, headers=auth("quality")), 403)
    assert api.post(f"{url}/approval", json={}, headers=auth("general_manager")).get_json()["status"] == "approved"
    declined = api.post(f"{url}/customer-response", json={"accepted": False}, headers=auth("sales")).get_json()
    assert declined["status"] == "analysed" and declined["declined_rounds"] == 1
    api.post(f"{url}/analysis", json={**proposal, "proposed_amount": "7000.00"}, headers=auth("quality"))
    api.post(f"{url}/approval", json={}, headers=auth("general_manager"))
    assert api.post(f"{url}/customer-response", json={"accepted": True}, headers=auth("sales")).get_json()["status"] == "agreed"
    problem(api.post(f"{url}/settlement", json={"amount": "7000.01"}, headers=auth("finance")), 422)
    settled = api.post(f"{url}/settlement", json={"reference": "PAY-1"}, headers=auth("finance")).get_json()
    assert settled["status"] == "settled" and settled["settled_amount"] == "7000.00"
    assert [e["type"].rsplit(".", 1)[1] for e in events(ctx) if e["type"].startswith("complaints.claim")] == [
        "submitted", "analysed", "approved", "declined", "analysed", "approved", "decided", "settled"]
    assert events(ctx, "complaints.claim.analysed")[0]["data"]["complaint_number"] == complaint["number"]


def test_bad_claims_are_refused(api, auth):
    complaint = create(api, auth)
    good = {"complaint_id": complaint["id"], "amount": "10.00", "description": "x"}
    problem(api.post("/api/v1/claims", json={**good, "complaint_id": str(uuid.uuid4())}, headers=auth("sales")), 404)
    for bad, field in [({"amount": "-1"}, "amount"), ({"amount": "0"}, "amount"), ({"currency": "cny"}, "currency"),
                       ({"amount": 1e400}, "amount")]:
        assert field in problem(api.post("/api/v1/claims", json={**good, **bad}, headers=auth("sales")), 422)["errors"]
    claim = api.post("/api/v1/claims", json=good, headers=auth("sales")).get_json()
    body = problem(api.post(f"/api/v1/claims/{claim['id']}/settlement", json={}, headers=auth("finance")), 409)
    assert body["allowed"] == ["analysis"]


def test_praise_is_recorded_and_listed(api, auth, ctx):
    response = api.post("/api/v1/praises", json={"customer": {"id": "C-1", "name": "Acme"}, "note": "Quick fix."},
                        headers=auth("sales"))
    assert response.status_code == 201
    assert api.get("/api/v1/praises?customer=C-1", headers=auth("viewer")).get_json()["total"] == 1
    assert events(ctx, "complaints.praise.received")[0]["data"]["customer"]["name"] == "Acme"
    problem(api.post("/api/v1/praises", json={"customer": {"id": "C-1", "name": "Acme"},
                                              "received_at": "2027-01-01T00:00:00+08:00"}, headers=auth("sales")), 422)


def test_a_survey_from_opening_to_its_score(api, auth, ctx):
    create(api, auth)  # one quality complaint in 2026 (-0.1 on the survey score, -1 objective)
    api.post("/api/v1/praises", json={"customer": {"id": "C-1", "name": "Acme"}}, headers=auth("sales"))
    customers = [f"C-{n}" for n in range(1, 11)]
    survey = api.post("/api/v1/surveys", json={
        "year": 2026, "customer_ids": customers, "items": ["quality", "delivery"],
        "objective": {"first_pass_yield": "97", "first_pass_yield_target": "98", "on_time_delivery": "95",
                      "on_time_delivery_target": "95", "late_responses": 1}}, headers=auth("sales")).get_json()
    problem(api.post("/api/v1/surveys", json={"year": 2026, "customer_ids": ["C-1"]}, headers=auth("sales")), 409)
    url = f"/api/v1/surveys/{survey['id']}"
    for customer in customers[:6]:
        answers = [{"item": "quality", "rating": "very_satisfied"}, {"item": "delivery", "rating": "satisfied"}]
        assert api.post(f"{url}/responses", json={"customer_id": customer, "answers": answers},
                        headers=auth("sales")).status_code == 201
    unhappy = api.post(f"{url}/responses", json={"customer_id": "C-7", "answers": [
        {"item": "quality", "rating": "satisfied"}, {"item": "delivery", "rating": "dissatisfied"}]}, headers=auth("sales"))
    assert unhappy.get_json()["response_rate"] == 70.0
    actions = api.get(f"/api/v1/corrective-actions?source_id={survey['id']}", headers=auth()).get_json()["items"]
    assert len(actions) == 1 and actions[0]["owner_department"] == "quality" and "delivery" in actions[0]["description"]
    problem(api.post(f"{url}/responses", json={"customer_id": "C-7", "answers": [
        {"item": "quality", "rating": "satisfied"}]}, headers=auth("sales")), 409)
    problem(api.post(f"{url}/responses", json={"customer_id": "C-8", "answers": [
        {"item": "quality", "rating": "meh"}]}, headers=auth("sales")), 422)
    score = api.get(f"{url}/score", headers=auth("viewer")).get_json()
    # quality: 6 x 20 + 18 = 138 / 7; delivery: 6 x 18 + 10 = 118 / 7; mean = 256 / 14 = 18.2857 -> 91.43
    # survey 91.43 - 0.1 (complaint) + 0.1 (praise) = 91.43
    # objective: yield 1 point short -0.5, one quality complaint -1, its 10 returned cartons -0.5, one late reply -0.2
    assert score["breakdown"]["base_survey_score"] == 91.43 and score["survey_score"] == 91.43
    deductions = {d["reason"]: d["points"] for d in score["breakdown"]["deductions"]}
    assert deductions["returns and claims"] == 0.5 and deductions["late responses to customer nonconformities"] == 0.2
    # 100 - 0.5 - 1 - 0.5 - 0.2 = 97.8; total 91.43 x 0.4 + 97.8 x 0.6 = 36.572 + 58.68 = 95.252 -> 95.25
    assert score["objective_score"] == 97.8 and score["total_score"] == 95.25
    assert score["response_rate"] == 70.0 and score["breakdown"]["response_rate"]["met"] is True
    problem(api.post(f"{url}/follow-up", headers=auth("sales")), 409)
    closed = api.post(f"{url}/closure", headers=auth("sales")).get_json()
    assert closed["status"] == "closed" and closed["total_score"] == 95.25
    assert events(ctx, "complaints.survey.closed")[0]["data"]["total_score"] == "95.25"
    assert len(events(ctx, "complaints.corrective_action.opened")) == 1
    action_url = f"/api/v1/corrective-actions/{actions[0]['id']}/closure"
    assert api.post(action_url, json={"outcome": "Extra truck."}, headers=auth("quality")).get_json()["status"] == "closed"


def test_a_survey_under_70_percent_needs_a_follow_up_round_before_closing(api, auth):
    survey = api.post("/api/v1/surveys", json={"year": 2025, "customer_ids": ["A", "B", "C"]},
                      headers=auth("sales")).get_json()
    url = f"/api/v1/surveys/{survey['id']}"
    api.post(f"{url}/responses", json={"customer_id": "A", "answers": [
        {"item": "delivery", "rating": "satisfied"}]}, headers=auth("sales"))
    body = problem(api.post(f"{url}/closure", headers=auth("sales")), 409)
    assert "follow-up" in body["allowed"]
    assert api.post(f"{url}/follow-up", headers=auth("sales")).get_json()["round"] == 2
    assert api.post(f"{url}/closure", headers=auth("sales")).get_json()["status"] == "closed"
