"""Satisfaction's objective counts from the service's own records (seeds 001/003, DOMAIN.md §5) over the API,
the SQL count pinned to the domain's, and survey corrective actions with due dates, verification and overdue."""
from __future__ import annotations

from datetime import datetime

from complaints_api import create, events, problem, step
from conftest import CST

from complaints.domain.year_counts import count_year
from complaints.domain.satisfaction import YearCounts

VS, S, DS, VD = "very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied"
ANSWERS = [  # seven customers of ten: the worked example's item averages 18, 14 and 16
    [("quality", VS), ("delivery", VS), ("service", VS)], [("quality", VS), ("delivery", VS), ("service", S)],
    [("quality", VS), ("delivery", VS), ("service", S)], [("quality", VS), ("delivery", VS), ("service", S)],
    [("quality", S), ("delivery", S), ("service", S)], [("quality", S), ("delivery", VD), ("service", DS)],
    [("quality", DS), ("delivery", VD), ("service", DS)]]
OBJECTIVE = {"first_pass_yield": "96.5", "first_pass_yield_target": "98", "on_time_delivery": "97",
             "on_time_delivery_target": "95"}


def _claim(api, auth, complaint, *, rejected: bool) -> None:
    body = {"complaint_id": complaint["id"], "amount": "800.00", "description": "Freight."}
    url = "/api/v1/claims/" + api.post("/api/v1/claims", json=body, headers=auth("sales")).get_json()["id"]
    if rejected:  # not our responsibility, the customer agrees: rejected
        api.post(f"{url}/analysis", json={"proposal": "Misuse.", "proposed_amount": "0", "responsibility": "customer"},
                 headers=auth("quality"))
        api.post(f"{url}/approval", json={}, headers=auth("general_manager"))
        assert api.post(f"{url}/customer-response", json={"accepted": True},
                        headers=auth("sales")).get_json()["status"] == "rejected"


def _the_year(api, auth, clock) -> None:
    """The worked example's year: 12 complaints (3 quality + 2 environmental, a delivery and a price one, 5 others),
    3 with returns, a claim and a rejected claim, one reply late and one still owed past due, 3 praises."""
    categories = ["quality"] * 3 + ["environmental"] * 2 + ["delivery", "price"] + ["other"] * 5
    made = [create(api, auth, category=c, returned_quantity=5 if n < 2 or n == 3 else 0, channel="email")
            for n, c in enumerate(categories)]
    for complaint in made[:5] + made[7:]:
        step(api, auth, complaint["id"], "containment", roles=("quality", "sales"))
    _claim(api, auth, made[0], rejected=False)
    _claim(api, auth, made[1], rejected=True)
    for _ in range(3):
        api.post("/api/v1/praises", json={"customer": {"id": "C-001", "name": "Acme Paper"}}, headers=auth("sales"))
    clock.advance(days=3)  # Thursday: containment was due Wednesday 09:00
    step(api, auth, made[5]["id"], "containment", roles=("sales",))  # late; made[6] is still owed


def test_the_worked_example_from_the_services_own_records_scores_85_55(api, auth, ctx, clock):
    _the_year(api, auth, clock)
    customers = [f"C-{n}" for n in range(10)]
    survey = api.post("/api/v1/surveys", json={"year": 2026, "customer_ids": customers,
                                               "items": ["quality", "delivery", "service"], "objective": OBJECTIVE},
                      headers=auth("sales")).get_json()
    for customer, answers in zip(customers, ANSWERS):
        api.post(f"/api/v1/surveys/{survey['id']}/responses", headers=auth("sales"), json={
            "customer_id": customer, "answers": [{"item": i, "rating": r} for i, r in answers]})
    score = api.get(f"/api/v1/surveys/{survey['id']}/score", headers=auth()).get_json()
    breakdown = score["breakdown"]
    assert breakdown["counts"] == {"quality_complaints": 5, "service_complaints": 2, "returns": 3, "claims": 1}
    assert breakdown["late_responses"] == {"counted": 2, "entered": None, "reason": None, "used": 2}
    assert (score["survey_score"], score["objective_score"], score["total_score"]) == (79.1, 89.85, 85.55)


