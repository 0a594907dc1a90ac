"""Internal quality problems over the API: the CAPA cycle, levels, deadlines with escalation, statistics apart."""
from __future__ import annotations

from complaints_api import STEPS, create, events, problem

BODY = {"product": {"code": "CASE-3", "batch": "C11"}, "level": "general", "description": "Burrs on the lid.",
        "quantity_reworked": 12, "found_in": "production"}


def record(api, auth, **overrides) -> dict:
    response = api.post("/api/v1/internal-problems", json={**BODY, **overrides}, headers=auth("quality"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def step(api, auth, problem_id, name, body=None, roles=("quality",)):
    return api.post(f"/api/v1/internal-problems/{problem_id}/{name}", json=STEPS[name] if body is None else body,
                    headers=auth(*roles))


def test_a_general_problem_runs_the_whole_cycle_and_publishes_each_step(api, auth, ctx):
    found = record(api, auth)
    assert (found["status"], found["incident_class"], found["allowed_steps"]) == ("received", "general",
                                                                                 ["containment"])
    # quality owns it (contains, analyses, verifies); purchasing, named responsible, plans and implements
    for name, roles in (("containment", ("quality",)), ("analysis", ("quality",)), ("action-plan", ("purchasing",)),
                        ("implementation", ("purchasing",)), ("verification", ("quality",))):
        response = step(api, auth, found["id"], name, roles=roles)
        assert response.status_code == 200, response.get_json()
    closed = response.get_json()
    assert (closed["status"], closed["closure_reason"], closed["responsible_department"]) == (
        "closed", "verified_effective", "purchasing")
    assert [e["type"].rsplit(".", 1)[1] for e in events(ctx) if ".internal_problem." in e["type"]] == [
        "received", "contained", "analysed", "action_planned", "implemented", "verified", "closed"]


def test_a_minor_problem_closes_with_its_temporary_action(api, auth):
    minor = record(api, auth, level="minor")
    closed = step(api, auth, minor["id"], "containment").get_json()
    assert (closed["status"], closed["closure_reason"], closed["allowed_steps"]) == ("closed", "minor_contained", [])


def test_a_customer_cannot_be_responsible_for_a_plant_problem_and_bad_bodies_are_422(api, auth):
    found = record(api, auth)
    step(api, auth, found["id"], "containment")
    body = {**STEPS["analysis"], "responsibility": "customer"}
    assert "responsibility" in problem(step(api, auth, found["id"], "analysis", body), 422)["errors"]
    assert "level" in problem(api.post("/api/v1/internal-problems", json={**BODY, "level": "severe"},
                                       headers=auth("quality")), 422)["errors"]
    assert "product" in problem(api.post("/api/v1/internal-problems", json={**BODY, "product": None},
                                         headers=auth("quality")), 422)["errors"]
    problem(api.post("/api/v1/internal-problems", json=BODY, headers=auth("sales")), 403)
    problem(step(api, auth, found["id"], "verification"), 409)


def test_missed_deadlines_escalate_to_the_responsible_departments_head_then_the_general_manager(api, auth, ctx):
    found = record(api, auth)
    step(api, auth, found["id"], "containment")
    step(api, auth, found["id"], "analysis")  # purchasing is responsible from now on
    scan = api.post("/api/v1/admin/deadline-scan", json={"as_of": "2026-03-17T09:00:00+08:00"},
                    headers=auth("admin")).get_json()
    assert scan["overdue"] == []
    assert [(o["internal_problem_id"], o["deadline"], o["escalation_level"], o["escalation_department"])
            for o in scan["internal_problems_overdue"]] == [(found["id"], "corrective_action", 1, "purchasing")]
    [overdue] = events(ctx, "complaints.internal_problem.overdue")
    assert (overdue["data"]["escalation"], overdue["data"]["escalation_department"]) == ("department_head",
                                                                                         "purchasing")


def test_figures_change_with_if_match_and_statistics_count_problems_apart(api, auth):
    complaint = create(api, auth)
    before = api.get("/api/v1/complaints/stats?year=2026", headers=auth()).get_json()
    found = record(api, auth)
    record(api, auth, level="important", quantity_scrapped=3)
    changed = api.patch(f"/api/v1/internal-problems/{found['id']}", json={"quantity_scrapped": 70},
                        headers={**auth("quality"), "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.get_json()["incident_class"] == "batch"
    stats = api.get("/api/v1/complaints/stats?year=2026", headers=auth()).get_json()
    assert {k: v for k, v in stats.items() if k != "internal_problems"} == {
        k: v for k, v in before.items() if k != "internal_problems"}  # the complaints' figures stay theirs
    assert stats["total"] == 1 and stats["by_customer"][complaint["customer"]["id"]]["count"] == 1
    internal = stats["internal_problems"]
    assert (internal["total"], internal["by_level"], internal["quantity_scrapped"], internal["quantity_reworked"]) == (
        2, {"minor": 0, "general": 1, "important": 1}, 73, 24)
    # both are of batch CASE-3 C11: 70 + 12 and 3 + 12 pieces scrapped or reworked make it a batch incident
    assert internal["by_incident_class"] == {"general": 0, "batch": 2, "major": 0}
    assert internal["by_month"]["2026-03"] == 2
    csv = api.get("/api/v1/complaints/stats?year=2026&format=csv", headers=auth()).get_data(as_text=True)
    assert "internal_problems,total,,2" in csv
    listed = api.get("/api/v1/internal-problems?level=important", headers=auth()).get_json()
    assert listed["total"] == 1 and listed["items"][0]["level"] == "important"
