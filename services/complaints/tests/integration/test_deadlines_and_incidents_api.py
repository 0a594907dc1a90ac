"""Overdue scan over HTTP (once per missed due date, escalating), extensions, incident class across complaints."""
from __future__ import annotations

from complaints_api import create, events, problem, step


def scan(api, auth, as_of: str, roles=("admin",)):
    return api.post("/api/v1/admin/deadline-scan", json={"as_of": as_of}, headers=auth(*roles))


def test_the_scan_reports_each_missed_due_date_once_and_escalates(api, auth, ctx):
    created = create(api, auth)  # Monday 2 March 09:00 Beijing: containment due Wednesday 09:00
    assert scan(api, auth, "2026-03-04T09:00:00+08:00").get_json()["overdue"] == []
    first = scan(api, auth, "2026-03-04T09:00:01+08:00").get_json()["overdue"]
    assert [(o["complaint_id"], o["deadline"], o["escalation"]) for o in first] == [
        (created["id"], "containment", "department_head")]
    assert scan(api, auth, "2026-03-05T09:00:00+08:00").get_json()["overdue"] == []
    second = scan(api, auth, "2026-03-17T09:00:00+08:00").get_json()["overdue"]
    assert [(o["deadline"], o["escalation"]) for o in second] == [("corrective_action", "general_manager")]
    published = events(ctx, "complaints.complaint.overdue")
    assert [(e["data"]["deadline"], e["data"]["escalation_level"]) for e in published] == [
        ("containment", 1), ("corrective_action", 2)]
    assert published[0]["data"]["number"] == created["number"] and published[0]["data"]["owner_department"] == "quality"
    body = api.get(f"/api/v1/complaints/{created['id']}", headers=auth()).get_json()
    assert [o["deadline"] for o in body["overdue"]] == ["containment", "corrective_action"]


def test_only_admin_or_system_may_scan_and_bad_times_are_422(api, auth):
    problem(scan(api, auth, "2026-03-04T09:00:00+08:00", roles=("quality",)), 403)
    assert "as_of" in problem(scan(api, auth, "yesterday"), 422)["errors"]
    assert "as_of" in problem(scan(api, auth, "2026-03-04T09:00:00"), 422)["errors"]


def test_a_reply_in_time_is_not_overdue_and_the_list_filter_agrees(api, auth, clock):
    late = create(api, auth)
    on_time = create(api, auth)
    step(api, auth, on_time["id"], "containment")
    clock.advance(days=3)  # Thursday: late's containment reply is overdue
    listed = api.get("/api/v1/complaints?overdue=true", headers=auth()).get_json()
    assert [c["id"] for c in listed["items"]] == [late["id"]]
    not_overdue = api.get("/api/v1/complaints?overdue=false", headers=auth()).get_json()
    assert [c["id"] for c in not_overdue["items"]] == [on_time["id"]]


def test_an_extension_needs_consent_and_a_later_date(api, auth, ctx):
    created = create(api, auth)
    body = {"deadline": "corrective_action", "new_due_at": "2026-03-20T09:00:00+08:00", "customer_consent": False}
    assert "customer_consent" in problem(step(api, auth, created["id"], "extension", body), 422)["errors"]
    earlier = {**body, "customer_consent": True, "new_due_at": "2026-03-10T09:00:00+08:00"}
    assert "new_due_at" in problem(step(api, auth, created["id"], "extension", earlier), 422)["errors"]
    extended = step(api, auth, created["id"], "extension", {**body, "customer_consent": True}).get_json()
    assert extended["corrective_action_due_at"].startswith("2026-03-20")
    assert extended["extensions"][0]["previous_due_at"] and extended["history"][-1]["action"] == "extension"
    assert scan(api, auth, "2026-03-18T09:00:00+08:00").get_json()["overdue"][0]["deadline"] == "containment"
    assert len(events(ctx, "complaints.complaint.deadline_extended")) == 1


def test_a_major_incident_raises_its_own_event(api, auth, ctx):
    created = create(api, auth, loss_amount="20000.00")
    assert created["incident_class"] == "major"
    [raised] = events(ctx, "complaints.major_incident.raised")
    assert raised["data"]["reasons"] == ["loss 20000.00 CNY >= 20000 CNY"]
    assert events(ctx, "complaints.incident.classified")[0]["data"]["incident_class"] == "major"


def test_the_batch_rule_counts_returns_across_complaints_and_lifts_the_earlier_ones(api, auth, ctx):
    model = {"code": "BOX-7", "production_date": "2026-02-20"}  # no batch number: the model and its production date
    first = create(api, auth, returned_quantity=30, product=model)
    assert first["incident_class"] == "general"
    other_date = create(api, auth, returned_quantity=30, product={**model, "production_date": "2026-02-21"})
    second = create(api, auth, returned_quantity=20, product=model)  # 30 + 20 = 50 of BOX-7 made on 20 February
    assert second["incident_class"] == "batch"
    assert api.get(f"/api/v1/complaints/{first['id']}", headers=auth()).get_json()["incident_class"] == "batch"
    assert api.get(f"/api/v1/complaints/{other_date['id']}", headers=auth()).get_json()["incident_class"] == "general"
    classified = events(ctx, "complaints.incident.classified")
    assert sorted(e["subject"] for e in classified) == sorted([first["id"], second["id"]])


def test_changed_figures_recompute_the_class_with_if_match(api, auth, ctx):
    created = create(api, auth)
    problem(api.patch(f"/api/v1/complaints/{created['id']}", json={"returned_quantity": 500},
                      headers={**auth(), "If-Match": '"7"'}), 412)
    problem(api.patch(f"/api/v1/complaints/{created['id']}", json={"returned_quantity": -5}, headers=auth()), 422)
    changed = api.patch(f"/api/v1/complaints/{created['id']}", json={"returned_quantity": 500},
                        headers={**auth(), "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.get_json()["incident_class"] == "major"
    assert changed.headers["ETag"] == f'"{changed.get_json()["version"]}"'
    assert events(ctx, "complaints.complaint.figures_changed")[0]["data"]["changes"] == {"returned_quantity": [10, 500]}


def test_the_workers_periodic_scan_reports_what_is_overdue_now(api, auth, ctx):
    created = create(api, auth)  # received in March 2026; the job runs on the real clock, long after
    [job] = [job for job in ctx.periodic_jobs if job.name == "deadline-scan"]
    job.run()
    job.run()  # a second pass finds nothing new
    published = events(ctx, "complaints.complaint.overdue")
    assert [(e["subject"], e["data"]["deadline"]) for e in published] == [
        (created["id"], "containment"), (created["id"], "corrective_action")]