def test_a_typed_late_response_count_overrides_with_its_reason(api, auth, clock):
    _the_year(api, auth, clock)
    survey = api.post("/api/v1/surveys", headers=auth("sales"), json={
        "year": 2026, "customer_ids": ["C-1"], "objective": {"late_responses": 7,
                                                             "late_responses_reason": "Two phone complaints unlogged."}})
    assert survey.status_code == 201, survey.get_json()
    body = survey.get_json()
    assert body["objective"]["late_responses_reason"] == "Two phone complaints unlogged."
    late = api.get(f"/api/v1/surveys/{body['id']}/score", headers=auth()).get_json()["breakdown"]["late_responses"]
    assert late == {"counted": 2, "entered": 7, "reason": "Two phone complaints unlogged.", "used": 7}


def test_the_years_sql_counts_are_the_domains(api, auth, ctx, clock):
    _the_year(api, auth, clock)
    create(api, auth, received_at="2025-12-31T23:00:00+08:00", category="quality", product={"code": "BOX-7"})
    with ctx.uow_factory() as uow:
        complaints = list(uow.session.execute(_all("complaints")).scalars())
        claims = list(uow.session.execute(_all("claims")).scalars())
        praises = [p.received_at for p in uow.session.execute(_all("praises")).scalars()]
        for year in (2025, 2026, 2027):
            expected = count_year(year, complaints=complaints, claims=claims, praises=praises, as_of=clock.now)
            assert uow.surveys.year_counts(year, as_of=clock.now) == expected, year
    assert expected == YearCounts()  # 2027 has nothing yet


def _all(kind: str):
    from sqlalchemy import select

    from complaints.domain.claim import Claim
    from complaints.domain.complaint import Complaint
    from complaints.domain.praise import Praise
    return select({"complaints": Complaint, "claims": Claim, "praises": Praise}[kind])


def test_a_survey_corrective_action_is_due_in_10_working_days_verified_and_reported_overdue(api, auth, ctx, clock):
    survey = api.post("/api/v1/surveys", json={"year": 2026, "customer_ids": ["C-1", "C-2"]},
                      headers=auth("sales")).get_json()
    api.post(f"/api/v1/surveys/{survey['id']}/responses", headers=auth("sales"), json={
        "customer_id": "C-1", "answers": [{"item": "delivery", "rating": "dissatisfied"}]})
    api.post(f"/api/v1/surveys/{survey['id']}/responses", headers=auth("sales"), json={
        "customer_id": "C-2", "answers": [{"item": "delivery", "rating": "very_dissatisfied"}]})
    late, done = api.get("/api/v1/corrective-actions", headers=auth()).get_json()["items"]
    due = datetime(2026, 3, 16, 9, tzinfo=CST)  # Monday 2 March + 10 working days
    assert datetime.fromisoformat(late["due_at"]) == datetime.fromisoformat(done["due_at"]) == due
    assert datetime.fromisoformat(events(ctx, "complaints.corrective_action.opened")[0]["data"]["due_at"]) == due
    url = f"/api/v1/corrective-actions/{done['id']}"
    problem(api.post(f"{url}/verification", json={"effective": True}, headers=auth("quality")), 409)
    implemented = api.post(f"{url}/implementation", json={"note": "Second truck."}, headers=auth("quality"))
    assert implemented.get_json()["status"] == "verifying"
    reopened = api.post(f"{url}/verification", json={"effective": False, "note": "Still late."},
                        headers=auth("quality")).get_json()
    assert (reopened["status"], reopened["reopen_count"]) == ("open", 1)
    api.post(f"{url}/implementation", json={"note": "Third truck."}, headers=auth("quality"))
    closed = api.post(f"{url}/verification", json={"effective": True}, headers=auth("quality")).get_json()
    assert (closed["status"], closed["outcome"]) == ("closed", "Third truck.")
    scan = api.post("/api/v1/admin/deadline-scan", json={"as_of": "2026-03-16T09:00:01+08:00"},
                    headers=auth("admin")).get_json()
    assert [a["corrective_action_id"] for a in scan["corrective_actions_overdue"]] == [late["id"]]
    again = api.post("/api/v1/admin/deadline-scan", json={"as_of": "2026-03-17T09:00:00+08:00"}, headers=auth("admin"))
    assert again.get_json()["corrective_actions_overdue"] == []  # reported once per due date
    [overdue] = events(ctx, "complaints.corrective_action.overdue")
    assert (overdue["data"]["escalation_level"], overdue["data"]["escalation_department"]) == (1, "quality")
