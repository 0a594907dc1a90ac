"""重大质量问题应急预案 §三.2 over the API and through the broker: a complaint whose figures show 5 pieces failing at
the customer's assembly opens its emergency by itself, exactly once; and the deadline scan reports seed 004's due
days missed (a rectification notice's, a supplier action's) to the unit's head, then the general manager."""
from __future__ import annotations

from complaints_api import count, create, problem
from supplier_quality_api import (
    CONFIRMATION, LOT, call, rectifying_emergency, register_supplier, through_broker, types,
)

from complaints.adapters import emergency_tables as et
from complaints.adapters import tables as t

OPENED = "complaints.emergency.opened"


def emergencies_of(api, auth, complaint) -> list[dict]:
    return call(api, auth, "get", f"/emergencies?source_id={complaint['id']}")["items"]


def patch(api, auth, complaint, **figures) -> dict:
    response = api.patch(f"/api/v1/complaints/{complaint['id']}", json=figures, headers=auth("quality"))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_five_pieces_failing_at_assembly_open_the_complaints_emergency_once(api, auth, ctx):
    four = create(api, auth, assembly_failures=4)
    assert four["assembly_failures"] == 4 and emergencies_of(api, auth, four) == []

    five = create(api, auth, assembly_failures=5)
    (emergency,) = emergencies_of(api, auth, five)
    assert (emergency["source"], emergency["conditions"], emergency["assembly_failures"]) == (
        {"kind": "complaint", "id": five["id"], "number": five["number"]}, ["assembly_batch_failure"], 5)
    assert (emergency["customer"], emergency["responsible_department"], emergency["status"]) == (
        {"id": "C-001", "name": "Acme Paper"}, "quality", "reported")
    assert emergency["history"][0]["details"]["trigger"] == {
        "reason": "assembly_failures", "rule": "重大质量问题应急预案 §三.2", "assembly_failures": 5, "threshold": 5}

    assert patch(api, auth, five, assembly_failures=7)["assembly_failures"] == 7
    assert [e["id"] for e in emergencies_of(api, auth, five)] == [emergency["id"]]  # still the one
    call(api, auth, "post", "/emergencies", {"source": "complaint", "source_id": five["id"]}, status=409)

    patch(api, auth, four, quantity_affected=30)  # another figure: nothing opens
    assert emergencies_of(api, auth, four) == []
    patch(api, auth, four, assembly_failures=5)
    (later,) = emergencies_of(api, auth, four)
    assert later["source"]["number"] == four["number"] and count(ctx, et.emergencies) == 2

    opened = [m for m in through_broker(ctx) if m["type"] == OPENED]  # each checked against the catalogue
    assert [(m["data"]["source_number"], m["data"]["trigger"]["assembly_failures"]) for m in opened] == [
        (five["number"], 5), (four["number"], 5)]
    assert {m["data"]["conditions"][0] for m in opened} == {"assembly_batch_failure"}


def test_a_bad_assembly_figure_is_a_422_naming_it_and_writes_nothing(api, auth, ctx):
    complaint = create(api, auth)
    before = count(ctx, t.complaints), count(ctx, et.emergencies)
    for bad in (-1, "5", 2.5, True, 10**12):
        refused = problem(api.post("/api/v1/complaints", json={
            "customer": {"id": "C-1", "name": "Acme"}, "category": "quality", "description": "d",
            "assembly_failures": bad}, headers=auth("quality")), 422)
        assert list(refused["errors"]) == ["assembly_failures"], bad
        refused = problem(api.patch(f"/api/v1/complaints/{complaint['id']}", json={"assembly_failures": bad},
                                    headers=auth("quality")), 422)
        assert list(refused["errors"]) == ["assembly_failures"], bad
    assert (count(ctx, t.complaints), count(ctx, et.emergencies)) == before


def scan(api, auth, as_of: str) -> dict:
    return call(api, auth, "post", "/admin/deadline-scan", {"as_of": as_of}, roles=("system",))


def test_a_rectification_notice_missed_reaches_its_units_head_then_the_general_manager(api, auth, ctx):
    emergency, path = rectifying_emergency(api, auth, due_date="2026-03-06", department="production")
    assert scan(api, auth, "2026-03-06T23:59:00+08:00")["emergencies_overdue"] == []  # the due day itself
    first = scan(api, auth, "2026-03-07T08:00:00+08:00")["emergencies_overdue"]
    assert first == [{"emergency_id": emergency["id"], "number": emergency["number"], "due_on": "2026-03-06",
                      "escalation_level": 1, "escalation_department": "production"}]
    assert scan(api, auth, "2026-03-09T08:00:00+08:00")["emergencies_overdue"] == []  # 1 working day late
    second = scan(api, auth, "2026-03-10T08:00:00+08:00")["emergencies_overdue"]  # 2 (QMS_QUALITY_GENERAL_...)
    assert [o["escalation_level"] for o in second] == [2]
    assert scan(api, auth, "2026-03-20T08:00:00+08:00")["emergencies_overdue"] == []
    read = call(api, auth, "get", path)
    assert read["rectification"]["escalation_level"] == 2 and read["history"][-1]["action"] == "rectification_overdue"

    late = [m for m in through_broker(ctx) if m["type"] == "complaints.emergency.rectification_overdue"]
    assert [(m["data"]["escalation"], m["data"]["escalation_department"], m["data"]["due_on"]) for m in late] == [
        ("department_head", "production", "2026-03-06"), ("general_manager", "production", "2026-03-06")]


def test_a_supplier_action_past_its_day_and_unverified_reaches_quality_then_the_general_manager(api, auth, ctx):
    register_supplier(api, auth)
    lot = call(api, auth, "post", "/incoming-nonconformances", LOT, status=201)
    call(api, auth, "post", f"/incoming-nonconformances/{lot['id']}/confirmation", CONFIRMATION)
    request = call(api, auth, "post", f"/incoming-nonconformances/{lot['id']}/correction-request", status=201)
    call(api, auth, "post", f"/correction-requests/{request['id']}/reply", {
        "cause": "Worn tap.", "action": "New tap, 100 % gauge.", "action_due_date": "2026-03-04"},
        roles=("purchasing",))
    assert scan(api, auth, "2026-03-04T20:00:00+08:00")["supplier_actions_overdue"] == []
    first = scan(api, auth, "2026-03-05T08:00:00+08:00")
    assert first["supplier_actions_overdue"] == [{
        "correction_request_id": request["id"], "number": request["number"], "due_on": "2026-03-04",
        "escalation_level": 1, "escalation_department": "quality"}]
    assert first["correction_requests_overdue"] == []  # the reply itself came in time
    assert [o["escalation_level"] for o in scan(api, auth, "2026-03-06T08:00:00+08:00")[
        "supplier_actions_overdue"]] == [2]
    call(api, auth, "post", f"/correction-requests/{request['id']}/verification", {"effective": True})
    assert scan(api, auth, "2026-03-20T08:00:00+08:00")["supplier_actions_overdue"] == []

    late = [m for m in through_broker(ctx) if m["type"] == "complaints.correction_request.action_overdue"]
    assert types(late) == ["complaints.correction_request.action_overdue"] * 2
    assert [(m["data"]["escalation"], m["data"]["due_on"], m["data"]["supplier"]["code"]) for m in late] == [
        ("department_head", "2026-03-04", "SUP-018"), ("general_manager", "2026-03-04", "SUP-018")]
