"""A complaint through the API: every step, refusals, history, events, bad input, concurrency."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from complaints_api import BODY, STEPS, count, create, events, problem, step

CST = timezone(timedelta(hours=8))


def due(body: dict, deadline: str) -> datetime:
    return datetime.fromisoformat(body[f"{deadline}_due_at"])


def test_receipt_to_closure_keeps_the_trail_and_publishes_each_step(api, auth, ctx, clock):
    created = create(api, auth)
    assert created["number"] == "CP-2026-000001" and created["status"] == "received"
    assert due(created, "containment") == datetime(2026, 3, 4, 9, tzinfo=CST)  # Wednesday
    assert due(created, "corrective_action") == datetime(2026, 3, 16, 9, tzinfo=CST)
    assert created["incident_class"] == "general" and created["owner_department"] == "quality"
    for name, status in [("containment", "contained"), ("analysis", "analysed"), ("action-plan", "action_planned"),
                         ("implementation", "verifying"), ("verification", "closed")]:
        clock.advance(hours=20)
        response = step(api, auth, created["id"], name)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == status
    body = api.get(f"/api/v1/complaints/{created['id']}", headers=auth("viewer")).get_json()
    assert [(h["from"], h["to"], h["by"]) for h in body["history"]] == [
        (None, "received", "tester"), ("received", "contained", "tester"), ("contained", "analysed", "tester"),
        ("analysed", "action_planned", "tester"), ("action_planned", "verifying", "tester"),
        ("verifying", "closed", "tester")]
    assert body["history"][2]["details"]["cause_category"] == "material"
    assert body["closure_reason"] == "verified_effective" and body["allowed_steps"] == []
    assert [e["type"].rsplit(".", 1)[1] for e in events(ctx)] == [
        "received", "contained", "analysed", "action_planned", "implemented", "verified", "closed"]
    contained = events(ctx, "complaints.complaint.contained")[0]["data"]
    assert contained["number"] == "CP-2026-000001" and contained["customer"]["name"] == "Acme Paper"
    assert contained["on_time"] is True and contained["containment_due_at"]


@pytest.mark.parametrize("name", ["analysis", "action-plan", "implementation", "verification", "explanation"])
def test_a_step_out_of_order_is_409_naming_the_allowed_ones(api, auth, ctx, name):
    created = create(api, auth)
    body = problem(step(api, auth, created["id"], name, STEPS.get(name, {"explanation": "x"})), 409)
    assert body["current_status"] == "received" and body["allowed"] == ["containment"]
    assert len(events(ctx)) == 1


def test_not_effective_verification_reopens_and_says_so(api, auth, ctx):
    created = create(api, auth)
    for name in ("containment", "analysis", "action-plan", "implementation"):
        assert step(api, auth, created["id"], name).status_code == 200
    reopened = step(api, auth, created["id"], "verification", {"effective": False, "note": "Cracks again."})
    assert reopened.get_json()["status"] == "contained" and reopened.get_json()["reopen_count"] == 1
    [event] = events(ctx, "complaints.complaint.reopened")
    assert event["data"]["reopen_count"] == 1


def test_customer_responsibility_closes_with_the_explanation(api, auth, ctx):
    created = create(api, auth)
    step(api, auth, created["id"], "containment")
    analysis = {**STEPS["analysis"], "responsibility": "customer"}
    del analysis["responsible_department"]
    assert step(api, auth, created["id"], "analysis", analysis).get_json()["allowed_steps"] == ["explanation"]
    problem(step(api, auth, created["id"], "action-plan"), 409)
    closed = step(api, auth, created["id"], "explanation", {"explanation": "Stored outdoors; photos attached."})
    assert closed.get_json()["status"] == "closed" and closed.get_json()["closure_reason"] == "customer_responsibility"
    assert events(ctx, "complaints.complaint.closed")[0]["data"]["reason"] == "customer_responsibility"


@pytest.mark.parametrize("body,field", [
    ({}, "action"), ({"action": ""}, "action"), ({"action": "x" * 4001}, "action"), ({"action": 5}, "action"),
    ({"action": "ok", "colour": "red"}, "colour"),
])
def test_a_bad_step_body_is_422_naming_the_field_and_writes_nothing(api, auth, ctx, body, field):
    created = create(api, auth)
    assert field in problem(step(api, auth, created["id"], "containment", body), 422)["errors"]
    assert api.get(f"/api/v1/complaints/{created['id']}", headers=auth()).get_json()["status"] == "received"
    assert len(events(ctx)) == 1


@pytest.mark.parametrize("changes,field", [
    ({"returned_quantity": -1}, "returned_quantity"), ({"returned_quantity": "ten"}, "returned_quantity"),
    ({"returned_quantity": 1.5}, "returned_quantity"), ({"loss_amount": "-3"}, "loss_amount"),
    ({"loss_amount": "abc"}, "loss_amount"), ({"category": "colour"}, "category"), ({"channel": "pigeon"}, "channel"),
    ({"description": "x" * 10_001}, "description"), ({"injury": "yes"}, "injury"),
    ({"received_at": "2026-03-01T09:00:00"}, "received_at"),
    ({"product": {"code": "BOX-7", "production_date": "2026-03-05"}}, "product.production_date"),
    ({"received_at": "2026-03-09T09:00:00+08:00"}, "received_at"),  # after now
    ({"channel": "returned_goods", "returned_quantity": 0}, "returned_quantity"),
])
def test_bad_complaints_are_422_and_nothing_is_written(api, auth, ctx, changes, field):
    from complaints.adapters.tables import complaints
    body = problem(api.post("/api/v1/complaints", json={**BODY, **changes}, headers=auth()), 422)
    assert field in body["errors"]
    assert count(ctx, complaints) == 0 and events(ctx) == []


def test_unknown_ids_are_404(api, auth):
    missing = uuid.uuid4()
    problem(step(api, auth, missing, "containment"), 404)
    problem(api.patch(f"/api/v1/complaints/{missing}", json={"injury": True}, headers=auth()), 404)


def test_roles_are_checked_per_endpoint(api, auth):
    created = create(api, auth)
    problem(step(api, auth, created["id"], "containment", roles=("finance",)), 403)
    problem(api.post("/api/v1/complaints", json=BODY, headers=auth("viewer")), 403)


def test_a_stale_if_match_is_412_and_the_current_etag_works(api, auth):
    created = create(api, auth)
    read = api.get(f"/api/v1/complaints/{created['id']}", headers=auth())
    assert read.headers["ETag"] == '"1"'
    step(api, auth, created["id"], "containment")
    problem(step(api, auth, created["id"], "analysis", headers={"If-Match": '"1"'}), 412)
    assert step(api, auth, created["id"], "analysis", headers={"If-Match": '"2"'}).status_code == 200


def test_two_clients_moving_one_complaint_at_once_one_wins(api, auth, ctx):
    created = create(api, auth)
    statuses = []
    barrier = threading.Barrier(4)

    def contain():
        barrier.wait()
        statuses.append(step(api, auth, created["id"], "containment").status_code)

    threads = [threading.Thread(target=contain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == 1 and set(statuses) <= {200, 409}
    body = api.get(f"/api/v1/complaints/{created['id']}", headers=auth()).get_json()
    assert [h["to"] for h in body["history"]] == ["received", "contained"]
    assert len(events(ctx, "complaints.complaint.contained")) == 1
